"""Carrying a directive over, in a browser at phone and desktop widths: the organizer carries the 2023 directive that
is still in progress into this year's conclusion with a new deadline; the original is closed as carried over, links to
its continuation, leaves the overdue list, and the dashboard counts the task once."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from conferences.models import Conference
from questions.models import Directive
from tests.e2e.helpers import check_page, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_carry_over_closes_the_original(live_server, open_page, settings, width):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    base = live_server.url
    current = Conference.objects.get(status=Conference.Status.OPEN)
    original = Directive.objects.get(
        conclusion__conference__status=Conference.Status.CONCLUDED, status=Directive.Status.IN_PROGRESS, progress=70
    )
    assert original.is_overdue
    page = open_page(width)
    log_in(page, base, "organizer")
    overdue_before = Directive.objects.overdue().count()

    page.goto(f"{base}/conferences/{current.slug}/carry-over/")
    page.locator(f"#carry-{original.pk}").check()
    page.locator("main form button[type=submit]").click()  # no deadline: refused, nothing carried
    assert "thời hạn mới" in page.locator("main").inner_text()
    original.refresh_from_db()
    assert original.status == Directive.Status.IN_PROGRESS
    deadline = timezone.localdate() + dt.timedelta(days=90)
    page.locator(f"#carry-{original.pk}").check()
    page.fill("#id_deadline", deadline.isoformat())
    check_page(page, f"carry-over-{width}-form")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/conferences/{current.slug}/conclusion/edit/")

    original.refresh_from_db()
    copy = Directive.objects.get(carried_from=original)
    assert original.status == Directive.Status.CARRIED_OVER and copy.deadline == deadline
    assert Directive.objects.overdue().count() == overdue_before - 1

    page.goto(f"{base}/directives/{original.pk}/")
    text = page.locator("main").inner_text()
    assert "Đã chuyển tiếp" in text and page.locator(f"main a[href='/directives/{copy.pk}/']").count() >= 1
    assert page.locator("#update").count() == 0
    check_page(page, f"carry-over-{width}-original")
    page.goto(f"{base}/directives/{copy.pk}/")
    assert page.locator(f"main a[href='/directives/{original.pk}/']").count() == 1
    page.goto(f"{base}/directives/?overdue=1")
    assert page.locator(f"main a[href='/directives/{original.pk}/']").count() == 0
    page.goto(f"{base}/dashboard/")
    totals = sum(
        int(page.locator(f".directive-total-{key}").inner_text())
        for key in ("done", "reported_done", "in_progress", "overdue")
    )
    counted = Directive.objects.exclude(status__in=["cancelled", "carried_over"]).count()
    assert totals == counted  # the original and its copy: one task
