"""The organizer's journey in a real browser: create a conference with its agenda, participants and photos in one
form, open it for concerns, and read it back on the list and detail pages at desktop and phone widths."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from conferences.models import Conference
from tests.e2e.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm 2027"
SLUG = "hoi-nghi-doi-thoai-giua-lanh-dao-so-voi-thanh-nien-nam-2027"
AGENDA = [
    ("08:00", "10", "Khai mạc, giới thiệu đại biểu"),
    ("", "20", "Báo cáo kết quả thực hiện kết luận Hội nghị năm 2026"),
    ("", "90", "Đối thoại giữa lãnh đạo Sở với đoàn viên, thanh niên"),
    ("", "15", "Phát biểu của đại diện Ban Chấp hành Chi đoàn"),
    ("", "15", "Kết luận Hội nghị"),
]
# (user account label or None, typed name, role value)
PARTICIPANTS = [
    ("Lê Quang Hòa (leader)", "", "chair"),
    (None, "Đại diện lãnh đạo Văn phòng Sở", "leader"),
    (None, "Vũ Quốc Khánh", "secretary"),
    ("Nguyễn Văn A (member)", "", "member"),
    ("Trần Thị B (member2)", "", "member"),
    (None, "Hoàng Thị Lan", "member"),
    (None, "Đặng Minh Quân", "member"),
    (None, "Phan Thu Hà", "guest"),
]


def _jpeg(color: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), color).save(buffer, format="JPEG")
    return buffer.getvalue()


def _add_row(page, prefix: str, index: int):
    if index > 0:
        page.click(f'[data-formset-add="{prefix}"]')
    page.wait_for_selector(f"#id_{prefix}-{index}-order")


def test_organizer_creates_opens_and_reads_back_a_conference(live_server, page, screenshot, settings):
    settings.DEBUG = True  # load_demo creates the demo accounts only in development
    call_command("load_demo", verbosity=0)
    log_in(page, live_server.url, "organizer")

    page.goto(live_server.url + "/conferences/")
    page.locator('main a[href="/conferences/new/"]').click()
    page.wait_for_url("**/conferences/new/")
    page.fill("#id_title", TITLE)
    page.fill("#id_theme", "Thanh niên Sở Nội vụ với chuyển đổi số và cải cách hành chính")
    page.fill("#id_venue", "Hội trường Sở Nội vụ")
    page.select_option("#id_organizer_unit", label="Chi đoàn Sở Nội vụ")
    page.fill("#id_starts_at", "26/03/2027 08:00")
    page.fill("#id_ends_at", "26/03/2027 11:30")

    for index, (start, minutes, title) in enumerate(AGENDA):
        _add_row(page, "agenda", index)
        if start:
            page.fill(f"#id_agenda-{index}-start_time", start)
        page.fill(f"#id_agenda-{index}-duration_minutes", minutes)
        page.fill(f"#id_agenda-{index}-title", title)
    page.select_option("#id_agenda-2-kind", "dialogue")

    for index, (account, name, role) in enumerate(PARTICIPANTS):
        _add_row(page, "participants", index)
        if account:
            page.select_option(f"#id_participants-{index}-user", label=account)
        else:
            page.fill(f"#id_participants-{index}-full_name", name)
        page.select_option(f"#id_participants-{index}-role", role)

    # Adding rows never loses what was typed in the earlier ones.
    assert page.input_value("#id_agenda-0-title") == AGENDA[0][2]
    assert page.input_value("#id_participants-1-full_name") == PARTICIPANTS[1][1]

    for index, (color, caption) in enumerate([("navy", "Quang cảnh Hội nghị"), ("teal", "Đoàn viên phát biểu")]):
        _add_row(page, "photos", index)
        page.set_input_files(
            f"#id_photos-{index}-image",
            files=[{"name": f"anh-{index}.jpg", "mimeType": "image/jpeg", "buffer": _jpeg(color)}],
        )
        page.fill(f"#id_photos-{index}-caption", caption)
    screenshot("organizer-new-conference-form")

    page.locator("form.conference-page button[type=submit]").click()
    page.wait_for_url(f"**/conferences/{SLUG}/")
    conference = Conference.objects.get(slug=SLUG)
    assert conference.title == TITLE
    assert conference.status == Conference.Status.DRAFT
    assert conference.agenda_items.count() == 5
    assert conference.participants.count() == 8
    assert conference.photos.count() == 2

    page.locator('main a[href$="/actions/open/"]').click()
    page.wait_for_url("**/actions/open/")
    screenshot("organizer-open-confirmation")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/conferences/{SLUG}/")
    conference.refresh_from_db()
    assert conference.status == Conference.Status.OPEN
    assert conference.is_published
    assert conference.questions_open_at is not None

    body = page.locator("main").inner_text()
    assert TITLE in body
    assert "Lê Quang Hòa" in body  # the chair, from the leader's account
    assert "Vũ Quốc Khánh" in body
    assert "08:00" in body and "08:10" in body and "08:30" in body and "10:00" in body and "10:15" in body
    assert "26/03/2027" in body
    assert "Quang cảnh Hội nghị" in body
    # Thumbnails load lazily: bring the first into view, then wait for it to arrive.
    page.locator("img.photo-thumb").first.scroll_into_view_if_needed()
    page.wait_for_function("() => { const i = document.querySelector('img.photo-thumb'); return i && i.complete; }")
    # the thumbnail made at upload (480 px wide), linked to the photo as uploaded
    assert page.locator("img.photo-thumb").first.evaluate("img => img.naturalWidth") == 480
    screenshot("organizer-conference-detail-desktop")

    page.goto(live_server.url + "/conferences/?q=doi+thoai+2027")
    assert page.get_by_role("link", name=TITLE).is_visible()
    screenshot("organizer-conference-list-desktop")

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + f"/conferences/{SLUG}/")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot("organizer-conference-detail-phone")
    page.goto(live_server.url + "/conferences/")
    assert page.get_by_role("link", name=TITLE).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot("organizer-conference-list-phone")
    page.goto(live_server.url + f"/conferences/{SLUG}/edit/")
    assert page.input_value("#id_agenda-4-title") == AGENDA[4][2]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot("organizer-conference-edit-phone")
