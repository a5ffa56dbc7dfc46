import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference, Participant
from questions.models import Question
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    ParticipantFactory,
    PhotoFactory,
    QuestionFactory,
    member,
    organizer,
)

pytestmark = pytest.mark.django_db


def _full_conference(size: int) -> Conference:
    conference = ConferenceFactory(status=Conference.Status.CONCLUDED, title="Hội nghị đối thoại năm 2023")
    chair = ParticipantFactory(conference=conference, role=Participant.Role.CHAIR, full_name="Lê Quang Hòa")
    for i in range(size):
        ParticipantFactory(conference=conference)
        AgendaItemFactory(conference=conference, presenter=chair, order=i + 1)
        PhotoFactory(conference=conference, caption=f"Ảnh {i}")
        AnswerFactory(question__conference=conference, responder=chair)
    conclusion = ConclusionFactory(conference=conference, signed_by=chair, body="Kết luận Hội nghị")
    for i in range(size):
        DirectiveFactory(conclusion=conclusion, order=i + 1).support_units.add(conclusion.directives.first().lead_unit)
    return conference


def test_home_shows_current_conference_and_recent_answers(client):
    old = ConferenceFactory(status=Conference.Status.CONCLUDED, starts_at=timezone.now() - dt.timedelta(days=400))
    current = ConferenceFactory(status=Conference.Status.OPEN, title="Đối thoại năm nay")
    AnswerFactory(question__conference=old, question__title="Máy tính cho đoàn viên")
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["featured"] == current
    assert "Đối thoại năm nay" in response.content.decode()
    assert "Máy tính cho đoàn viên" in response.content.decode()


def test_home_never_features_unpublished_conference(client):
    ConferenceFactory(status=Conference.Status.OPEN, is_published=False, title="Bản nháp bí mật")
    response = client.get("/")
    assert "Bản nháp bí mật" not in response.content.decode()


