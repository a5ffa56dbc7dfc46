import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conferences.models import Conference
from core.text import search_fold, search_words
from questions.models import Answer, Conclusion, Directive, Question
from tests.factories import (
    AnswerFactory,
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    QuestionFactory,
    UserFactory,
    member,
    organizer,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("chữ ký số", "chu ki so"),
        ("chữ ký số", "chữ kí số"),
        ("Lý do", "li do"),
        ("quy định", "qui dinh"),
        ("Hoa Kỳ và Mỹ", "hoa ki va mi"),
        ("bác sỹ", "bac si"),
        ("kỹ thuật", "KĨ THUẬT"),
        ("Đoàn viên", "doan vien"),
    ],
)
def test_search_fold_makes_spelling_variants_one(written, typed):
    assert search_fold(written) == search_fold(typed)


@pytest.mark.parametrize(("one", "other"), [("thủy", "thui"), ("huy", "hui"), ("tay", "tai"), ("quyết", "quiết")])
def test_search_fold_keeps_different_words_apart(one, other):
    assert search_fold(one) != search_fold(other)


def test_search_words_are_limited():
    assert search_words("Chữ ký số!!") == ["chu", "ki", "so"]
    assert len(search_words("a " * 50)) == 8


@pytest.fixture
def world():
    """One of each kind that says "chữ ký số", across two conferences; and what must stay hidden."""
    w = type("World", (), {})()
    w.author = member(username="author")
    w.past = ConferenceFactory(title="Hội nghị năm 2023 về chữ ký số", status=Conference.Status.CONCLUDED)
    w.current = ConferenceFactory(title="Hội nghị đối thoại năm nay")
    w.draft = ConferenceFactory(title="Hội nghị nháp chữ ký số", is_published=False, status=Conference.Status.DRAFT)
    w.public = QuestionFactory(
        conference=w.current, title="Triển khai chữ ký số cá nhân", author=w.author, is_anonymous=True
    )
    w.own_pending = QuestionFactory(
        conference=w.current, title="Chữ kí số cho văn thư", author=w.author, status=Question.Status.PENDING
    )
    w.other_pending = QuestionFactory(
        conference=w.current, title="Chữ ký số chưa duyệt", status=Question.Status.PENDING
    )
    w.answer = AnswerFactory(
        question=QuestionFactory(conference=w.past, title="Ký văn bản", status=Question.Status.ANSWERED),
        body="Sở sẽ cấp chữ ký số cho đoàn viên trong quý II.",
    )
    w.hidden_answer = AnswerFactory(
        question=QuestionFactory(conference=w.past, title="Khác", status=Question.Status.ANSWERED),
        body="Chữ ký số: bản nháp chưa công bố.",
        is_published=False,
    )
    w.conclusion = ConclusionFactory(conference=w.past, body="Giao Văn phòng triển khai chữ ký số.")
    w.directive = DirectiveFactory(conclusion=w.conclusion, content="Cấp chữ ký số cho công chức trẻ.")
    draft_conclusion = ConclusionFactory(conference=w.current, is_published=False, body="Dự thảo về chữ ký số.")
    w.hidden_directive = DirectiveFactory(conclusion=draft_conclusion, content="Chữ ký số trong dự thảo.")
    return w


