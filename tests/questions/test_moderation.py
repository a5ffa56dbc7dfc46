"""Moderation: the services (approve, reject, merge, reword, classify, bulk) and the organizers' queue."""

import pytest
from django.core.exceptions import ValidationError

from questions import services
from questions.models import Question, Support
from tests.factories import (
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

PENDING = Question.Status.PENDING


def _url(conference, suffix=""):
    return f"/conferences/{conference.slug}/moderate/{suffix}"


# --- services ------------------------------------------------------------------------------------------------------


def test_question_merge_moves_supports_and_recounts_target():
    target = QuestionFactory()
    duplicate = QuestionFactory(conference=target.conference, status=PENDING)
    SupportFactory(question=target, user=(both := member()))
    for user in (both, member(), member()):
        SupportFactory(question=duplicate, user=user)
    Question.objects.filter(pk=duplicate.pk).update(support_count=3)
    services.question_merge(question=duplicate, into=target, moderator=organizer())
    target.refresh_from_db()
    assert target.support_count == 3 == Support.objects.filter(question=target).count()
    assert not Support.objects.filter(question=duplicate).exists()


def test_question_merge_drops_support_of_the_targets_author():
    target = QuestionFactory()
    duplicate = QuestionFactory(conference=target.conference)
    SupportFactory(question=duplicate, user=target.author)
    services.question_merge(question=duplicate, into=target, moderator=organizer())
    target.refresh_from_db()
    assert target.support_count == 0
    assert not Support.objects.filter(user=target.author).exists()


@pytest.mark.parametrize("status", [Question.Status.REJECTED, Question.Status.WITHDRAWN, Question.Status.MERGED])
def test_question_merge_into_closed_concern_refused(status):
    target = QuestionFactory(status=status, duplicate_of=QuestionFactory() if status == "merged" else None)
    duplicate = QuestionFactory(conference=target.conference, status=PENDING)
    with pytest.raises(ValidationError):
        services.question_merge(question=duplicate, into=target, moderator=organizer())
    duplicate.refresh_from_db()
    assert duplicate.status == PENDING


def test_question_reject_refuses_already_approved():
    question = QuestionFactory(status=Question.Status.APPROVED)
    with pytest.raises(ValidationError):
        services.question_reject(question=question, moderator=organizer(), reason="Lý do")
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED


def test_question_approve_reads_fresh_state_not_the_stale_object():
    question = QuestionFactory(status=PENDING)
    stale = Question.objects.get(pk=question.pk)
    services.question_reject(question=question, moderator=organizer(), reason="Không phù hợp")
    with pytest.raises(ValidationError):
        services.question_approve(question=stale, moderator=organizer())
    question.refresh_from_db()
    assert question.status == Question.Status.REJECTED


def test_question_edit_for_clarity_keeps_the_original_once():
    question = QuestionFactory(status=PENDING, title="Máy tinh cu", body="may tinh cu qua")
    moderator = organizer()
    services.question_edit_for_clarity(question=question, moderator=moderator, title="Máy tính cũ", body="Máy cũ.")
    services.question_edit_for_clarity(question=question, moderator=moderator, title="Máy tính đã cũ", body="Máy cũ!")
    question.refresh_from_db()
    assert (question.title, question.body) == ("Máy tính đã cũ", "Máy cũ!")
    assert (question.original_title, question.original_body) == ("Máy tinh cu", "may tinh cu qua")
    assert question.edited_by == moderator and question.edited_at is not None
    assert question.search_text == "may tinh da cu may cu!"
    assert question.is_edited


def test_question_edit_for_clarity_without_change_keeps_no_original():
    question = QuestionFactory(status=PENDING)
    services.question_edit_for_clarity(
        question=question, moderator=organizer(), title=question.title, body=question.body
    )
    question.refresh_from_db()
    assert not question.is_edited and question.edited_at is None


@pytest.mark.parametrize(("title", "body"), [("", "Nội dung"), ("Tiêu đề", "  "), ("x" * 256, "Nội dung")])
def test_question_edit_for_clarity_refuses_bad_text(title, body):
    question = QuestionFactory(status=PENDING)
    with pytest.raises(ValidationError):
        services.question_edit_for_clarity(question=question, moderator=organizer(), title=title, body=body)
    question.refresh_from_db()
    assert not question.is_edited


@pytest.mark.parametrize("status", [Question.Status.REJECTED, Question.Status.WITHDRAWN])
def test_question_edit_for_clarity_refused_for_closed_concern(status):
    question = QuestionFactory(status=status)
    with pytest.raises(ValidationError):
        services.question_edit_for_clarity(question=question, moderator=organizer(), title="Mới", body="Mới")


def test_question_set_classification_sets_topic_and_unit():
    question, topic, unit = QuestionFactory(status=PENDING), TopicFactory(), UnitFactory()
    services.question_set_classification(question=question, moderator=organizer(), topic=topic, addressed_to_unit=unit)
    question.refresh_from_db()
    assert question.topic == topic and question.addressed_to_unit == unit


def test_question_set_classification_refuses_inactive_topic():
    question = QuestionFactory(status=PENDING)
    with pytest.raises(ValidationError):
        services.question_set_classification(
            question=question, moderator=organizer(), topic=TopicFactory(is_active=False), addressed_to_unit=None
        )


def test_question_bulk_approve_all_or_nothing():
    conference = ConferenceFactory()
    pending = [QuestionFactory(conference=conference, status=PENDING) for _ in range(2)]
    approved = QuestionFactory(conference=conference, status=Question.Status.APPROVED)
    with pytest.raises(ValidationError) as error:
        services.question_bulk_approve(questions=[*pending, approved], moderator=organizer())
    assert approved.reference in " ".join(error.value.messages)
    assert Question.objects.filter(status=PENDING).count() == 2
    services.question_bulk_approve(questions=pending, moderator=organizer())
    assert Question.objects.filter(status=Question.Status.APPROVED).count() == 3


def test_question_bulk_reject_needs_a_reason():
    questions = [QuestionFactory(status=PENDING) for _ in range(2)]
    with pytest.raises(ValidationError):
        services.question_bulk_reject(questions=questions, moderator=organizer(), reason=" ")
    services.question_bulk_reject(questions=questions, moderator=organizer(), reason="Ngoài phạm vi")
    assert set(Question.objects.values_list("rejection_reason", flat=True)) == {"Ngoài phạm vi"}


# --- the moderation page --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("member", 403), ("leader", 403), ("organizer", 200), ("admin", 200)],
)
def test_moderation_page_permissions_per_role(client, role, expected):
    conference = ConferenceFactory()
    QuestionFactory(conference=conference, status=PENDING, title="Kiến nghị chờ duyệt")
    if role != "anonymous":
        client.force_login({"member": member, "leader": leader, "organizer": organizer, "admin": admin}[role]())
    response = client.get(_url(conference))
    assert response.status_code == expected
    if expected == 200:
        assert "Kiến nghị chờ duyệt" in response.content.decode()
    elif role == "anonymous":
        assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("action", ["1/approve/", "1/reject/", "1/merge/", "1/classify/", "bulk/"])
