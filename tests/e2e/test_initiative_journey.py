"""A branch registers a youth initiative on a phone, starts it, posts progress with a photo and reports it completed;
an organizer records its recognition at a desk; the public list and the initiative's page then show it recognised."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from initiatives.models import Initiative
from tests.e2e.helpers import check_page, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NAME = "Đội hình thanh niên hỗ trợ chữ ký số cho đoàn viên"


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_branch_registers_completes_and_organizer_recognises(live_server, open_page, settings, width):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    base = live_server.url
    today = timezone.localdate()
    start = today - dt.timedelta(days=20)

    # 1. The liaison of Văn phòng Sở (the demo member) registers an initiative for the unit.
    page = open_page(width)
    log_in(page, base, "member")
    page.goto(base + "/initiatives/")
    page.get_by_role("link", name="Đăng ký công trình").click()
    page.fill("#id_name", NAME)
    assert page.locator("#id_unit option:checked").inner_text() == "Văn phòng Sở"
    page.fill("#id_person_in_charge_name", "Nguyễn Văn A")
    page.fill("#id_member_count", "6")
    page.fill("#id_content", "Hướng dẫn đoàn viên đăng ký và sử dụng chữ ký số trên hệ thống quản lý văn bản.")
    page.fill("#id_expected_result", "Toàn bộ đoàn viên Văn phòng Sở sử dụng chữ ký số.")
    page.fill("#id_place", "Văn phòng Sở")
    # First an end before the start and a negative budget: both refused, with the reasons, nothing saved.
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_ends_on", (start - dt.timedelta(days=1)).isoformat())
    page.fill("#id_budget", "-1000")
    page.locator("form.initiative-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_ends_on ~ .invalid-feedback, #error_1_id_ends_on").first.is_visible()
    assert "Công trình không thể kết thúc trước khi bắt đầu." in page.content()
    assert "Kinh phí không được là số âm." in page.content()
    assert not Initiative.objects.filter(name=NAME).exists()
    check_page(page, f"initiative-{width}-1-errors")
    page.fill("#id_ends_on", (today + dt.timedelta(days=60)).isoformat())
    page.fill("#id_budget", "2000000")
    page.locator("form.initiative-form button[type=submit]").click()
    page.wait_for_url("**/initiatives/*/")
    initiative = Initiative.objects.get(name=NAME)
    assert initiative.status == Initiative.Status.REGISTERED and initiative.unit.name == "Văn phòng Sở"
    check_page(page, f"initiative-{width}-2-registered")

    # 2. It starts, and a progress update with a photo is posted.
    page.get_by_role("link", name="Bắt đầu thực hiện").click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{initiative.get_absolute_url()}")
    page.fill("#id_note", "Đã hướng dẫn 4 đoàn viên đăng ký chữ ký số.")
    page.set_input_files(
        "#id_photos", files=[{"name": "buoi-huong-dan.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.locator("#update form button[type=submit]").click()
    page.wait_for_url(f"**{initiative.get_absolute_url()}")
    assert page.locator(".initiative-update img").count() == 1
    check_page(page, f"initiative-{width}-3-progress")

    # 3. It is reported completed.
    page.get_by_role("link", name="Báo cáo hoàn thành").click()
    page.fill("#id_result", "6 đoàn viên đã sử dụng chữ ký số trên hệ thống quản lý văn bản.")
    page.fill("#id_completed_on", today.isoformat())
    check_page(page, f"initiative-{width}-4-complete-form")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{initiative.get_absolute_url()}")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.COMPLETED
    # The member records no recognition: the page offers none.
    assert page.get_by_role("link", name="Ghi nhận công nhận").count() == 0

    # 4. An organizer records the recognition by the level above.
    desk = open_page("desktop")
    log_in(desk, base, "organizer")
    desk.goto(base + initiative.get_absolute_url())
    desk.get_by_role("link", name="Ghi nhận công nhận").click()
    desk.get_by_label("Cấp trên công nhận").check()
    desk.fill("#id_decision_number", "31-QĐ/ĐTN")
    desk.fill("#id_decision_date", today.isoformat())
    check_page(desk, f"initiative-{width}-5-recognise-form")
    desk.locator("main form button[type=submit]").click()
    desk.wait_for_url(f"**{initiative.get_absolute_url()}")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.RECOGNISED
    assert (initiative.recognition_level, initiative.decision_number) == ("higher", "31-QĐ/ĐTN")
    assert "31-QĐ/ĐTN" in desk.content()

    # 5. The public list shows it recognised.
    public = open_page(width)
    public.goto(base + "/initiatives/?status=recognised&q=chu+ky+so")
    row = public.locator("tbody tr", has_text=NAME)
    assert row.count() == 1 and "Đã được công nhận" in row.inner_text()
    check_page(public, f"initiative-{width}-6-public-list")
