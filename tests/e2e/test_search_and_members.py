"""In a real browser, at phone and desktop widths: the header's search finds "chữ ký số" when typed "chu ki so", in
more than one conference; an organizer edits a member and deactivates the account, which ends the member's session."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from conferences.models import Conference
from tests.e2e.helpers import check_page, log_in
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CURRENT = "Triển khai chữ ký số cá nhân cho đoàn viên trong xử lý văn bản"  # demo data, this year's conference
PAST = "Ứng dụng chữ kí số trong lưu trữ hồ sơ"  # spelled with "kí", added to the 2023 conference below


def _load_demo(settings):
    settings.DEBUG = True  # load_demo creates the demo accounts only in development
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_search_chu_ki_so_finds_chu_ky_so_across_conferences(live_server, open_page, settings, viewport):
    _load_demo(settings)
    QuestionFactory(
        conference=Conference.objects.get(status=Conference.Status.CONCLUDED),
        title=PAST,
        status="answered",
        author=get_user_model().objects.get(username="member2"),
    )
    page = open_page(viewport)
    page.goto(live_server.url + "/")
    if viewport == "phone":
        page.locator("header .navbar-toggler").click()
        page.fill("#header-search", "chu ki so")
        page.press("#header-search", "Enter")
    else:
        page.locator('header a[href="/search/"]').click()
        page.wait_for_url("**/search/")
        page.fill("#search-q", "chu ki so")
        page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_url("**/search/?q=chu+ki+so*")
    concerns = page.locator("section[aria-labelledby=results-concerns]")
    assert concerns.get_by_text(CURRENT).is_visible()
    assert concerns.get_by_text(PAST).is_visible()
    past, current = (Conference.objects.get(status=status).title for status in ("concluded", "open"))
    text = concerns.inner_text()
    assert past in text and current in text
    check_page(page, f"search-{viewport}")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_organizer_edits_a_member_and_deactivates_them(live_server, open_page, settings, viewport):
    _load_demo(settings)
    member2 = get_user_model().objects.get(username="member2")
    member_page = open_page(viewport, user=member2)
    member_page.goto(live_server.url + "/questions/mine/")
    assert "/questions/mine/" in member_page.url

    page = open_page(viewport)
    log_in(page, live_server.url, "organizer")
    page.goto(live_server.url + "/accounts/members/")
    page.locator(f'main a[href="/accounts/members/{member2.pk}/edit/"]').click()
    page.wait_for_url(f"**/accounts/members/{member2.pk}/edit/")
    check_page(page, f"member-edit-{viewport}")
    page.fill("#id_position", "Phó trưởng phòng")
    page.fill("#id_phone", "0987 654 321")
    page.select_option("#id_role", "leader")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/members/")
    row = page.locator("tr", has_text="member2")
    assert "Lãnh đạo" in row.inner_text()
    member2.refresh_from_db()
    assert (member2.profile.position, member2.profile.phone) == ("Phó trưởng phòng", "0987 654 321")

    page.goto(live_server.url + f"/accounts/members/{member2.pk}/edit/")
    page.get_by_role("link", name="Khóa tài khoản").click()
    page.wait_for_url(f"**/accounts/members/{member2.pk}/deactivate/")
    check_page(page, f"member-deactivate-{viewport}")
    page.locator("main form button.btn-danger").click()
    page.wait_for_url(f"**/accounts/members/{member2.pk}/edit/")
    assert "đã bị khóa" in page.locator("main").inner_text()
    member2.refresh_from_db()
    assert not member2.is_active

    # the member's open session has ended: the next page asks them to log in
    member_page.goto(live_server.url + "/questions/mine/")
    assert "/accounts/login/" in member_page.url
