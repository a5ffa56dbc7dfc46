import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conferences.models import Conference
from questions import services
from questions.models import Answer, Question, Support
from tests.factories import (
    ConferenceFactory,
    ParticipantFactory,
    QuestionFactory,
    UnitFactory,
    UserFactory,
    member,
    organizer,
)

pytestmark = pytest.mark.django_db


def test_question_submit_saves_pending_with_author_unit_and_nfc_text():
    unit = UnitFactory(name="Văn phòng Sở")
    author = member()
    author.profile.unit = unit
    author.profile.save()
    conference = ConferenceFactory(status=Conference.Status.OPEN)
    question = services.question_submit(
        conference=conference,
        author=author,
        title="  Trang bi\u0323 ma\u0301y ti\u0301nh  ",
        body="Đề nghị trang bị máy tính mới.",
        is_anonymous=True,
    )
    question.refresh_from_db()
    assert question.status == Question.Status.PENDING
    assert question.author_unit == unit
    assert question.title == "Trang bị máy tính"
    assert question.is_anonymous is True


def test_question_submit_refused_outside_window():
    conference = ConferenceFactory(
        status=Conference.Status.OPEN,
        questions_close_at=timezone.now() - dt.timedelta(minutes=1),
        starts_at=timezone.now() - dt.timedelta(hours=1),
    )
    with pytest.raises(ValidationError):
        services.question_submit(conference=conference, author=member(), title="Muộn", body="Nộp muộn")
    assert Question.objects.count() == 0


def test_question_submit_refuses_empty_title_and_saves_nothing():
    with pytest.raises(ValidationError):
        services.question_submit(conference=ConferenceFactory(), author=member(), title="   ", body="Nội dung")
    assert Question.objects.count() == 0


def test_question_approve_records_moderator_and_time():
    moderator = organizer()
    question = QuestionFactory(status=Question.Status.PENDING)
    services.question_approve(question=question, moderator=moderator)
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED
    assert question.moderated_by == moderator
    assert question.moderated_at is not None


def test_question_approve_twice_is_refused():
    question = QuestionFactory(status=Question.Status.APPROVED)
    with pytest.raises(ValidationError):
        services.question_approve(question=question, moderator=organizer())


def test_question_reject_stores_reason():
    question = QuestionFactory(status=Question.Status.PENDING)
    services.question_reject(question=question, moderator=organizer(), reason="Trùng nội dung đã trả lời")
    question.refresh_from_db()
    assert question.status == Question.Status.REJECTED
    assert question.rejection_reason == "Trùng nội dung đã trả lời"


def test_question_reject_without_reason_changes_nothing():
    question = QuestionFactory(status=Question.Status.PENDING)
    with pytest.raises(ValidationError):
        services.question_reject(question=question, moderator=organizer(), reason="  ")
    question.refresh_from_db()
    assert question.status == Question.Status.PENDING


def test_question_merge_moves_supports_once_per_user():
    target = QuestionFactory()
    duplicate = QuestionFactory(conference=target.conference)
    both, only_duplicate = UserFactory(), UserFactory()
    for question, user in [(target, both), (duplicate, both), (duplicate, only_duplicate)]:
        services.support_toggle(question=question, user=user)
    services.question_merge(question=duplicate, into=target, moderator=organizer())
    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert duplicate.status == Question.Status.MERGED
    assert duplicate.duplicate_of == target
    assert set(target.supports.values_list("user", flat=True)) == {both.pk, only_duplicate.pk}
    assert target.support_count == 2
    assert duplicate.support_count == 0
    assert not Support.objects.filter(question=duplicate).exists()


def test_question_merge_across_conferences_refused():
    with pytest.raises(ValidationError):
        services.question_merge(question=QuestionFactory(), into=QuestionFactory(), moderator=organizer())


def test_question_merge_into_itself_refused():
    question = QuestionFactory()
    with pytest.raises(ValidationError):
        services.question_merge(question=question, into=question, moderator=organizer())


def test_answer_record_marks_question_answered_and_keeps_who_typed_it():
    question = QuestionFactory(status=Question.Status.APPROVED)
    responder = ParticipantFactory(conference=question.conference)
    secretary = organizer()
    answer = services.answer_record(
        question=question, responder=responder, recorded_by=secretary, body="Sở sẽ trang bị trong quý III."
    )
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert answer.responder == responder and answer.recorded_by == secretary
    assert answer.kind == Answer.Kind.AT_CONFERENCE


def test_answer_record_refused_for_pending_question():
    question = QuestionFactory(status=Question.Status.PENDING)
    with pytest.raises(ValidationError):
        services.answer_record(
            question=question,
            responder=ParticipantFactory(conference=question.conference),
            recorded_by=organizer(),
            body="Trả lời",
        )
    assert not Answer.objects.exists()


def test_answer_record_refuses_responder_of_other_conference():
    question = QuestionFactory(status=Question.Status.APPROVED)
    with pytest.raises(ValidationError):
        services.answer_record(
            question=question, responder=ParticipantFactory(), recorded_by=organizer(), body="Trả lời"
        )
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED
    assert not Answer.objects.exists()


def test_support_toggle_adds_then_removes_and_counts():
    question = QuestionFactory()
    user = member()
    assert services.support_toggle(question=question, user=user) is True
    question.refresh_from_db()
    assert question.support_count == 1
    assert services.support_toggle(question=question, user=user) is False
    question.refresh_from_db()
    assert question.support_count == 0
    assert not Support.objects.exists()


def test_support_toggle_refused_for_pending_question():
    question = QuestionFactory(status=Question.Status.PENDING)
    with pytest.raises(ValidationError):
        services.support_toggle(question=question, user=member())


def test_support_toggle_refused_for_own_question():
    question = QuestionFactory()
    with pytest.raises(ValidationError):
        services.support_toggle(question=question, user=question.author)


def test_support_count_matches_rows_after_many_users():
    question = QuestionFactory()
    users = [member() for _ in range(5)]
    for user in users:
        services.support_toggle(question=question, user=user)
    services.support_toggle(question=question, user=users[0])
    question.refresh_from_db()
    assert question.support_count == Support.objects.filter(question=question).count() == 4
