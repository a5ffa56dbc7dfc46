"""A conference's list of concerns, one concern with its history, the confirmation page: contents, roles, queries."""

import datetime as dt

import pytest
from django.utils import timezone

from questions import services
from questions.models import Question
from tests.factories import (
    AnswerFactory,
    ConferenceFactory,
    QuestionFactory,
    SupportFactory,
    TopicFactory,
    UnitFactory,
    UserFactory,
    admin,
    leader,
    member,
    organizer,
)

pytestmark = pytest.mark.django_db

ROLES = {"member": member, "leader": leader, "organizer": organizer, "admin": admin}


def _list_url(conference):
    return f"/conferences/{conference.slug}/questions/"


def test_conference_list_shows_only_approved_and_answered(client):
    conference = ConferenceFactory()
    QuestionFactory(conference=conference, title="Đã duyệt")
    QuestionFactory(conference=conference, status=Question.Status.ANSWERED, title="Đã trả lời")
    for status in ("pending", "rejected", "withdrawn"):
        QuestionFactory(conference=conference, status=status, title=f"Ẩn {status}")
    content = client.get(_list_url(conference)).content.decode()
    assert "Đã duyệt" in content and "Đã trả lời" in content
    assert "Ẩn " not in content


def test_conference_list_filters_by_topic_status_and_unit(client):
    conference = ConferenceFactory()
    topic, unit = TopicFactory(name="Chủ đề lọc"), UnitFactory(name="Phòng lọc")
    QuestionFactory(conference=conference, topic=topic, title="Theo chủ đề")
    QuestionFactory(conference=conference, addressed_to_unit=unit, title="Theo đơn vị")
    QuestionFactory(conference=conference, status=Question.Status.ANSWERED, title="Theo trạng thái")
    url = _list_url(conference)
    assert _titles(client.get(url, {"topic": topic.slug})) == ["Theo chủ đề"]
    assert _titles(client.get(url, {"unit": unit.pk})) == ["Theo đơn vị"]
    assert _titles(client.get(url, {"status": "answered"})) == ["Theo trạng thái"]


def test_conference_list_ignores_unknown_filter_values(client):
    conference = ConferenceFactory()
    QuestionFactory(conference=conference, title="Vẫn hiện")
    response = client.get(_list_url(conference), {"topic": "khong-co", "unit": "abc", "status": "x", "sort": "?"})
    assert response.status_code == 200 and _titles(response) == ["Vẫn hiện"]


def test_conference_list_sorts_by_newest_or_most_supported(client):
    conference = ConferenceFactory()
    now = timezone.now()
    QuestionFactory(
        conference=conference, title="Cũ nhiều ủng hộ", submitted_at=now - dt.timedelta(days=2), support_count=9
    )
    QuestionFactory(conference=conference, title="Mới ít ủng hộ", submitted_at=now, support_count=1)
    url = _list_url(conference)
    assert _titles(client.get(url)) == ["Mới ít ủng hộ", "Cũ nhiều ủng hộ"]
    assert _titles(client.get(url, {"sort": "supported"})) == ["Cũ nhiều ủng hộ", "Mới ít ủng hộ"]


def test_conference_list_paginates(client):
    conference = ConferenceFactory()
    for _ in range(25):
        QuestionFactory(conference=conference)
    assert len(_titles(client.get(_list_url(conference)))) == 20
    assert len(_titles(client.get(_list_url(conference), {"page": 2}))) == 5


def test_conference_list_empty_state(client, english):
    content = client.get(_list_url(ConferenceFactory())).content.decode()
    assert "No concern has been published for this conference yet." in content


def test_conference_list_of_unpublished_conference_is_404_except_organizer(client):
    conference = ConferenceFactory(is_published=False)
    assert client.get(_list_url(conference)).status_code == 404
    client.force_login(member())
    assert client.get(_list_url(conference)).status_code == 404
    client.force_login(organizer())
    assert client.get(_list_url(conference)).status_code == 200


def test_conference_list_marks_what_the_member_supports(client):
    conference = ConferenceFactory()
    supported, other = QuestionFactory(conference=conference), QuestionFactory(conference=conference)
    user = member()
    SupportFactory(question=supported, user=user)
    client.force_login(user)
    content = client.get(_list_url(conference)).content.decode()
    block = content[content.index(f'id="support-{supported.pk}"') :]
    assert 'aria-pressed="true"' in block[: block.index("</form>")]
    block = content[content.index(f'id="support-{other.pk}"') :]
    assert 'aria-pressed="false"' in block[: block.index("</form>")]


def test_conference_list_shows_markup_as_text(client):
    conference = ConferenceFactory()
    QuestionFactory(conference=conference, title="<script>alert(1)</script>", body="<b>đậm</b>")
    content = client.get(_list_url(conference)).content.decode()
    assert "<script>alert(1)</script>" not in content and "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;b&gt;đậm&lt;/b&gt;" in content


