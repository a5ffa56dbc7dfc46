import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_anonymous_reads_the_2023_conference(live_server, page, screenshot, settings):
    settings.DEBUG = True  # load_demo creates the demo accounts only in development
    call_command("load_demo", verbosity=0)

    page.goto(live_server.url + "/conferences/")
    screenshot("anonymous-conference-list")
    page.get_by_role("link", name="Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm 2023").click()

    page.wait_for_url("**/conferences/hoi-nghi-doi-thoai-giua-lanh-dao-so-voi-thanh-nien-nam-2023/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm 2023"
    body = page.locator("main").inner_text()
    assert "Lê Quang Hòa" in body
    assert "Hội trường Sở Nội vụ" in body
    assert "30/03/2023" in body
    assert "Vũ Quốc Khánh" in body
    assert "Quang cảnh Hội nghị" in body
    assert "Kết luận" in body
    # Thumbnails load lazily: bring the first into view, then wait for it to arrive.
    page.locator("img.photo-thumb").first.scroll_into_view_if_needed()
    page.wait_for_function("() => { const i = document.querySelector('img.photo-thumb'); return i && i.complete; }")
    assert page.locator("img.photo-thumb").first.evaluate("img => img.naturalWidth") > 0
    screenshot("anonymous-conference-2023")
