import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.utils import timezone

from questions.models import Answer, Directive, DirectiveUpdate, Question, Support, Topic
from tests.factories import (
    AnswerFactory,
    ConclusionFactory,
    DirectiveFactory,
    DirectiveUpdateFactory,
    QuestionFactory,
    SupportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_topics_seeded_by_migration():
    assert list(Topic.objects.values_list("name", flat=True)) == [
        "Chuyển đổi số",
        "Cải cách hành chính",
        "Thực thi công vụ",
        "Dịch vụ công trực tuyến",
        "Bảo mật, an toàn thông tin",
        "Cơ sở vật chất, trang thiết bị",
        "Đào tạo, bồi dưỡng",
        "Hoạt động Đoàn",
    ]
    assert Topic.objects.get(name="Đào tạo, bồi dưỡng").slug == "dao-tao-boi-duong"


def test_second_support_by_same_user_raises():
    support = SupportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(question=support.question, user=support.user)


def test_question_reference_number_has_year_and_padded_id():
    question = QuestionFactory()
    assert question.reference == f"HNDT-{question.conference.starts_at.year}-{question.pk:04d}"


def test_rejected_question_needs_reason():
    question = QuestionFactory(status=Question.Status.REJECTED, rejection_reason="")
    with pytest.raises(ValidationError) as excinfo:
        question.full_clean()
    assert "rejection_reason" in excinfo.value.message_dict


def test_merged_question_needs_target_in_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(status=Question.Status.MERGED, duplicate_of=None)


def test_question_merged_into_other_conference_is_invalid():
    question = QuestionFactory(status=Question.Status.MERGED, duplicate_of=QuestionFactory())
    with pytest.raises(ValidationError) as excinfo:
        question.full_clean()
    assert "duplicate_of" in excinfo.value.message_dict


def test_directive_progress_above_100_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectiveFactory(progress=101)


def test_directive_update_progress_above_100_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectiveUpdateFactory(progress=150)


def test_directive_deadline_before_conclusion_is_invalid():
    conclusion = ConclusionFactory(issued_on=dt.date(2023, 3, 30))
    directive = DirectiveFactory.build(conclusion=conclusion, deadline=dt.date(2023, 3, 1), lead_unit=None)
    with pytest.raises(ValidationError) as excinfo:
        directive.full_clean(exclude=["lead_unit"])
    assert "deadline" in excinfo.value.message_dict


def test_directive_order_unique_per_conclusion():
    directive = DirectiveFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectiveFactory(conclusion=directive.conclusion, order=1)


def test_directive_overdue_when_deadline_passed_and_not_done():
    today = timezone.localdate()
    late = DirectiveFactory(deadline=today - dt.timedelta(days=1))
    done = DirectiveFactory(deadline=today - dt.timedelta(days=1), status=Directive.Status.DONE, progress=100)
    future = DirectiveFactory(deadline=today + dt.timedelta(days=1))
    assert late.is_overdue and not done.is_overdue and not future.is_overdue
    assert list(Directive.objects.overdue()) == [late]


def test_done_update_needs_closing_note():
    update = DirectiveUpdate(
        directive=DirectiveFactory(), author=UserFactory(), progress=100, status=Directive.Status.DONE, note=""
    )
    with pytest.raises(ValidationError) as excinfo:
        update.full_clean()
    assert "note" in excinfo.value.message_dict


def test_conference_with_answers_and_conclusion_can_be_deleted_whole():
    answer = AnswerFactory()
    conference = answer.question.conference
    ConclusionFactory(conference=conference, signed_by=answer.responder)
    conference.delete()
    assert not Answer.objects.exists()


def test_participant_who_answered_cannot_be_deleted_alone():
    answer = AnswerFactory()
    with pytest.raises(RestrictedError):
        answer.responder.delete()
