"""After the dialogue a member rates the answer to his concern on a phone; the dashboard's figure moves; the organizer
reads the rating and reopens the concern."""

import pytest
from django.core.management import call_command

from conferences.models import Conference
from questions.models import Question
from satisfaction.models import Rating
from tests.e2e.helpers import check_page, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _satisfaction_tiles(page, base, conference):
    page.goto(f"{base}/dashboard/?conference={conference.pk}")
    return {
        key: page.locator(f".satisfaction-{key}").inner_text() for key in ("total", "satisfied", "unsatisfied", "share")
    }


def test_member_rates_the_answer_and_the_dashboard_moves(live_server, open_page, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    base = live_server.url
    past = Conference.objects.get(status=Conference.Status.CONCLUDED)
    unrated = past.questions.filter(
        status=Question.Status.ANSWERED, author__username="member", rating__isnull=True
    ).first()

    leader = open_page("desktop")
    log_in(leader, base, "leader")
    before = _satisfaction_tiles(leader, base, past)
    assert before == {"total": "4", "satisfied": "3", "unsatisfied": "1", "share": "75%"}

    phone = open_page("phone")
    log_in(phone, base, "member")
    phone.goto(base + unrated.get_absolute_url())
    phone.get_by_role("link", name="Đánh giá câu trả lời").click()
    check_page(phone, "satisfaction-rate-phone")
    phone.get_by_label("Chưa hài lòng").check()
    phone.fill("#id_comment", "Cần nêu rõ thời gian mở lớp bồi dưỡng.")
    phone.get_by_role("button", name="Lưu đánh giá").click()
    phone.get_by_text("Cảm ơn bạn: đánh giá đã được lưu.").wait_for()
    assert phone.locator(".rating-panel .badge").inner_text() == "Chưa hài lòng"
    check_page(phone, "satisfaction-rated-phone")
    assert Rating.objects.get(question=unrated).verdict == "unsatisfied"

    after = _satisfaction_tiles(leader, base, past)
    assert after == {"total": "5", "satisfied": "3", "unsatisfied": "2", "share": "60%"}
    check_page(leader, "satisfaction-dashboard-desktop")

    # The public sees the totals of the conference, not who rated.
    visitor = open_page("phone")
    visitor.goto(base + past.get_absolute_url())
    assert "3 trên 5 người nêu kiến nghị" in visitor.locator(".satisfaction-totals").inner_text()
    visitor.goto(base + unrated.get_absolute_url())
    assert visitor.locator(".rating-panel").count() == 0

    organizer = open_page("desktop")
    log_in(organizer, base, "organizer")
    organizer.goto(base + unrated.get_absolute_url())
    assert "Cần nêu rõ thời gian mở lớp bồi dưỡng." in organizer.locator(".rating-panel").inner_text()
    organizer.get_by_role("link", name="Mở lại để trả lời tiếp").click()
    organizer.fill("#id_reason", "Đề nghị Phòng Công chức, viên chức bổ sung thời gian cụ thể.")
    organizer.get_by_role("button", name="Đồng ý mở lại").click()
    organizer.get_by_text("đang chờ được trả lời tiếp").wait_for()
    assert Question.objects.get(pk=unrated.pk).status == Question.Status.APPROVED