@pytest.mark.parametrize("role", ["member", "leader"])
def test_moderation_actions_forbidden_to_members_and_leaders(client, action, role):
    conference = ConferenceFactory()
    question = QuestionFactory(conference=conference, status=PENDING)
    client.force_login({"member": member, "leader": leader}[role]())
    response = client.post(_url(conference, action.replace("1", str(question.pk), 1)), {"reason": "x"})
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.status == PENDING


def test_moderation_actions_send_anonymous_to_login(client):
    conference = ConferenceFactory()
    question = QuestionFactory(conference=conference, status=PENDING)
    response = client.post(_url(conference, f"{question.pk}/approve/"))
    assert response.url.startswith("/accounts/login/")
    question.refresh_from_db()
    assert question.status == PENDING


def test_moderation_page_shows_anonymous_author_unit_topic_and_counts(client, english):
    conference = ConferenceFactory()
    author = member(first_name="Lê Thị", last_name="Ẩn")
    unit = UnitFactory(name="Phòng Công chức")
    QuestionFactory(
        conference=conference,
        author=author,
        author_unit=unit,
        status=PENDING,
        is_anonymous=True,
        topic=TopicFactory(name="Chủ đề X"),
    )
    QuestionFactory(conference=conference, status=Question.Status.APPROVED)
    client.force_login(organizer())
    content = client.get(_url(conference)).content.decode()
    assert "Lê Thị Ẩn" in content and "Phòng Công chức" in content and "Chủ đề X" in content
    assert "Anonymous to others" in content
    assert 'status-count-pending">1<' in content and 'status-count-approved">1<' in content


