"""Atom feeds of answers and conclusions: parsed as Atom, public content only, anonymity kept, constant queries."""

import xml.etree.ElementTree as ET

import pytest

from questions.models import Question
from tests.factories import (
    AnswerFactory,
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    ParticipantFactory,
    QuestionFactory,
    UnitFactory,
    member,
    organizer,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):  # RFC 4287 §4.1.1
        assert root.find(f"{ATOM}{name}") is not None, name
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}") is not None, name
    return root


def entries(root) -> list[dict]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "link": entry.find(f"{ATOM}link").get("href"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def answered():
    conference = ConferenceFactory(title="Hội nghị năm 2023")
    chair = ParticipantFactory(conference=conference, full_name="Lê Quang Hòa")
    named = QuestionFactory(conference=conference, status=Question.Status.ANSWERED, title="Máy tính cho đoàn viên")
    hidden_name = QuestionFactory(
        conference=conference, status=Question.Status.ANSWERED, is_anonymous=True, title="Kiến nghị ẩn danh"
    )
    AnswerFactory(question=named, responder=chair, body="Sở sẽ <b>bố trí</b> kinh phí.")
    AnswerFactory(question=hidden_name, responder=chair, body="Đã ghi nhận.")
    AnswerFactory(question=hidden_name, responder=chair, body="Bản nháp chưa công bố.", is_published=False)
    pending = QuestionFactory(conference=conference, status=Question.Status.PENDING, title="Chờ duyệt bí mật")
    draft = ConferenceFactory(is_published=False)
    AnswerFactory(question=QuestionFactory(conference=draft, status=Question.Status.ANSWERED, title="Hội nghị nháp"))
    return {"conference": conference, "named": named, "anonymous": hidden_name, "pending": pending, "draft": draft}


@pytest.mark.parametrize("who", [None, "organizer"])
def test_answers_feed_shows_public_answers_with_anonymity_kept_whoever_asks(client, answered, who):
    if who:
        client.force_login(organizer())
    items = entries(parse_atom(client.get("/feeds/answers/")))
    by_title = {item["title"].split(": ", 1)[1]: item for item in items}
    assert set(by_title) == {"Máy tính cho đoàn viên", "Kiến nghị ẩn danh"}
    assert by_title["Kiến nghị ẩn danh"]["author"] == "Ẩn danh"
    assert by_title["Máy tính cho đoàn viên"]["author"] == answered["named"].author.get_full_name()
    assert "Sở sẽ &lt;b&gt;bố trí&lt;/b&gt; kinh phí." in by_title["Máy tính cho đoàn viên"]["summary"]
    assert "Bản nháp" not in by_title["Kiến nghị ẩn danh"]["summary"]
    assert by_title["Kiến nghị ẩn danh"]["link"].endswith(answered["anonymous"].get_absolute_url())


def test_answers_feed_of_a_conference_and_of_an_unpublished_one(client, answered):
    other = ConferenceFactory()
    AnswerFactory(question=QuestionFactory(conference=other, status=Question.Status.ANSWERED, title="Khác"))
    root = parse_atom(client.get(f"/conferences/{answered['conference'].slug}/feeds/answers/"))
    assert len(entries(root)) == 2
    assert "Hội nghị năm 2023" in root.findtext(f"{ATOM}title")
    client.force_login(organizer())
    assert client.get(f"/conferences/{answered['draft'].slug}/feeds/answers/").status_code == 404


def test_conclusions_feed_shows_published_conclusions_only(client):
    conference = ConferenceFactory(title="Hội nghị năm 2023")
    signer = ParticipantFactory(conference=conference, full_name="Lê Quang Hòa")
    conclusion = ConclusionFactory(conference=conference, number="15-TB/SNV", signed_by=signer, is_published=True)
    DirectiveFactory(
        conclusion=conclusion, content="Rà soát chế độ phụ cấp.", lead_unit=UnitFactory(name="Văn phòng Sở")
    )
    ConclusionFactory(conference=ConferenceFactory(), is_published=False, body="Bản nháp kết luận")
    ConclusionFactory(conference=ConferenceFactory(is_published=False), is_published=True, body="Hội nghị ẩn")

    for url in ("/feeds/conclusions/", f"/conferences/{conference.slug}/feeds/conclusions/"):
        items = entries(parse_atom(client.get(url)))
        assert len(items) == 1
        item = items[0]
        assert "15-TB/SNV" in item["title"] and "Hội nghị năm 2023" in item["title"]
        assert item["author"] == "Lê Quang Hòa"
        assert "Rà soát chế độ phụ cấp." in item["summary"] and "Văn phòng Sở" in item["summary"]
        assert item["link"].endswith(f"/conferences/{conference.slug}/conclusion/")


def test_pages_announce_their_feeds(client, answered):
    assert 'type="application/atom+xml"' in client.get("/").content.decode()
    content = client.get(answered["conference"].get_absolute_url()).content.decode()
    assert f'href="/conferences/{answered["conference"].slug}/feeds/answers/"' in content
    assert f'href="/conferences/{answered["conference"].slug}/feeds/conclusions/"' in content


def test_member_session_changes_nothing(client, answered):
    client.force_login(answered["pending"].author if answered["pending"].author else member())
    assert "Chờ duyệt bí mật" not in client.get("/feeds/answers/").content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_feeds_query_count_does_not_grow(client, django_assert_num_queries, size):
    conference = ConferenceFactory()
    for _ in range(size):
        AnswerFactory(question=QuestionFactory(conference=conference, status=Question.Status.ANSWERED))
        conclusion = ConclusionFactory(is_published=True)
        DirectiveFactory(conclusion=conclusion)
    with django_assert_num_queries(2):
        client.get("/feeds/answers/")
    with django_assert_num_queries(2):
        client.get("/feeds/conclusions/")
    with django_assert_num_queries(3):
        client.get(f"/conferences/{conference.slug}/feeds/answers/")
