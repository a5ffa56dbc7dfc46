"""Every write on concerns, supports and answers goes through these functions (views, admin, commands, tests)."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.models import Conference, Participant, Unit
from conferences.text import normalize
from questions.models import Answer, Question, Support, Topic

PUBLIC_STATUSES = (Question.Status.APPROVED, Question.Status.ANSWERED)


def _locked(question: Question) -> Question:
    """Re-read the concern under a row lock so two moderators never act on a stale state."""
    return Question.objects.select_for_update().get(pk=question.pk)


@transaction.atomic
def question_submit(
    *,
    conference: Conference,
    author: AbstractBaseUser,
    title: str,
    body: str,
    topic: Topic | None = None,
    addressed_to_unit: Unit | None = None,
    is_anonymous: bool = False,
    check_window: bool = True,
) -> Question:
    if check_window and not conference.accepts_questions:
        raise ValidationError(_("This conference is not accepting concerns at the moment."))
    profile = getattr(author, "profile", None)
    question = Question(
        conference=conference,
        author=author,
        author_unit=profile.unit if profile else None,
        is_anonymous=is_anonymous,
        topic=topic,
        addressed_to_unit=addressed_to_unit,
        title=normalize(title),
        body=normalize(body),
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_approve(*, question: Question, moderator: AbstractBaseUser) -> Question:
    question = _locked(question)
    if question.status != Question.Status.PENDING:
        raise ValidationError(_("Only a pending concern can be approved."))
    question.status = Question.Status.APPROVED
    question.moderated_at = timezone.now()
    question.moderated_by = moderator
    question.save(update_fields=["status", "moderated_at", "moderated_by"])
    return question


@transaction.atomic
def question_reject(*, question: Question, moderator: AbstractBaseUser, reason: str) -> Question:
    reason = normalize(reason)
    if not reason:
        raise ValidationError({"rejection_reason": _("Give the author a reason for the rejection.")})
    question = _locked(question)
    if question.status != Question.Status.PENDING:
        raise ValidationError(_("Only a pending concern can be rejected."))
    question.status = Question.Status.REJECTED
    question.rejection_reason = reason
    question.moderated_at = timezone.now()
    question.moderated_by = moderator
    question.save(update_fields=["status", "rejection_reason", "moderated_at", "moderated_by"])
    return question


@transaction.atomic
def question_merge(*, question: Question, into: Question, moderator: AbstractBaseUser) -> Question:
    """Mark `question` a duplicate of `into`; its supports move over (one per user)."""
    question, into = _locked(question), _locked(into)
    if question.pk == into.pk:
        raise ValidationError(_("A concern cannot be merged into itself."))
    if question.conference_id != into.conference_id:
        raise ValidationError(_("A concern can only be merged into a concern of the same conference."))
    if question.status not in (Question.Status.PENDING, *PUBLIC_STATUSES):
        raise ValidationError(_("This concern can no longer be merged."))
    if into.status not in (Question.Status.PENDING, *PUBLIC_STATUSES):
        raise ValidationError(_("A concern can only be merged into a pending, approved or answered concern."))

    already = Support.objects.filter(question=into).values("user_id")
    Support.objects.filter(question=question, user_id__in=already).delete()
    Support.objects.filter(question=question).update(question=into)
    Question.objects.filter(pk=into.pk).update(support_count=Support.objects.filter(question=into).count())

    question.status = Question.Status.MERGED
    question.duplicate_of = into
    question.support_count = 0
    question.moderated_at = timezone.now()
    question.moderated_by = moderator
    question.save(update_fields=["status", "duplicate_of", "support_count", "moderated_at", "moderated_by"])
    return question


@transaction.atomic
def answer_record(
    *,
    question: Question,
    responder: Participant,
    recorded_by: AbstractBaseUser,
    body: str,
    kind: str = Answer.Kind.AT_CONFERENCE,
    answered_at: datetime | None = None,
) -> Answer:
    question = _locked(question)
    if question.status not in PUBLIC_STATUSES:
        raise ValidationError(_("Only an approved concern can be answered."))
    answer = Answer(
        question=question,
        responder=responder,
        recorded_by=recorded_by,
        body=normalize(body),
        kind=kind,
        answered_at=answered_at or timezone.now(),
    )
    answer.full_clean()
    answer.save()
    if question.status != Question.Status.ANSWERED:
        question.status = Question.Status.ANSWERED
        question.save(update_fields=["status"])
    return answer


def support_toggle(*, question: Question, user: AbstractBaseUser) -> bool:
    """Support the concern, or take the support back. Returns whether the user supports it now.

    The unique constraint decides between two concurrent clicks and the counter moves by an atomic
    UPDATE, so the count stays exact however many requests arrive at once.
    """
    if question.status not in PUBLIC_STATUSES:
        raise ValidationError(_("Only approved concerns can be supported."))
    if question.author_id == user.pk:
        raise ValidationError(_("You cannot support your own concern."))
    with transaction.atomic():
        deleted, _detail = Support.objects.filter(question=question, user=user).delete()
        if deleted:
            Question.objects.filter(pk=question.pk).update(support_count=F("support_count") - 1)
            return False
        try:
            with transaction.atomic():
                Support.objects.create(question=question, user=user)
        except IntegrityError:
            return True  # a concurrent click of the same user already added it
        Question.objects.filter(pk=question.pk).update(support_count=F("support_count") + 1)
        return True
