"""Submitting, editing and withdrawing a concern: the services' rules and the member's pages."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conferences.models import Conference
from questions import services
from questions.models import Question
from tests.factories import ConferenceFactory, QuestionFactory, TopicFactory, UnitFactory, leader, member, organizer

pytestmark = pytest.mark.django_db


def _submit(conference, author, **overrides):
    values = {
        "conference": conference,
        "author": author,
        "title": "Trang bị máy tính",
        "body": "Đề nghị trang bị máy tính mới cho đoàn viên.",
    }
    values.update(overrides)
    return services.question_submit(**values)


def _form_data(topic_obj, **overrides):
    data = {
        "topic": topic_obj.pk,
        "addressed_to_unit": "",
        "title": "Chuyển đổi số trong cơ quan",
        "body": "Đề nghị Sở tổ chức tập huấn kỹ năng số cho đoàn viên.",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


# --- services ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("", "Nội dung"),
        ("   ", "Nội dung"),
        ("Tiêu đề", ""),
        ("Tiêu đề", " \n\t "),
        ("x" * 256, "Nội dung"),
        ("Tiêu đề", "y" * 5001),
    ],
)
def test_question_submit_refuses_empty_or_overlong_text(title, body):
    with pytest.raises(ValidationError):
        _submit(ConferenceFactory(), member(), title=title, body=body)
    assert Question.objects.count() == 0


@pytest.mark.parametrize(
    "conference_kwargs",
    [
        {"status": Conference.Status.DRAFT},
        {"status": Conference.Status.CONCLUDED},
        {"is_published": False},
        {"questions_open_at": "future"},
        {"questions_close_at": "past"},
    ],
)
def test_question_submit_refused_when_conference_closed_or_unpublished(conference_kwargs):
    now = timezone.now()
    if conference_kwargs.get("questions_open_at") == "future":
        conference_kwargs["questions_open_at"] = now + dt.timedelta(days=1)
    if conference_kwargs.get("questions_close_at") == "past":
        conference_kwargs["questions_close_at"] = now - dt.timedelta(minutes=1)
        conference_kwargs["starts_at"] = now - dt.timedelta(hours=1)
    with pytest.raises(ValidationError):
        _submit(ConferenceFactory(**conference_kwargs), member())
    assert Question.objects.count() == 0


def test_question_submit_with_window_check_off_records_history():
    conference = ConferenceFactory(status=Conference.Status.CONCLUDED)
    question = _submit(conference, member(), check_window=False)
    assert question.status == Question.Status.PENDING


def test_question_submit_refuses_inactive_topic():
    with pytest.raises(ValidationError) as error:
        _submit(ConferenceFactory(), member(), topic=TopicFactory(is_active=False))
    assert "topic" in error.value.message_dict
    assert Question.objects.count() == 0


def test_question_submit_keeps_markup_as_text_and_folds_search_text():
    question = _submit(ConferenceFactory(), member(), title="<b>Đổi mới</b>", body="<script>alert(1)</script> Đào tạo")
    question.refresh_from_db()
    assert question.title == "<b>Đổi mới</b>"
    assert question.search_text == "<b>doi moi</b> <script>alert(1)</script> dao tao"


def test_question_submit_same_token_twice_saves_one_row():
    conference, author, token = ConferenceFactory(), member(), uuid.uuid4()
    first = _submit(conference, author, submission_token=token)
    second = _submit(conference, author, submission_token=token, title="Khác")
    assert first.pk == second.pk
    assert Question.objects.count() == 1


def test_question_submit_token_of_another_member_is_refused():
    conference, token = ConferenceFactory(), uuid.uuid4()
    _submit(conference, member(), submission_token=token)
    with pytest.raises(ValidationError):
        _submit(conference, member(), submission_token=token)
    assert Question.objects.count() == 1


def test_question_submit_rate_limit_per_member_and_hour(settings):
    settings.QUESTIONS_PER_HOUR = 2
    conference, author = ConferenceFactory(), member()
    _submit(conference, author)
    _submit(conference, author)
    with pytest.raises(ValidationError) as error:
        _submit(conference, author)
    assert "at most 2" in " ".join(error.value.messages) or "2" in " ".join(error.value.messages)
    assert Question.objects.filter(author=author).count() == 2
    _submit(conference, member())  # another member is not limited by the first one's count
    assert Question.objects.count() == 3


def test_question_submit_invalid_attempts_do_not_use_up_the_rate_limit(settings):
    settings.QUESTIONS_PER_HOUR = 1
    conference, author = ConferenceFactory(), member()
    for _ in range(3):
        with pytest.raises(ValidationError):
            _submit(conference, author, title=" ")
    _submit(conference, author)
    assert Question.objects.count() == 1


def test_question_update_changes_pending_own_concern():
    question = _submit(ConferenceFactory(), author := member())
    topic, unit = TopicFactory(), UnitFactory()
    services.question_update(
        question=question,
        author=author,
        title=" Tiêu đề mới ",
        body="Nội dung mới",
        topic=topic,
        addressed_to_unit=unit,
        is_anonymous=True,
    )
    question.refresh_from_db()
    assert (question.title, question.body, question.topic, question.addressed_to_unit) == (
        "Tiêu đề mới",
        "Nội dung mới",
        topic,
        unit,
    )
    assert question.is_anonymous and question.search_text == "tieu de moi noi dung moi"


@pytest.mark.parametrize("status", [Question.Status.APPROVED, Question.Status.REJECTED, Question.Status.WITHDRAWN])
def test_question_update_refused_unless_pending(status):
    question = QuestionFactory(status=status)
    with pytest.raises(ValidationError):
        services.question_update(question=question, author=question.author, title="Mới", body="Mới")
    question.refresh_from_db()
    assert question.title != "Mới"


def test_question_update_refused_for_another_member():
    question = QuestionFactory(status=Question.Status.PENDING)
    with pytest.raises(ValidationError):
        services.question_update(question=question, author=member(), title="Mới", body="Mới")


def test_question_update_refused_after_window_closed():
    question = QuestionFactory(status=Question.Status.PENDING, conference__status=Conference.Status.IN_SESSION)
    Conference.objects.filter(pk=question.conference_id).update(status=Conference.Status.CONCLUDED)
    with pytest.raises(ValidationError):
        services.question_update(question=question, author=question.author, title="Mới", body="Mới")


def test_question_withdraw_pending_own_concern():
    question = QuestionFactory(status=Question.Status.PENDING)
    services.question_withdraw(question=question, author=question.author)
    question.refresh_from_db()
    assert question.status == Question.Status.WITHDRAWN and question.withdrawn_at is not None


@pytest.mark.parametrize("status", [Question.Status.APPROVED, Question.Status.ANSWERED, Question.Status.WITHDRAWN])
def test_question_withdraw_refused_unless_pending(status):
    question = QuestionFactory(status=status)
    with pytest.raises(ValidationError):
        services.question_withdraw(question=question, author=question.author)
    question.refresh_from_db()
    assert question.status == status


def test_question_withdraw_refused_for_another_member():
    question = QuestionFactory(status=Question.Status.PENDING)
    with pytest.raises(ValidationError):
        services.question_withdraw(question=question, author=member())
    question.refresh_from_db()
    assert question.status == Question.Status.PENDING


# --- the submit page -----------------------------------------------------------------------------------------------


def test_submit_page_saves_pending_and_shows_reference(client, english):
    conference, topic, author = ConferenceFactory(), TopicFactory(), member()
    client.force_login(author)
    response = client.post(f"/conferences/{conference.slug}/questions/new/", _form_data(topic, is_anonymous="on"))
    question = Question.objects.get()
    assert response.status_code == 302 and response.url == f"/questions/{question.pk}/submitted/"
    assert question.author == author and question.status == Question.Status.PENDING and question.is_anonymous
    page = client.get(response.url).content.decode()
    assert question.reference in page
    assert question.reference.startswith(f"HNDT-{conference.starts_at.year}-")
    mine = client.get("/questions/mine/").content.decode()
    assert "Chuyển đổi số trong cơ quan" in mine and "Pending" in mine


def test_submit_page_explains_anonymity(client, english):
    client.force_login(member())
    content = client.get(f"/conferences/{ConferenceFactory().slug}/questions/new/").content.decode()
    assert "The organizers still see it" in content


def test_submit_page_double_click_saves_one_row(client):
    conference, topic = ConferenceFactory(), TopicFactory()
    client.force_login(member())
    data = _form_data(topic)
    first = client.post(f"/conferences/{conference.slug}/questions/new/", data)
    second = client.post(f"/conferences/{conference.slug}/questions/new/", data)
    assert Question.objects.count() == 1
    assert first.url == second.url == f"/questions/{Question.objects.get().pk}/submitted/"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "Write a title."),
        ("body", "\n  \n", "Write the content of your concern."),
        ("title", "x" * 300, "at most 255 characters"),
        ("body", "y" * 5001, "at most 5000 characters"),
        ("topic", "999999", "This topic does not exist"),
    ],
)
def test_submit_page_bad_input_is_a_form_error_and_saves_nothing(client, english, field, value, message):
    conference, topic = ConferenceFactory(), TopicFactory()
    client.force_login(member())
    response = client.post(f"/conferences/{conference.slug}/questions/new/", _form_data(topic, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Question.objects.count() == 0


def test_submit_page_outside_window_says_when_instead_of_form(client, english):
    opens = timezone.now() + dt.timedelta(days=2)
    conference = ConferenceFactory(questions_open_at=opens)
    client.force_login(member())
    content = client.get(f"/conferences/{conference.slug}/questions/new/").content.decode()
    assert "Submissions open on" in content and timezone.localtime(opens).strftime("%d/%m/%Y") in content
    assert 'name="title"' not in content


def test_submit_page_after_window_closed_says_closed(client, english):
    now = timezone.now()
    conference = ConferenceFactory(
        starts_at=now - dt.timedelta(hours=1), questions_close_at=now - dt.timedelta(minutes=5)
    )
    client.force_login(member())
    content = client.get(f"/conferences/{conference.slug}/questions/new/").content.decode()
    assert "Submissions closed on" in content and 'name="title"' not in content


def test_submit_page_window_closed_while_form_open_keeps_text(client, english):
    conference, topic = ConferenceFactory(), TopicFactory()
    client.force_login(member())
    assert 'name="title"' in client.get(f"/conferences/{conference.slug}/questions/new/").content.decode()
    Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.CONCLUDED)
    response = client.post(f"/conferences/{conference.slug}/questions/new/", _form_data(topic))
    content = response.content.decode()
    assert "not accepting concerns" in content
    assert "Chuyển đổi số trong cơ quan" in content  # what the member typed is still there
    assert Question.objects.count() == 0


def test_submit_page_rate_limited_is_a_clear_message(client, english, settings):
    settings.QUESTIONS_PER_HOUR = 1
    conference, topic = ConferenceFactory(), TopicFactory()
    client.force_login(member())
    client.post(f"/conferences/{conference.slug}/questions/new/", _form_data(topic))
    response = client.post(f"/conferences/{conference.slug}/questions/new/", _form_data(topic))
    assert "at most 1 concern per hour" in response.content.decode()
    assert Question.objects.count() == 1


def test_submit_page_unpublished_conference_is_404_for_member(client):
    conference = ConferenceFactory(is_published=False)
    client.force_login(member())
    assert client.get(f"/conferences/{conference.slug}/questions/new/").status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("member", 200), ("leader", 200), ("organizer", 200), ("admin", 200), ("nogroup", 403)],
)
def test_submit_page_permissions_per_role(client, role, expected):
    from tests.factories import UserFactory, admin

    conference = ConferenceFactory()
    users = {"member": member, "leader": leader, "organizer": organizer, "admin": admin, "nogroup": UserFactory}
    if role != "anonymous":
        client.force_login(users[role]())
    response = client.get(f"/conferences/{conference.slug}/questions/new/")
    assert response.status_code == expected
    if role == "anonymous":
        assert response.url.startswith("/accounts/login/")


# --- my concerns, edit, withdraw -----------------------------------------------------------------------------------


def test_my_questions_shows_status_reason_and_answers(client, english):
    from tests.factories import AnswerFactory

    author = member()
    QuestionFactory(author=author, status=Question.Status.PENDING, title="Đang chờ")
    QuestionFactory(author=author, status=Question.Status.REJECTED, title="Bị từ chối", rejection_reason="Trùng lặp")
    AnswerFactory(question__author=author, question__title="Đã trả lời", body="Sở sẽ bố trí kinh phí.")
    QuestionFactory(title="Của người khác")
    client.force_login(author)
    content = client.get("/questions/mine/").content.decode()
    assert "Đang chờ" in content and "Bị từ chối" in content and "Trùng lặp" in content
    assert "Sở sẽ bố trí kinh phí." in content
    assert "Của người khác" not in content


def test_my_questions_empty_state(client, english):
    client.force_login(member())
    assert "You have not submitted any concern yet." in client.get("/questions/mine/").content.decode()


def test_my_questions_requires_login(client):
    assert client.get("/questions/mine/").url.startswith("/accounts/login/")


@pytest.mark.parametrize("size", [1, 30])
def test_my_questions_query_count_constant(client, django_assert_num_queries, size):
    from tests.factories import AnswerFactory

    author = member()
    for _ in range(size):
        AnswerFactory(question__author=author)
        QuestionFactory(author=author, status=Question.Status.MERGED, duplicate_of=QuestionFactory())
    client.force_login(author)
    with django_assert_num_queries(6):
        client.get("/questions/mine/")


def test_edit_page_saves_changes_of_own_pending(client):
    question = QuestionFactory(status=Question.Status.PENDING, topic=TopicFactory())
    client.force_login(question.author)
    response = client.post(f"/questions/{question.pk}/edit/", _form_data(question.topic, title="Đã sửa"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "Đã sửa"


def test_edit_page_of_another_members_concern_is_404(client):
    question = QuestionFactory(status=Question.Status.PENDING, topic=TopicFactory())
    client.force_login(member())
    assert client.get(f"/questions/{question.pk}/edit/").status_code == 404
    assert client.post(f"/questions/{question.pk}/edit/", _form_data(question.topic, title="X")).status_code == 404
    question.refresh_from_db()
    assert question.title != "X"


@pytest.mark.parametrize(("role", "expected"), [("leader", 404), ("organizer", 404), ("admin", 404)])
def test_edit_page_only_for_the_author_whatever_the_role(client, role, expected):
    from tests.factories import admin

    question = QuestionFactory(status=Question.Status.PENDING)
    client.force_login({"leader": leader, "organizer": organizer, "admin": admin}[role]())
    assert client.get(f"/questions/{question.pk}/edit/").status_code == expected


def test_edit_page_anonymous_is_sent_to_login(client):
    question = QuestionFactory(status=Question.Status.PENDING)
    assert client.get(f"/questions/{question.pk}/edit/").url.startswith("/accounts/login/")


def test_edit_page_of_approved_concern_redirects_with_message(client, english):
    question = QuestionFactory(status=Question.Status.APPROVED)
    client.force_login(question.author)
    response = client.get(f"/questions/{question.pk}/edit/", follow=True)
    assert "Only a pending concern can be changed." in response.content.decode()


def test_withdraw_asks_for_confirmation_then_withdraws(client, english):
    question = QuestionFactory(status=Question.Status.PENDING)
    client.force_login(question.author)
    assert "Do you really want to withdraw" in client.get(f"/questions/{question.pk}/withdraw/").content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.PENDING
    client.post(f"/questions/{question.pk}/withdraw/")
    question.refresh_from_db()
    assert question.status == Question.Status.WITHDRAWN


def test_withdraw_of_another_members_concern_is_404(client):
    question = QuestionFactory(status=Question.Status.PENDING)
    client.force_login(member())
    assert client.post(f"/questions/{question.pk}/withdraw/").status_code == 404
    question.refresh_from_db()
    assert question.status == Question.Status.PENDING


def test_withdraw_approved_concern_is_refused_with_message(client, english):
    question = QuestionFactory(status=Question.Status.APPROVED)
    client.force_login(question.author)
    response = client.post(f"/questions/{question.pk}/withdraw/", follow=True)
    assert "Only a pending concern can be withdrawn." in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED
