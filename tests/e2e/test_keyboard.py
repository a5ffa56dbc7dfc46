"""Keyboard users: the skip link comes first and jumps to the content, and every element the Tab key reaches on the
busiest pages shows where the focus is, on a phone and on a desktop."""

import pytest
from django.contrib.auth import get_user_model

from questions.models import LiveState, Question
from tests.e2e.helpers import focus_walk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_skip_link_is_first_and_moves_the_focus_to_the_content(live_server, open_page, demo, width):
    page = open_page(width)
    page.goto(live_server.url + demo.get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Chuyển đến nội dung chính")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()  # visually hidden until focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize(
    ("username", "path"),
    [
        (None, lambda c: c.get_absolute_url()),
        (None, lambda c: f"/conferences/{c.slug}/questions/"),
        ("member", lambda c: f"/conferences/{c.slug}/questions/new/"),
        ("organizer", lambda c: f"/conferences/{c.slug}/moderate/"),
        ("organizer", lambda c: f"/conferences/{c.slug}/live/console/"),
        ("organizer", lambda c: f"/conferences/{c.slug}/edit/"),
    ],
    ids=["conference", "concerns", "submission-form", "moderation", "console", "conference-edit"],
)
def test_every_focusable_element_shows_the_focus(live_server, open_page, demo, width, username, path):
    if username == "organizer":
        # With a concern on screen the console shows its forms too.
        first = demo.questions.filter(status=Question.Status.APPROVED).order_by("pk").first()
        Question.objects.filter(pk=first.pk).update(live_state=LiveState.ON_SCREEN)
    user = get_user_model().objects.get(username=username) if username else None
    page = open_page(width, user=user)
    page.goto(live_server.url + path(demo))
    reached, unseen = focus_walk(page)
    assert len(reached) >= 5, reached  # the walk went through the page
    assert not unseen, f"no visible focus on {unseen}"
