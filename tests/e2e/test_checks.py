"""The checks every visited page goes through can fail: each is shown a page with the fault it looks for."""

from tests.e2e.helpers import VIEWPORTS, focus_walk, page_problems

CLEAN = """<!doctype html><html lang="vi"><head><title>Trang thử</title></head><body>
<header><nav aria-label="Điều hướng"><a href="#main">Trang chủ</a></nav></header>
<main id="main"><h1>Trang thử</h1>{}</main></body></html>"""


def test_a_clean_page_has_no_problem(page):
    page.set_content(CLEAN.format("<p>Nội dung bằng tiếng Việt.</p>"))
    assert page_problems(page, "check-clean") == []


def test_axe_finds_a_field_without_a_label_and_text_without_contrast(page):
    page.set_content(CLEAN.format('<input type="text"><p style="color:#ccc">Chữ quá nhạt</p>'))
    problems = "\n".join(page_problems(page, "check-axe"))
    assert "label" in problems and "color-contrast" in problems


def test_content_wider_than_a_phone_is_found(page):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.set_content(CLEAN.format('<div style="width:500px">Bảng rộng</div>'))
    assert any("px wide on a 360px screen" in problem for problem in page_problems(page, "check-wide"))


def test_a_projector_page_taller_than_the_screen_is_found(page):
    page.set_viewport_size(VIEWPORTS["projector"])
    page.set_content(CLEAN.format('<div style="height:2000px">Hàng chờ dài</div>'))
    assert page_problems(page, "check-tall") == []
    assert any("tall on a 1080px screen" in problem for problem in page_problems(page, "check-tall", fit_height=True))


def test_english_left_in_a_vietnamese_page_is_found(page):
    page.set_content(CLEAN.format('<p>Submit a concern</p><input aria-label="Live console"><p lang="en">English</p>'))
    problems = "\n".join(page_problems(page, "check-english"))
    assert "['Live console', 'Submit a concern']" in problems


def test_a_focus_without_a_ring_is_found(page):
    page.set_content(CLEAN.format('<button style="outline:none">Gửi</button><a href="#">Liên kết</a>'))
    reached, unseen = focus_walk(page)
    assert unseen == ["button Gửi"] and len(reached) == 3
