"""The live dialogue in two browsers: the projector follows what the organizer does on the console."""

import re

import pytest
from django.core.management import call_command

from conferences.models import Conference
from questions.models import Answer, Question
from tests.e2e.helpers import SCREENSHOTS, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

POLL = 4_000  # ms, the projector's polling interval
WITHIN_ONE_POLL = POLL + 2_500


def test_projector_follows_the_console(live_server, browser, page, settings):
    """Done when: with the demo data, an organizer starts the session of the open conference, puts a concern on
    screen, marks it answered with the leader's name, and the projector in another browser follows each step."""
    settings.SERVE_MEDIA = True
    call_command("load_demo", force=True, verbosity=0)
    conference = Conference.objects.get(status=Conference.Status.OPEN)
    base = f"{live_server.url}/conferences/{conference.slug}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    projector_context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    projector = projector_context.new_page()
    projector.goto(f"{base}/live/")
    projector.wait_for_selector("#live-feed .live-queue-item")
    assert projector.locator(".live-qr svg").count() == 1

    # The organizer, in the first browser, starts the session and puts the first concern of the queue on screen.
    log_in(page, live_server.url, "organizer")
    page.goto(f"{base}/actions/start/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    conference.refresh_from_db()
    assert conference.status == Conference.Status.IN_SESSION

    page.goto(f"{base}/live/console/")
    first = page.locator("#queue-heading + ol li").first
    title = first.locator(".fw-semibold").inner_text().strip()
    first.get_by_role("button").first.click()
    page.wait_for_selector("#on-screen-heading")
    page.screenshot(path=str(SCREENSHOTS / "live_console_1366.png"), full_page=True)

    projector.wait_for_function(
        "t => (document.querySelector('.live-now-title') || {}).textContent === t", arg=title, timeout=WITHIN_ONE_POLL
    )

    # Name the leader who answers, then mark the concern answered with a short note.
    chair = page.locator("#id_responder option", has_text="Lê Quang Hòa").get_attribute("value")
    page.select_option("#id_responder", value=chair)
    page.locator("form:has(#id_responder) button[type=submit]").click()
    page.wait_for_load_state()
    projector.wait_for_selector(".live-responder:has-text('Lê Quang Hòa')", timeout=WITHIN_ONE_POLL)
    projector.screenshot(path=str(SCREENSHOTS / "live_projector_1920.png"))

    page.fill("#id_answer_note", "Lãnh đạo Sở ghi nhận, sẽ bố trí trong quý II.")
    # From the keyboard: the "Mark answered" button follows the note in the tab order.
    page.focus("#id_answer_note")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/live/console/$"))
    question = Question.objects.get(conference=conference, title=title)
    assert question.status == Question.Status.ANSWERED
    answer = Answer.objects.get(question=question)
    assert answer.responder.full_name == "Lê Quang Hòa" and answer.kind == Answer.Kind.AT_CONFERENCE

    projector.wait_for_selector(f".live-recent-list li:has-text('{title}')", timeout=WITHIN_ONE_POLL)
    assert projector.locator(".live-now-title").count() == 0
    projector_context.close()


def test_projector_keeps_the_last_state_when_a_poll_fails(live_server, browser):
    call_command("load_demo", force=True, verbosity=0)
    conference = Conference.objects.get(status=Conference.Status.OPEN)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    phone = context.new_page()
    phone.goto(f"{live_server.url}/conferences/{conference.slug}/live/")
    before = phone.locator("#live-feed").inner_text()
    assert before.strip()

    phone.route("**/live/feed/", lambda route: route.fulfill(status=500, body="boom"))
    phone.wait_for_selector("#live-status:not([hidden])", timeout=WITHIN_ONE_POLL)
    assert phone.locator("#live-feed").inner_text() == before
    phone.screenshot(path=str(SCREENSHOTS / "live_projector_phone_360.png"), full_page=True)

    phone.unroute("**/live/feed/")
    phone.wait_for_selector("#live-status[hidden]", state="attached", timeout=WITHIN_ONE_POLL)
    assert phone.locator("#live-feed").inner_text() == before
    context.close()
