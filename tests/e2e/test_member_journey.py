"""A member submits a concern, an organizer approves it, another member supports it, anyone finds it without accents."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from conferences.models import Conference
from questions.models import Question
from tests.e2e.helpers import SCREENSHOTS, log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Chuyển đổi số: cấp chữ ký số cho mọi đoàn viên"
BODY = "Đề nghị Sở cấp chữ ký số cá nhân cho đoàn viên để ký văn bản điện tử, giảm giấy tờ khi làm việc từ xa."


def test_member_journey_submit_approve_support_search(live_server, page, browser, screenshot, settings):
    settings.DEBUG = True  # load_demo creates the demo accounts only in development
    call_command("load_demo", verbosity=0)
    mail.outbox.clear()
    conference = Conference.objects.get(status=Conference.Status.OPEN)
    base = live_server.url

    # 1. member submits a concern to the open conference
    log_in(page, base, "member")
    page.goto(base + conference.get_absolute_url())
    page.locator(f"a[href='/conferences/{conference.slug}/questions/new/']").first.click()
    page.wait_for_url(f"**/conferences/{conference.slug}/questions/new/")
    page.select_option("#id_topic", label="Chuyển đổi số")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", BODY)
    screenshot("member-journey-1-submit")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/submitted/")
    question = Question.objects.get(title=TITLE)
    assert question.status == Question.Status.PENDING
    assert question.reference in page.locator(".reference-number").inner_text()
    screenshot("member-journey-2-confirmation")
    page.goto(base + "/questions/mine/")
    card = page.locator("article", has=page.get_by_role("heading", name=TITLE))
    assert card.locator(".badge-question-pending").count() == 1
    # the receipt, and the organizers' notification of a new concern
    assert [message.to for message in mail.outbox] == [["member@example.org"], ["organizer@example.org"]]

    # 2. organizer approves it on the moderation page
    log_out(page)
    log_in(page, base, "organizer")
    page.goto(base + f"/conferences/{conference.slug}/moderate/")
    item = page.locator(f"article#q{question.pk}")
    assert "Nguyễn Văn A" in item.inner_text()
    screenshot("member-journey-3-moderation")
    item.locator("form[action$='/approve/'] button").click()
    page.wait_for_url(f"**/conferences/{conference.slug}/moderate/**")
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED
    assert len(mail.outbox) == 3 and question.reference in mail.outbox[2].subject
    assert mail.outbox[2].to == ["member@example.org"]

    # 3. member2 finds it by searching without accents and supports it (htmx, in place)
    log_out(page)
    log_in(page, base, "member2")
    page.goto(base + f"/conferences/{conference.slug}/questions/")
    page.fill("main input[name=q]", "chuyen doi so")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*q=chuyen\+doi\+so.*"))
    result = page.locator("article", has=page.get_by_role("heading", name=TITLE))
    assert result.count() == 1
    page.evaluate("window.__notReloaded = true")
    button = result.locator(f"#support-{question.pk} button")
    assert button.get_attribute("aria-pressed") == "false"
    assert button.locator(".support-count").inner_text() == "0"
    button.click()
    pressed = page.locator(f"#support-{question.pk} button[aria-pressed=true]")
    pressed.wait_for()
    assert pressed.locator(".support-count").inner_text() == "1"
    assert page.evaluate("window.__notReloaded") is True  # the count changed without a page load
    question.refresh_from_db()
    assert question.support_count == 1
    screenshot("member-journey-4-search-and-support")

    # the same pages on a phone
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    try:
        mobile = phone.new_page()
        log_in(mobile, base, "member2")
        mobile.goto(base + f"/conferences/{conference.slug}/questions/?q=chuyen+doi+so")
        assert mobile.get_by_role("heading", name=TITLE).count() == 1
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 360
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        mobile.screenshot(path=str(SCREENSHOTS / "member-journey-5-phone-search.png"), full_page=True)
    finally:
        phone.close()

    # without JavaScript the support button still works as a plain form
    no_js = browser.new_context(viewport={"width": 1366, "height": 768}, java_script_enabled=False)
    try:
        plain = no_js.new_page()
        log_in(plain, base, "leader")
        plain.goto(base + question.get_absolute_url())
        plain.locator(f"#support-{question.pk} button").click()
        plain.wait_for_url(base + question.get_absolute_url())
        assert plain.locator(f"#support-{question.pk} .support-count").inner_text() == "2"
    finally:
        no_js.close()
    question.refresh_from_db()
    assert question.support_count == 2