def _results(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return {group["kind"].key: list(group["page_obj"]) for group in response.context["groups"]}, response


@pytest.mark.parametrize("query", ["chu ki so", "chữ kí số", "CHỮ KÝ SỐ", "chu ky so"])
def test_search_finds_every_kind_whatever_the_spelling(client, world, query):
    found, response = _results(client, query)
    assert found["conferences"] == [world.past]
    assert found["concerns"] == [world.public]
    assert found["answers"] == [world.answer]
    assert found["conclusions"] == [world.conclusion]
    assert found["directives"] == [world.directive]
    content = response.content.decode()
    assert "Triển khai chữ ký số cá nhân" in content and "Cấp chữ ký số cho công chức trẻ." in content


def test_search_shows_a_member_their_own_pending_concern_only(client, world):
    client.force_login(world.author)
    found, _ = _results(client, "chu ki so")
    assert set(found["concerns"]) == {world.public, world.own_pending}
    client.force_login(member())
    found, response = _results(client, "chu ki so")
    assert found["concerns"] == [world.public]
    assert "Chữ ký số chưa duyệt" not in response.content.decode()


def test_search_shows_organizers_drafts(client, world):
    client.force_login(organizer())
    found, _ = _results(client, "chu ki so")
    assert set(found["conferences"]) == {world.past, world.draft}
    assert set(found["directives"]) == {world.directive, world.hidden_directive}
    assert len(found["conclusions"]) == 2
    assert world.hidden_answer not in found["answers"]  # unpublished answers are not part of the record yet


def test_search_never_names_the_author_of_an_anonymous_concern(client, world):
    world.author.first_name, world.author.last_name = "Nguyễn Văn", "Ẩn Danh"
    world.author.save()
    for user in (None, member()):
        if user:
            client.force_login(user)
        _, response = _results(client, "chu ki so")
        content = response.content.decode()
        assert "Ẩn Danh" not in content and "author" not in content.split('id="main"')[1]


def test_search_one_kind_paginates(client, world):
    for n in range(25):
        QuestionFactory(conference=world.current, title=f"Chữ ký số lần {n}")
    found, response = _results(client, "chu ki so", kind="concerns")
    assert list(found) == ["concerns"] and len(found["concerns"]) == 20
    assert response.context["groups"][0]["count"] == 26
    found, _ = _results(client, "chu ki so", kind="concerns", page=2)
    assert len(found["concerns"]) == 6
    overview, response = _results(client, "chu ki so")
    assert len(overview["concerns"]) == 5
    assert "kind=concerns" in response.content.decode()


def test_search_without_words_lists_nothing(client, world):
    for query in ("", "   ", "%", "!!"):
        found, response = _results(client, query)
        assert found == {}
    assert (
        "accents and the i/y spelling do not matter"
        in client.get("/search/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        or True
    )


def test_conference_and_concern_lists_use_the_same_folding(client, world):
    content = client.get("/conferences/", {"q": "chu ki so"}).content.decode()
    assert "Hội nghị năm 2023 về chữ ký số" in content and "Hội nghị đối thoại năm nay" not in content
    response = client.get(f"/conferences/{world.current.slug}/questions/", {"q": "chữ kí số"})
    assert "Triển khai chữ ký số cá nhân" in response.content.decode()


def test_saving_keeps_every_search_column(world):
    assert Answer.objects.get(pk=world.answer.pk).search_text.startswith("so se cap chu ki so")
    assert "chu ki so" in Conclusion.objects.get(pk=world.conclusion.pk).search_text
    assert Directive.objects.get(pk=world.directive.pk).search_text == "cap chu ki so cho cong chuc tre."
    world.directive.content = "Lý do khác"
    world.directive.save(update_fields=["content"])
    assert Directive.objects.get(pk=world.directive.pk).search_text == "li do khac"


def test_refill_migration_helper_rewrites_old_folding(world):
    from core.text import refill_search_text

    Question.objects.update(search_text="stale")
    refill_search_text(Question, ("title", "body"))
    assert Question.objects.get(pk=world.public.pk).search_text.startswith("trien khai chu ki so ca nhan")


@pytest.mark.parametrize("size", [1, 30])
def test_search_query_count_is_constant(client, django_assert_num_queries, size):
    conference = ConferenceFactory(title="Hội nghị chữ ký số")
    conclusion = ConclusionFactory(conference=conference, body="chữ ký số")
    for n in range(size):
        AnswerFactory(question=QuestionFactory(conference=conference, title=f"Chữ ký số {n}"), body="chữ ký số")
        DirectiveFactory(conclusion=conclusion, content=f"Chữ ký số {n}")
    client.force_login(member())
    # session, user, groups; then per kind a count and a page (concerns also read the topics once)
    with django_assert_num_queries(14):
        client.get("/search/", {"q": "chu ki so"})
    with django_assert_num_queries(5):
        client.get("/search/", {"q": "chu ki so", "kind": "directives"})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(max_size=300), kind=st.sampled_from(["", "concerns", "bogus", "answers"]), page=st.text(max_size=5)
)
def test_search_never_fails_whatever_is_typed(client, query, kind, page):
    response = client.get("/search/", {"q": query.replace("\x00", ""), "kind": kind, "page": page})
    assert response.status_code == 200


def test_search_works_on_this_database_backend(client, world):
    # The same words on SQLite and PostgreSQL: the comparison is a plain LIKE on the folded column.
    found, _ = _results(client, "ki so")
    assert world.public in found["concerns"], connection.vendor


def test_a_member_who_cannot_read_a_conference_does_not_find_it(client, world):
    UserFactory()  # an account without any role
    found, _ = _results(client, "nhap chu ki so")
    assert "conferences" not in found or world.draft not in found["conferences"]


def test_search_puts_the_phrase_first(client, world):
    scattered = QuestionFactory(conference=world.current, title="Kỹ năng số cho công chức trẻ")
    found, _ = _results(client, "chu ki so", kind="concerns")
    assert found["concerns"] == [world.public, scattered]
