"""A leader answers, an organizer concludes with two directives, a unit liaison posts progress, the dashboard moves."""

import pytest
from django.core import mail
from django.core.management import call_command

from conferences.models import Conference
from questions.models import Answer, Conclusion, Directive, DirectiveUpdate, Question
from tests.e2e.helpers import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _dashboard_numbers(page, base, conference):
    page.goto(f"{base}/dashboard/?conference={conference.pk}")
    tiles = [int(text) for text in page.locator(".tile-value").all_inner_texts()]
    directives = {
        key: int(page.locator(f".directive-total-{key}").inner_text()) for key in ("done", "in_progress", "overdue")
    }
    return tiles, directives


def test_followup_journey_answer_conclude_progress_dashboard(live_server, page, screenshot, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    mail.outbox.clear()
    base = live_server.url
    conference = Conference.objects.get(status=Conference.Status.OPEN)
    question = conference.questions.filter(status=Question.Status.APPROVED).order_by("pk").first()

    # 0. the dashboard before
    log_in(page, base, "leader")
    tiles_before, directives_before = _dashboard_numbers(page, base, conference)

    # 1. the leader (the chair) answers in his own name
    page.goto(base + question.get_absolute_url())
    page.get_by_role("link", name="Ghi nhận câu trả lời").or_(page.get_by_role("link", name="Record an answer")).click()
    page.select_option("#id_kind", "at_conference")
    page.fill("#id_body", "Lãnh đạo Sở ghi nhận, giao Văn phòng Sở nghiên cứu, triển khai trong quý I.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**" + question.get_absolute_url())
    answer = Answer.objects.get(question=question)
    assert answer.responder.user.username == "leader" and answer.recorded_by.username == "leader"
    # the author and each supporter, once each
    supporters = [support.user.email for support in question.supports.select_related("user")]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([question.author.email, *supporters])
    screenshot("followup-1-answered")
    log_out(page)

    # 2. the organizer writes the conclusion with two directives and publishes it
    log_in(page, base, "organizer")
    page.goto(f"{base}/conferences/{conference.slug}/conclusion/edit/")
    page.fill("#id_conclusion-number", "02-KL/SNV")
    page.fill("#id_conclusion-body", "Kết luận Hội nghị đối thoại năm nay.")
    page.fill("#id_directives-0-order", "1")
    page.fill("#id_directives-0-content", "Văn phòng Sở triển khai chữ ký số cho đoàn viên.")
    page.select_option("#id_directives-0-lead_unit", label="Văn phòng Sở")
    page.fill("#id_directives-0-deadline", "2027-03-31")
    page.select_option("#id_directives-0-related_questions", str(question.pk))
    page.fill("#id_directives-1-order", "2")
    page.fill("#id_directives-1-content", "Phòng Cải cách hành chính hướng dẫn sử dụng hệ thống một cửa điện tử.")
    page.select_option("#id_directives-1-lead_unit", label="Phòng Cải cách hành chính")
    page.fill("#id_directives-1-deadline", "2027-06-30")
    screenshot("followup-2-conclusion-form")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"**/conferences/{conference.slug}/conclusion/")
    conclusion = Conclusion.objects.get(conference=conference)
    assert conclusion.directives.count() == 2
    page.locator(f"a[href='/conferences/{conference.slug}/conclusion/publish/']").click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/conferences/{conference.slug}/conclusion/")
    conclusion.refresh_from_db()
    assert conclusion.is_published
    # The page links to the conclusion notice (in the decree's form) rather than imitating its header.
    assert f"/conferences/{conference.slug}/documents/notice.pdf" in page.content()
    screenshot("followup-3-conclusion")
    log_out(page)

    # 3. a liaison of Văn phòng Sở (the demo member) posts progress on directive 1
    directive = conclusion.directives.get(order=1)
    log_in(page, base, "member")
    page.goto(f"{base}/directives/{directive.pk}/")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_progress", "30")
    page.fill("#id_note", "Đã lập danh sách đoàn viên cần cấp chữ ký số.")
    page.locator("#update form button[type=submit]").click()
    page.wait_for_url(f"**/directives/{directive.pk}/")
    directive.refresh_from_db()
    assert (directive.status, directive.progress) == (Directive.Status.IN_PROGRESS, 30)
    assert DirectiveUpdate.objects.get(directive=directive).author.username == "member"
    assert "Đã lập danh sách" in page.content()
    screenshot("followup-4-progress")
    # the member is no liaison of directive 2's unit: no form there
    other = conclusion.directives.get(order=2)
    page.goto(f"{base}/directives/{other.pk}/")
    assert page.locator("#update").count() == 0
    log_out(page)

    # 4. the dashboard has moved
    log_in(page, base, "leader")
    tiles_after, directives_after = _dashboard_numbers(page, base, conference)
    assert tiles_after[2] == tiles_before[2] + 1  # answered at the conference
    assert directives_after["in_progress"] == directives_before["in_progress"] + 2
    screenshot("followup-5-dashboard")
