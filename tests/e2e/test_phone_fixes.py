"""What a phone needs, and what a browser in another language must not change: the directive board as cards, the
submit button at the top, the live page's links, long text refused with a counter, dates typed as 30/03/2023."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from conferences.models import Conference
from questions.models import Conclusion, Question
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.helpers import VIEWPORTS, check_page, log_in_by_cookie

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def conference(demo):
    return demo


def _user(username):
    return get_user_model().objects.get(username=username)


def _inside_the_screen(locator, width: int) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_directive_board_is_cards_on_a_phone_and_a_table_on_a_desktop(live_server, open_page, conference, width):
    page = open_page(width, user=_user("member"))
    page.goto(live_server.url + "/directives/")
    rows = page.locator(".directive-board-table tbody tr")
    assert rows.count() >= 3
    screen = VIEWPORTS[width]["width"]
    for index in range(rows.count()):
        row = rows.nth(index)
        assert re.fullmatch(
            r"\d\d/\d\d/\d{4}|—", row.locator(".directive-deadline").inner_text().split(":")[-1].strip()
        )
        assert _inside_the_screen(row.locator(".directive-deadline"), screen)
        assert _inside_the_screen(row.locator(".directive-status .badge").first, screen)
    display = rows.first.evaluate("tr => getComputedStyle(tr).display")
    header_width = page.locator(".directive-board-table thead").bounding_box()["width"]
    if width == "phone":
        assert display == "flex"
        assert header_width <= 1  # the column headings are read out, each card names its fields itself
        assert rows.first.locator(".directive-deadline").evaluate("td => getComputedStyle(td, '::before').content")
    else:
        assert display == "table-row"
        assert header_width > 600
    check_page(page, f"phone-fixes-board-{width}")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_submit_button_is_above_the_agenda_and_on_the_home_page(live_server, open_page, conference, width):
    page = open_page(width, user=_user("member"))
    page.goto(live_server.url + conference.get_absolute_url())
    button = page.locator("main a.submit-concern")
    assert button.count() == 1
    box = button.bounding_box()
    assert box["y"] < page.locator("#agenda-title").bounding_box()["y"]
    assert box["y"] + box["height"] <= VIEWPORTS[width]["height"]  # seen without scrolling
    check_page(page, f"phone-fixes-conference-{width}")
    button.click()
    page.wait_for_url(f"**/conferences/{conference.slug}/questions/new/")

    page.goto(live_server.url + "/")
    home_button = page.locator("main a.submit-concern")
    assert home_button.bounding_box()["y"] + home_button.bounding_box()["height"] <= VIEWPORTS[width]["height"]
    home_button.click()
    page.wait_for_url(f"**/conferences/{conference.slug}/questions/new/")


def test_no_submit_button_once_the_window_has_closed(live_server, open_page, conference):
    conference.status = Conference.Status.CONCLUDED
    conference.save()
    page = open_page("phone", user=_user("member"))
    page.goto(live_server.url + conference.get_absolute_url())
    assert page.locator("main a.submit-concern").count() == 0
    page.goto(live_server.url + "/")
    assert page.locator("main a.submit-concern").count() == 0


def test_the_live_page_on_a_phone_leads_to_the_form_and_back(live_server, open_page, conference):
    page = open_page("phone", user=_user("member2"))
    live = f"{live_server.url}/conferences/{conference.slug}/live/"
    page.goto(live)
    links = page.locator(".live-phone-links")
    assert links.is_visible()
    assert links.bounding_box()["y"] < VIEWPORTS["phone"]["height"]
    check_page(page, "phone-fixes-live-phone")
    links.get_by_role("link", name="Gửi kiến nghị").click()
    page.wait_for_url(f"**/conferences/{conference.slug}/questions/new/")
    page.goto(live)
    links.get_by_role("link", name="Quay lại hội nghị").click()
    page.wait_for_url(f"**/conferences/{conference.slug}/")

    projector = open_page("projector")
    projector.goto(live)
    assert not projector.locator(".live-phone-links").is_visible()
    check_page(projector, "phone-fixes-live-projector", fit_height=True)  # still exactly one screen


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_long_text_shows_a_counter_and_is_refused_not_cut(live_server, open_page, conference, width, settings):
    settings.QUESTIONS_PER_HOUR = 100  # the demo's member has sent concerns of their own just now
    page = open_page(width, user=_user("member"))
    page.goto(f"{live_server.url}/conferences/{conference.slug}/questions/new/")
    counter = page.locator("#id_title-counter")
    assert counter.get_attribute("aria-live") == "polite"
    assert counter.inner_text() == "0/255 ký tự"
    page.select_option("#id_topic", index=1)
    title = ("Đề nghị tăng cường trang thiết bị cho đoàn viên " * 10)[:273]
    body = ("Nội dung rất dài được dán từ văn bản khác. " * 200)[:6000]
    page.fill("#id_title", title)
    page.fill("#id_body", body)
    assert len(page.input_value("#id_title")) == 273  # nothing cut by the browser
    assert len(page.input_value("#id_body")) == 6000
    assert counter.inner_text() == "273/255 ký tự: thừa 18 ký tự, hãy rút gọn"
    assert "thừa 1.000 ký tự" in page.locator("#id_body-counter").inner_text()
    check_page(page, f"phone-fixes-counter-{width}")
    before = Question.objects.count()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator("main").inner_text()
    assert "Nội dung này dài 273 ký tự; chỉ được tối đa 255 ký tự." in errors
    assert "Nội dung này dài 6000 ký tự; chỉ được tối đa 5000 ký tự." in errors
    assert page.input_value("#id_title") == title  # what was typed comes back whole, to be shortened
    assert Question.objects.count() == before
    page.fill("#id_title", title[:255])
    page.fill("#id_body", body[:5000])
    assert page.locator("#id_title-counter").inner_text() == "255/255 ký tự"
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/submitted/")
    assert Question.objects.get(title=title[:255].strip()).body == body[:5000].strip()


@pytest.fixture
def english_browser(browser):
    """Chromium in American English: its own date fields would show mm/dd/yyyy and AM/PM."""
    english = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[a for a in CHROMIUM_ARGS if not a.startswith("--lang")] + ["--lang=en-US"],
    )
    yield english
    english.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_dates_are_typed_day_first_in_an_english_browser(live_server, english_browser, conference, width):
    context = english_browser.new_context(viewport=VIEWPORTS[width], locale="en-US")
    log_in_by_cookie(context, live_server.url, _user("organizer"))
    page = context.new_page()
    page.set_default_timeout(15_000)
    assert page.evaluate("navigator.language") == "en-US"
    page.goto(live_server.url + "/conferences/new/")
    starts = page.locator("#id_starts_at")
    assert starts.get_attribute("type") == "text"
    assert starts.get_attribute("placeholder") == "dd/mm/yyyy HH:MM"
    assert starts.get_attribute("inputmode") == "numeric"
    page.fill("#id_title", "Hội nghị đối thoại kiểm thử ngày tháng")
    page.select_option("#id_organizer_unit", index=1)
    starts.fill("30/03/2023 08:00")
    page.fill("#id_ends_at", "300320231430")  # digits alone, as a phone's number pad types them
    page.locator("#id_ends_at").blur()
    assert page.input_value("#id_ends_at") == "30/03/2023 14:30"
    page.locator("form.conference-page button[type=submit]").click()
    page.wait_for_url("**/conferences/*/")
    created = Conference.objects.get(title="Hội nghị đối thoại kiểm thử ngày tháng")
    local = timezone.localtime(created.starts_at)
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2023, 3, 30, 8, 0)
    assert "30/03/2023" in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/conferences/{created.slug}/edit/")
    assert page.input_value("#id_starts_at") == "30/03/2023 08:00"
    assert page.input_value("#id_ends_at") == "30/03/2023 14:30"

    past = Conclusion.objects.filter(conference__status=Conference.Status.CONCLUDED).first()
    page.goto(f"{live_server.url}/conferences/{past.conference.slug}/conclusion/edit/")
    issued = page.locator("#id_conclusion-issued_on")
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", page.input_value("#id_conclusion-issued_on"))
    assert issued.get_attribute("placeholder") == "dd/mm/yyyy"
    deadline = page.locator("input[name$='-deadline']").first
    assert deadline.get_attribute("type") == "text"
    assert re.fullmatch(r"(\d\d/\d\d/\d{4})?", deadline.input_value())
    check_page(page, f"phone-fixes-dates-english-{width}")
    context.close()
