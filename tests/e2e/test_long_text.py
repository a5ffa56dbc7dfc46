"""What people type can be one very long word (a pasted link): on a phone it wraps, the page never scrolls sideways."""

import pytest

from questions.models import Question
from tests.e2e.helpers import check_page
from tests.factories import QuestionFactory, member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LINK = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.012345" * 3


def test_a_pasted_link_wraps_on_a_phone(live_server, open_page):
    author = member()
    concern = QuestionFactory(
        author=author, status=Question.Status.APPROVED, title=f"Xem {LINK[:180]}", body=f"Đường dẫn: {LINK}"
    )
    page = open_page("phone", user=author)
    for path, name in [
        (concern.get_absolute_url(), "concern"),
        ("/questions/mine/", "my-concerns"),
        (f"/conferences/{concern.conference.slug}/questions/", "concerns"),
        (f"/conferences/{concern.conference.slug}/live/", "projector"),
    ]:
        page.goto(live_server.url + path)
        check_page(page, f"long-link-phone-{name}")