def test_home_empty_state(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["featured"] is None


@pytest.mark.parametrize("size", [1, 30])
def test_home_query_count_constant(client, django_assert_num_queries, size):
    for _ in range(size):
        AnswerFactory()
    with django_assert_num_queries(3):  # + the latest youth initiatives
        client.get("/")


def test_conference_list_hides_unpublished_from_anonymous(client):
    ConferenceFactory(title="Công khai")
    ConferenceFactory(title="Nháp", is_published=False)
    content = client.get("/conferences/").content.decode()
    assert "Công khai" in content and "Nháp" not in content


def test_conference_list_shows_drafts_to_organizer_marked(client):
    ConferenceFactory(title="Nháp", is_published=False, status=Conference.Status.DRAFT)
    client.force_login(organizer())
    content = client.get("/conferences/").content.decode()
    assert "Nháp" in content
    assert "badge-status-draft" in content


def test_conference_list_filters_by_year_and_status(client):
    ConferenceFactory(
        title="Năm 2023", starts_at=timezone.make_aware(dt.datetime(2023, 3, 30, 8)), status=Conference.Status.CONCLUDED
    )
    ConferenceFactory(title="Năm nay", status=Conference.Status.OPEN)
    response = client.get("/conferences/", {"year": "2023"})
    assert [c.title for c in response.context["conferences"]] == ["Năm 2023"]
    response = client.get("/conferences/", {"status": "open"})
    assert [c.title for c in response.context["conferences"]] == ["Năm nay"]
    response = client.get("/conferences/", {"year": "abc", "status": "bogus"})
    assert response.status_code == 200
    assert len(response.context["conferences"]) == 2


def test_conference_list_paginates(client):
    for _ in range(12):
        ConferenceFactory()
    assert len(client.get("/conferences/").context["conferences"]) == 10
    assert len(client.get("/conferences/", {"page": 2}).context["conferences"]) == 2
    assert client.get("/conferences/", {"page": 9}).status_code == 404


@pytest.mark.parametrize("size", [1, 30])
def test_conference_list_query_count_constant(client, django_assert_num_queries, size):
    for _ in range(size):
        ConferenceFactory()
    with django_assert_num_queries(3):
        client.get("/conferences/")


def test_conference_detail_shows_everything_to_anonymous(client):
    conference = _full_conference(2)
    response = client.get(conference.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Lê Quang Hòa" in content
    assert "Mục chương trình" in content
    assert "Ảnh 0" in content
    assert "Lãnh đạo Sở ghi nhận" in content
    assert "Kết luận Hội nghị" in content
    assert "Xây dựng kế hoạch hành động cụ thể." in content


def test_conference_detail_agenda_times_follow_durations(client):
    start = timezone.make_aware(dt.datetime(2023, 3, 30, 8, 0))
    conference = ConferenceFactory(starts_at=start, ends_at=start + dt.timedelta(hours=3))
    AgendaItemFactory(conference=conference, order=1, duration_minutes=10)
    AgendaItemFactory(conference=conference, order=2, duration_minutes=20)
    AgendaItemFactory(conference=conference, order=3, duration_minutes=None)
    response = client.get(conference.get_absolute_url())
    starts = [timezone.localtime(start_at).strftime("%H:%M") for _, start_at in response.context["agenda"]]
    assert starts == ["08:00", "08:10", "08:30"]


def test_conference_detail_hides_pending_questions_and_unpublished_conclusion(client):
    conference = ConferenceFactory()
    QuestionFactory(conference=conference, status=Question.Status.PENDING, title="Đề xuất chưa được xem xét")
    ConclusionFactory(conference=conference, is_published=False, body="Dự thảo kết luận")
    content = client.get(conference.get_absolute_url()).content.decode()
    assert "Đề xuất chưa được xem xét" not in content
    assert "Dự thảo kết luận" not in content


def test_conference_detail_unpublished_is_404_for_anonymous_and_member(client):
    conference = ConferenceFactory(is_published=False)
    assert client.get(conference.get_absolute_url()).status_code == 404
    client.force_login(member())
    assert client.get(conference.get_absolute_url()).status_code == 404


def test_conference_detail_unpublished_visible_to_organizer(client):
    conference = ConferenceFactory(is_published=False)
    client.force_login(organizer())
    assert client.get(conference.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [1, 30])
def test_conference_detail_query_count_constant(client, django_assert_num_queries, size):
    conference = _full_conference(size)
    with django_assert_num_queries(14):  # + the satisfaction totals, the youth initiatives launched there
        client.get(conference.get_absolute_url())


def test_question_detail_public_for_approved(client):
    question = QuestionFactory(title="Tăng cường bảo mật")
    content = client.get(question.get_absolute_url()).content.decode()
    assert "Tăng cường bảo mật" in content
    assert question.reference in content


def test_question_detail_hides_anonymous_author_from_others(client):
    question = QuestionFactory(is_anonymous=True, author__first_name="Bí", author__last_name="Mật")
    assert "Mật Bí" not in client.get(question.get_absolute_url()).content.decode()
    client.force_login(organizer())
    assert question.author.get_full_name() in client.get(question.get_absolute_url()).content.decode()


@pytest.mark.parametrize("status", [Question.Status.PENDING, Question.Status.REJECTED, Question.Status.WITHDRAWN])
def test_question_detail_not_public_is_404_except_author_and_organizer(client, status):
    question = QuestionFactory(status=status, rejection_reason="Không phù hợp")
    url = question.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(member())
    assert client.get(url).status_code == 404
    client.force_login(question.author)
    assert client.get(url).status_code == 200
    client.force_login(organizer())
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [1, 30])
def test_question_detail_query_count_constant(client, django_assert_num_queries, size):
    question = QuestionFactory(status=Question.Status.ANSWERED)
    for _ in range(size):
        AnswerFactory(question=question)
    with django_assert_num_queries(4):  # + earlier texts of answers, referred directives
        client.get(question.get_absolute_url())


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_not_found_page_is_vietnamese(client):
    response = client.get("/conferences/khong-co/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_server_error_page_renders_without_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "<html" in response.content.decode()


def test_language_switch_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/conferences/"}, follow=True)
    assert "Conferences" in response.content.decode()
    response = client.post(reverse("set_language"), {"language": "vi", "next": "/conferences/"}, follow=True)
    assert "Hội nghị" in response.content.decode()


def test_login_logout_and_password_change(client):
    user = member(username="doanvien")
    response = client.post("/accounts/login/", {"username": "doanvien", "password": "demo12345"})
    assert response.status_code == 302
    assert client.get("/accounts/password_change/").status_code == 200
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "demo12345", "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026")
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_with_wrong_password_shows_error(client):
    member(username="doanvien")
    response = client.post("/accounts/login/", {"username": "doanvien", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_password_change_requires_login(client):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_logout_by_get_is_refused():
    assert Client().get("/accounts/logout/").status_code == 405