def test_moderation_page_empty_state(client, english):
    client.force_login(organizer())
    assert "No concern is waiting for moderation." in client.get(_url(ConferenceFactory())).content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_moderation_page_query_count_constant(client, django_assert_num_queries, size):
    conference = ConferenceFactory()
    for _ in range(size):
        QuestionFactory(conference=conference, status=PENDING, topic=TopicFactory(), addressed_to_unit=UnitFactory())
    client.force_login(organizer())
    with django_assert_num_queries(10):
        client.get(_url(conference))


def test_moderation_approve_from_the_queue(client, english):
    conference = ConferenceFactory()
    question = QuestionFactory(conference=conference, status=PENDING)
    moderator = organizer()
    client.force_login(moderator)
    response = client.post(_url(conference, f"{question.pk}/approve/"), follow=True)
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED and question.moderated_by == moderator
    assert f"Concern {question.reference} approved." in response.content.decode()


def test_moderation_approve_twice_shows_error(client, english):
    conference = ConferenceFactory()
    question = QuestionFactory(conference=conference, status=Question.Status.APPROVED)
    client.force_login(organizer())
    response = client.post(_url(conference, f"{question.pk}/approve/"), follow=True)
    assert "Only a pending concern can be approved." in response.content.decode()


def test_moderation_action_on_concern_of_other_conference_is_404(client):
    conference = ConferenceFactory()
    other = QuestionFactory(status=PENDING)
    client.force_login(organizer())
    assert client.post(_url(conference, f"{other.pk}/approve/")).status_code == 404
    other.refresh_from_db()
    assert other.status == PENDING


def test_moderation_reject_needs_reason(client, english):
    conference = ConferenceFactory()
    question = QuestionFactory(conference=conference, status=PENDING)
    client.force_login(organizer())
    response = client.post(_url(conference, f"{question.pk}/reject/"), {"reason": "   "}, follow=True)
    assert "Give the author a reason for the rejection." in response.content.decode()
    question.refresh_from_db()
    assert question.status == PENDING
    client.post(_url(conference, f"{question.pk}/reject/"), {"reason": "Không thuộc phạm vi hội nghị"})
    question.refresh_from_db()
    assert question.status == Question.Status.REJECTED and question.rejection_reason == "Không thuộc phạm vi hội nghị"


def test_moderation_merge_from_the_queue(client):
    conference = ConferenceFactory()
    target = QuestionFactory(conference=conference)
    duplicate = QuestionFactory(conference=conference, status=PENDING)
    client.force_login(organizer())
    client.post(_url(conference, f"{duplicate.pk}/merge/"), {"into": target.pk})
    duplicate.refresh_from_db()
    assert duplicate.status == Question.Status.MERGED and duplicate.duplicate_of == target


def test_moderation_merge_into_concern_of_other_conference_is_refused(client, english):
    conference = ConferenceFactory()
    duplicate = QuestionFactory(conference=conference, status=PENDING)
    response = None
    client.force_login(organizer())
    response = client.post(_url(conference, f"{duplicate.pk}/merge/"), {"into": QuestionFactory().pk}, follow=True)
    assert "Choose a concern of this conference" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.status == PENDING