@pytest.mark.parametrize("size", [1, 30])
def test_conference_list_query_count_constant_for_anonymous(client, django_assert_num_queries, size):
    conference = ConferenceFactory()
    for _ in range(size):
        QuestionFactory(conference=conference, topic=TopicFactory(), author_unit=UnitFactory())
    with django_assert_num_queries(6):
        client.get(_list_url(conference), {"q": "chuyen doi so"})


@pytest.mark.parametrize("size", [1, 30])
def test_conference_list_query_count_constant_for_member(client, django_assert_num_queries, size):
    conference = ConferenceFactory()
    user = member()
    for _ in range(size):
        SupportFactory(question=QuestionFactory(conference=conference, topic=TopicFactory()), user=user)
    client.force_login(user)
    with django_assert_num_queries(9):
        client.get(_list_url(conference))


# --- one concern ---------------------------------------------------------------------------------------------------


def test_question_detail_shows_history(client, english):
    question = QuestionFactory(status=Question.Status.PENDING)
    services.question_approve(question=question, moderator=organizer())
    AnswerFactory(question=question, body="Trả lời của Lãnh đạo")
    content = client.get(question.get_absolute_url()).content.decode()
    for label in ("Submitted", "Approved by the organizers", "Answered"):
        assert label in content
    assert "Trả lời của Lãnh đạo" in content


def test_question_detail_history_of_rejected_shows_reason_to_author(client, english):
    question = QuestionFactory(status=Question.Status.PENDING, author=member())
    services.question_reject(question=question, moderator=organizer(), reason="Ngoài phạm vi")
    client.force_login(question.author)
    content = client.get(question.get_absolute_url()).content.decode()
    assert "Not accepted by the organizers" in content and "Ngoài phạm vi" in content


def test_question_detail_of_merged_links_the_target(client, english):
    target = QuestionFactory()
    duplicate = QuestionFactory(conference=target.conference, status=Question.Status.PENDING, author=member())
    services.question_merge(question=duplicate, into=target, moderator=organizer())
    client.force_login(duplicate.author)
    content = client.get(duplicate.get_absolute_url()).content.decode()
    assert f"Merged into {target.reference}" in content and target.get_absolute_url() in content


@pytest.mark.parametrize(
    ("role", "visible"),
    [("anonymous", False), ("other", False), ("author", True), ("leader", False), ("organizer", True), ("admin", True)],
)
def test_question_detail_of_pending_concern_per_role(client, role, visible):
    question = QuestionFactory(status=Question.Status.PENDING, author=member())
    users = {"other": member, "leader": leader, "organizer": organizer, "admin": admin}
    if role == "author":
        client.force_login(question.author)
    elif role != "anonymous":
        client.force_login(users[role]())
    assert client.get(question.get_absolute_url()).status_code == (200 if visible else 404)


@pytest.mark.parametrize("size", [1, 30])
def test_question_detail_with_answers_and_supports_query_count_constant(client, django_assert_num_queries, size):
    question = QuestionFactory(status=Question.Status.ANSWERED)
    for _ in range(size):
        AnswerFactory(question=question)
        SupportFactory(question=question)
    user = member()
    client.force_login(user)
    with django_assert_num_queries(8):  # + earlier texts of answers, referred directives
        client.get(question.get_absolute_url())


def test_submitted_page_only_for_the_author(client, english):
    question = QuestionFactory(status=Question.Status.PENDING, author=member())
    client.force_login(question.author)
    content = client.get(f"/questions/{question.pk}/submitted/").content.decode()
    assert question.reference in content and "Pending" in content
    for user in (member(), organizer()):
        client.force_login(user)
        assert client.get(f"/questions/{question.pk}/submitted/").status_code == 404
    client.logout()
    assert client.get(f"/questions/{question.pk}/submitted/").url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_conference_list_readable_by_every_role(client, role):
    conference = ConferenceFactory()
    QuestionFactory(conference=conference, title="Ai cũng đọc được")
    if role != "anonymous":
        client.force_login(ROLES[role]())
    assert "Ai cũng đọc được" in client.get(_list_url(conference)).content.decode()


def test_navigation_links_per_role(client, english):
    content = client.get("/").content.decode()
    assert "/questions/mine/" not in content and "/accounts/members/" not in content
    client.force_login(member())
    content = client.get("/").content.decode()
    assert "/questions/mine/" in content and "/accounts/profile/" in content and "/accounts/members/" not in content
    client.force_login(organizer())
    assert "/accounts/members/" in client.get("/").content.decode()


def test_no_inline_scripts_on_the_concern_pages(client):
    conference = ConferenceFactory()
    question = QuestionFactory(conference=conference, author=UserFactory())
    client.force_login(organizer())
    for url in (
        _list_url(conference),
        question.get_absolute_url(),
        f"/conferences/{conference.slug}/moderate/?status=approved",
    ):
        content = client.get(url).content.decode()
        assert "<script>" not in content and " style=" not in content
        assert "/static/django_htmx/htmx-2.min.js" in content


def _titles(response) -> list[str]:
    import re

    return re.findall(
        r'<h2 id="q\d+-title" class="h6 card-title mb-1"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )
