"""A live poll in four browsers: the organizer opens it from the console, two members vote from their phones, and
the projector's chart follows within one poll of its feed."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from conferences.models import Conference
from polls.models import Poll, PollVote
from tests.e2e.helpers import SCREENSHOTS, check_page, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

POLL = 4_000  # ms, the projector's polling interval
WITHIN_ONE_POLL = POLL + 2_500
VOTES_SHOWN = """n => [...document.querySelectorAll('.live-poll .poll-count')]
  .reduce((sum, el) => sum + Number(el.dataset.count), 0) === n"""


def test_projector_chart_follows_the_votes_from_phones(live_server, page, open_page):
    call_command("load_demo", force=True, verbosity=0)
    conference = Conference.objects.get(status=Conference.Status.OPEN)
    poll = Poll.objects.filter(conference=conference, kind=Poll.Kind.SINGLE).first()
    base = f"{live_server.url}/conferences/{conference.slug}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    projector = open_page("projector")
    projector.goto(f"{base}/live/")
    projector.wait_for_selector("#live-feed .live-queue-item")
    assert projector.locator(".live-poll").count() == 0

    # The organizer opens the prepared poll from the live console.
    log_in(page, live_server.url, "organizer")
    page.goto(f"{base}/live/console/")
    page.locator(f"#console-poll-{poll.pk} button", has_text="Mở biểu quyết").click()
    page.wait_for_selector(f"#console-poll-{poll.pk} button:has-text('Đóng biểu quyết')")
    projector.wait_for_selector(".live-poll", timeout=WITHIN_ONE_POLL)
    assert poll.question in projector.locator(".live-poll-question").inner_text()
    assert projector.locator(".live-poll .poll-row").count() == poll.options.count()

    # Two members vote from their phones, for different options.
    users = get_user_model().objects.filter(username__in=["member", "member2"]).order_by("username")
    phones = []
    for n, user in enumerate(users):
        phone = open_page("phone", user=user)
        phone.goto(f"{base}/polls/")
        phone.locator(".poll-ballot .form-check-input").nth(n).check()
        phone.locator(".poll-ballot button[type=submit]").click()
        phone.wait_for_selector(".alert-success")
        phones.append(phone)
        projector.wait_for_function(VOTES_SHOWN, arg=n + 1, timeout=WITHIN_ONE_POLL)
    check_page(phones[0], "poll-phone-voted")
    check_page(projector, "poll-projector-two-votes", fit_height=True)
    assert PollVote.objects.filter(poll=poll).count() == 2
    fills = projector.locator(".live-poll .poll-bar-fill")
    assert [fills.nth(i).get_attribute("width") for i in range(2)] == ["50", "50"]

    # The first member changes her mind: still two votes, the bars follow.
    phones[0].locator(".poll-ballot .form-check-input").nth(1).check()
    phones[0].locator(".poll-ballot button[type=submit]").click()
    phones[0].wait_for_selector(".alert-success")
    projector.wait_for_function(
        "() => document.querySelectorAll('.live-poll .poll-bar-fill')[1].getAttribute('width') === '100'",
        timeout=WITHIN_ONE_POLL,
    )
    projector.wait_for_function(VOTES_SHOWN, arg=2, timeout=WITHIN_ONE_POLL)

    # Closed from the console: gone from the projector, refused on the phone, kept on the polls page.
    page.locator(f"#console-poll-{poll.pk} button", has_text="Đóng biểu quyết").click()
    page.wait_for_selector(f"#console-poll-{poll.pk} .badge:has-text('Đã đóng')")
    projector.wait_for_selector(".live-poll", state="detached", timeout=WITHIN_ONE_POLL)
    phones[1].locator(".poll-ballot button[type=submit]").click()
    phones[1].wait_for_load_state()
    assert "đã đóng" in phones[1].locator(".alert").first.inner_text()
    assert phones[1].locator(f"#poll-{poll.pk} .poll-count").first.inner_text() == "0"
    assert PollVote.objects.filter(poll=poll).count() == 2