def test_moderation_classify_from_the_queue(client):
    conference = ConferenceFactory()
    question = QuestionFactory(conference=conference, status=PENDING)
    topic, unit = TopicFactory(), UnitFactory()
    client.force_login(organizer())
    client.post(_url(conference, f"{question.pk}/classify/"), {"topic": topic.pk, "addressed_to_unit": unit.pk})
    question.refresh_from_db()
    assert question.topic == topic and question.addressed_to_unit == unit


def test_moderation_bulk_approve_and_reject(client, english):
    conference = ConferenceFactory()
    questions = [QuestionFactory(conference=conference, status=PENDING) for _ in range(4)]
    client.force_login(organizer())
    client.post(_url(conference, "bulk/"), {"action": "approve", "questions": [q.pk for q in questions[:2]]})
    response = client.post(
        _url(conference, "bulk/"), {"action": "reject", "questions": [q.pk for q in questions[2:]]}, follow=True
    )
    assert "Give the authors a reason for the rejection." in response.content.decode()
    client.post(
        _url(conference, "bulk/"),
        {"action": "reject", "questions": [q.pk for q in questions[2:]], "reason": "Trùng lặp"},
    )
    statuses = [Question.objects.get(pk=q.pk).status for q in questions]
    assert statuses == ["approved", "approved", "rejected", "rejected"]


def test_moderation_bulk_with_a_stale_concern_changes_nothing(client, english):
    conference = ConferenceFactory()
    pending = QuestionFactory(conference=conference, status=PENDING)
    approved = QuestionFactory(conference=conference, status=Question.Status.APPROVED)
    client.force_login(organizer())
    response = client.post(
        _url(conference, "bulk/"), {"action": "approve", "questions": [pending.pk, approved.pk]}, follow=True
    )
    assert "Nothing was changed" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == PENDING


def test_moderation_bulk_without_selection_is_a_message(client, english):
    conference = ConferenceFactory()
    client.force_login(organizer())
    response = client.post(_url(conference, "bulk/"), {"action": "approve"}, follow=True)
    assert "Tick at least one concern." in response.content.decode()


def test_moderator_edit_page_rewords_keeps_original_and_shows_it(client, english):
    conference = ConferenceFactory()
    question = QuestionFactory(conference=conference, status=PENDING, title="may tinh", body="hong")
    topic = TopicFactory()
    client.force_login(organizer())
    response = client.post(
        _url(conference, f"{question.pk}/edit/"),
        {"title": "Máy tính hỏng", "body": "Máy tính của phòng bị hỏng.", "topic": topic.pk, "addressed_to_unit": ""},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "Máy tính hỏng" and question.original_title == "may tinh" and question.topic == topic
    # the author sees that it was reworded, and the original
    client.force_login(question.author)
    content = client.get(question.get_absolute_url()).content.decode()
    assert "Edited by the organizers for clarity." in content and "may tinh" in content
    # another member sees the new wording only
    client.force_login(member())
    Question.objects.filter(pk=question.pk).update(status=Question.Status.APPROVED)
    content = client.get(question.get_absolute_url()).content.decode()
    assert "Máy tính hỏng" in content and "The author&#x27;s original wording" not in content


def test_moderator_edit_page_empty_title_is_form_error(client, english):
    conference = ConferenceFactory()
    question = QuestionFactory(conference=conference, status=PENDING)
    client.force_login(organizer())
    response = client.post(_url(conference, f"{question.pk}/edit/"), {"title": "  ", "body": "Nội dung"})
    assert response.status_code == 200 and "Write a title." in response.content.decode()
    question.refresh_from_db()
    assert not question.is_edited


@pytest.mark.parametrize(("role", "expected"), [("anonymous", 302), ("member", 403), ("leader", 403), ("admin", 200)])
def test_moderator_edit_page_permissions(client, role, expected):
    conference = ConferenceFactory()
    question = QuestionFactory(conference=conference, status=PENDING)
    if role != "anonymous":
        client.force_login({"member": member, "leader": leader, "admin": admin}[role]())
    assert client.get(_url(conference, f"{question.pk}/edit/")).status_code == expected


def test_user_without_group_cannot_moderate(client):
    conference = ConferenceFactory()
    client.force_login(UserFactory())
    assert client.get(_url(conference)).status_code == 403
