"""Every write on concerns, supports and answers goes through these functions (views, admin, commands, tests).

Each one checks its rules and raises django.core.exceptions.ValidationError with a translated message; the pages
turn those into form errors or messages. E-mails to the author are sent only once the transaction has committed.
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from conferences.models import Conference, Participant, Unit
from core import mail
from core.stale import claim_version
from core.text import normalize
from questions import live_feed, notifications
from questions.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Answer, AnswerDraft, Question, Support, Topic

RATE_LIMIT_WINDOW = 3600  # seconds


def _locked(question: Question) -> Question:
    """Re-read the concern under a row lock so two moderators never act on a stale state."""
    return Question.objects.select_for_update().get(pk=question.pk)


STALE_QUESTION = _lazy(
    "Someone else changed this concern while you were editing it. Nothing was saved: reload the page to see "
    "their changes, then make yours again."
)


def _notify(send, question: Question, **kwargs) -> None:
    """Queue the e-mail in the outbox with the change: it is sent once the transaction has committed, never for a
    change that rolled back."""
    send(question.pk, base_url=mail.current_base_url(), **kwargs)


def _clean_wording(title: str, body: str) -> tuple[str, str]:
    """NFC, stripped text; an empty or whitespace-only title or content and overlong text are refused."""
    title, body = normalize(title or ""), normalize(body or "")
    errors = {}
    if not title:
        errors["title"] = _("Write a title.")
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = _("Keep the title under %(limit)d characters.") % {"limit": TITLE_MAX_LENGTH}
    if not body:
        errors["body"] = _("Write the content of your concern.")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _("Keep the content under %(limit)d characters.") % {"limit": BODY_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    return title, body


def _check_topic(topic: Topic | None) -> None:
    if topic is not None and not topic.is_active:
        raise ValidationError({"topic": _("This topic is no longer in use; choose another one.")})


def _check_window(conference: Conference) -> None:
    if not conference.is_published:
        raise ValidationError(_("This conference is not published."))
    if not conference.accepts_questions:
        raise ValidationError(_("This conference is not accepting concerns at the moment."))


def _check_rate_limit(author: AbstractBaseUser) -> None:
    """Refuse beyond QUESTIONS_PER_HOUR concerns per member in the last hour, counted from the concerns themselves.

    The database is what every app server and process shares; the member's row is locked for the rest of the
    transaction, so two submissions at once are counted one after the other.
    """
    limit = settings.QUESTIONS_PER_HOUR
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    since = timezone.now() - dt.timedelta(seconds=RATE_LIMIT_WINDOW)
    if Question.objects.filter(author=author, submitted_at__gte=since).count() >= limit:
        raise ValidationError(
            ngettext(
                "You can submit at most %(limit)d concern per hour. Please try again later.",
                "You can submit at most %(limit)d concerns per hour. Please try again later.",
                limit,
            )
            % {"limit": limit}
        )


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
    submission_token: uuid.UUID | None = None,
) -> Question:
    """Save a member's concern as pending.

    A member submitting through the site gets every check: the conference is published and accepts concerns now,
    and the member stays within QUESTIONS_PER_HOUR. check_window=False is for trusted callers that record history
    (the demo loader): the same validation of the text, without the window and the rate limit.

    The member gets an e-mail receipt with the reference number (not for check_window=False history).

    submission_token makes a double-clicked submit safe: a second call with the same token returns the concern the
    first one saved instead of saving another (a unique constraint decides a race).
    """
    if submission_token is not None:
        existing = Question.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return _same_submission(existing, author)
    if check_window:
        _check_window(conference)
    title, body = _clean_wording(title, body)
    _check_topic(topic)
    profile = getattr(author, "profile", None)
    question = Question(
        conference=conference,
        author=author,
        author_unit=profile.unit if profile else None,
        is_anonymous=is_anonymous,
        topic=topic,
        addressed_to_unit=addressed_to_unit,
        title=title,
        body=body,
        submission_token=submission_token,
    )
    question.full_clean(exclude=["submission_token"])
    if check_window:
        _check_rate_limit(author)
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:
        existing = Question.objects.filter(submission_token=submission_token).first() if submission_token else None
        if existing is None:
            raise
        return _same_submission(existing, author)
    if check_window:
        _notify(notifications.question_received, question)
    live_feed.bump(question.conference_id)
    return question


def _same_submission(existing: Question, author: AbstractBaseUser) -> Question:
    if existing.author_id != author.pk:
        raise ValidationError(_("This form has already been used. Reload the page and submit again."))
    return existing


@transaction.atomic
def question_update(
    *,
    question: Question,
    author: AbstractBaseUser,
    title: str,
    body: str,
    topic: Topic | None = None,
    addressed_to_unit: Unit | None = None,
    is_anonymous: bool = False,
    version: int | None = None,
) -> Question:
    """The author changes a concern that is still pending, while the conference accepts concerns.

    `version` is the concern's version the form was loaded with; a concern changed since is refused (code "stale").
    """
    claim_version(Question, question.pk, version, STALE_QUESTION)
    question = _locked(question)
    if question.author_id != author.pk:
        raise ValidationError(_("Only the author can change this concern."))
    if question.status != Question.Status.PENDING:
        raise ValidationError(_("Only a pending concern can be changed."))
    if not question.conference.accepts_questions:
        raise ValidationError(_("The conference no longer accepts concerns, so this one can no longer be changed."))
    question.title, question.body = _clean_wording(title, body)
    _check_topic(topic)
    question.topic = topic
    question.addressed_to_unit = addressed_to_unit
    question.is_anonymous = is_anonymous
    question.full_clean(exclude=["submission_token"])
    question.save(update_fields=["title", "body", "topic", "addressed_to_unit", "is_anonymous"])
    return question


@transaction.atomic
def question_withdraw(*, question: Question, author: AbstractBaseUser) -> Question:
    """The author takes back a concern that is still pending."""
    question = _locked(question)
    if question.author_id != author.pk:
        raise ValidationError(_("Only the author can withdraw this concern."))
    if question.status != Question.Status.PENDING:
        raise ValidationError(_("Only a pending concern can be withdrawn."))
    question.status = Question.Status.WITHDRAWN
    question.withdrawn_at = timezone.now()
    question.save(update_fields=["status", "withdrawn_at"])
    live_feed.bump(question.conference_id)
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
    _notify(notifications.question_approved, question)
    live_feed.bump(question.conference_id)
    return question


@transaction.atomic
def question_reject(*, question: Question, moderator: AbstractBaseUser, reason: str) -> Question:
    reason = normalize(reason or "")
    if not reason:
        raise ValidationError({"rejection_reason": _("Give the author a reason for the rejection.")})
    if len(reason) > 2000:
        raise ValidationError({"rejection_reason": _("Keep the reason under %(limit)d characters.") % {"limit": 2000}})
    question = _locked(question)
    if question.status != Question.Status.PENDING:
        raise ValidationError(_("Only a pending concern can be rejected."))
    question.status = Question.Status.REJECTED
    question.rejection_reason = reason
    question.moderated_at = timezone.now()
    question.moderated_by = moderator
    question.save(update_fields=["status", "rejection_reason", "moderated_at", "moderated_by"])
    _notify(notifications.question_rejected, question)
    live_feed.bump(question.conference_id)
    return question


@transaction.atomic
def question_merge(*, question: Question, into: Question, moderator: AbstractBaseUser) -> Question:
    """Mark `question` a duplicate of `into`; its supports move over (one per user)."""
    if question.pk == into.pk:
        raise ValidationError(_("A concern cannot be merged into itself."))
    # Lock both rows in a fixed order so two moderators merging crosswise cannot deadlock.
    locked = {
        q.pk: q for q in Question.objects.select_for_update().filter(pk__in=[question.pk, into.pk]).order_by("pk")
    }
    question, into = locked[question.pk], locked[into.pk]
    if question.conference_id != into.conference_id:
        raise ValidationError(_("A concern can only be merged into a concern of the same conference."))
    if question.status not in Question.Status.ACTIVE:
        raise ValidationError(_("This concern can no longer be merged."))
    if into.status not in Question.Status.ACTIVE:
        raise ValidationError(_("A concern can only be merged into a pending, approved or answered concern."))

    already = Support.objects.filter(question=into).values("user_id")
    Support.objects.filter(question=question, user_id__in=already).delete()
    # The author of the target does not support their own concern.
    Support.objects.filter(question=question, user_id=into.author_id).delete()
    Support.objects.filter(question=question).update(question=into)
    Question.objects.filter(pk=into.pk).update(support_count=Support.objects.filter(question=into).count())

    question.status = Question.Status.MERGED
    question.duplicate_of = into
    question.support_count = 0
    question.moderated_at = timezone.now()
    question.moderated_by = moderator
    question.save(update_fields=["status", "duplicate_of", "support_count", "moderated_at", "moderated_by"])
    _notify(notifications.question_merged, question)
    live_feed.bump(question.conference_id)
    return question


@transaction.atomic
def question_edit_for_clarity(
    *, question: Question, moderator: AbstractBaseUser, title: str, body: str, version: int | None = None
) -> Question:
    """Organizers reword a concern for clarity; the author's own wording is kept on the first edit.

    `version` is the concern's version the form was loaded with; a concern changed since is refused (code "stale").
    """
    claim_version(Question, question.pk, version, STALE_QUESTION)
    question = _locked(question)
    if question.status not in Question.Status.ACTIVE:
        raise ValidationError(_("This concern can no longer be edited."))
    title, body = _clean_wording(title, body)
    if (title, body) == (question.title, question.body):
        return question
    if not question.is_edited:
        question.original_title, question.original_body = question.title, question.body
    question.title, question.body = title, body
    question.edited_at = timezone.now()
    question.edited_by = moderator
    question.save(update_fields=["title", "body", "original_title", "original_body", "edited_at", "edited_by"])
    live_feed.bump(question.conference_id)
    return question


@transaction.atomic
def question_set_classification(
    *,
    question: Question,
    moderator: AbstractBaseUser,
    topic: Topic | None,
    addressed_to_unit: Unit | None,
) -> Question:
    """Organizers set the topic and the unit a concern is addressed to (an author's open edit form becomes stale)."""
    claim_version(Question, question.pk, None, STALE_QUESTION)
    question = _locked(question)
    if question.status not in Question.Status.ACTIVE:
        raise ValidationError(_("This concern can no longer be edited."))
    if topic is not None and topic.pk != question.topic_id:
        _check_topic(topic)
    question.topic = topic
    question.addressed_to_unit = addressed_to_unit
    question.save(update_fields=["topic", "addressed_to_unit"])
    live_feed.bump(question.conference_id)
    return question


def _bulk(questions: Iterable[Question], act) -> list[Question]:
    """Apply one service to each concern; if any is refused, nothing is changed and every refusal is reported."""
    done, errors = [], []
    for question in questions:
        try:
            done.append(act(question))
        except ValidationError as error:
            errors.append(f"{question.reference}: {' '.join(error.messages)}")
    if errors:
        raise ValidationError(errors)
    return done


@transaction.atomic
def question_bulk_approve(*, questions: Iterable[Question], moderator: AbstractBaseUser) -> list[Question]:
    return _bulk(questions, lambda question: question_approve(question=question, moderator=moderator))


@transaction.atomic
def question_bulk_reject(*, questions: Iterable[Question], moderator: AbstractBaseUser, reason: str) -> list[Question]:
    if not normalize(reason or ""):
        raise ValidationError({"rejection_reason": _("Give the author a reason for the rejection.")})
    return _bulk(questions, lambda question: question_reject(question=question, moderator=moderator, reason=reason))


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
    if question.status not in Question.Status.PUBLIC:
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
    # A draft of the answer is never shown once the concern is answered; its history keeps which answer it became.
    draft = AnswerDraft.objects.filter(question=question, answer__isnull=True).first()
    if draft is not None:
        draft.answer = answer
        draft.save(update_fields=["answer"])
    if question.status != Question.Status.ANSWERED:
        question.status = Question.Status.ANSWERED
        question.save(update_fields=["status"])
    if answer.is_published:
        _notify(notifications.question_answered, question, answer_id=answer.pk)
    live_feed.bump(question.conference_id)
    return answer


def support_toggle(*, question: Question, user: AbstractBaseUser) -> bool:
    """Support the concern, or take the support back. Returns whether the user supports it now.

    The unique constraint decides between two concurrent clicks and the counter moves by an atomic
    UPDATE, so the count stays exact however many requests arrive at once.
    """
    current = Question.objects.filter(pk=question.pk).values("status", "author_id").first()
    if current is None or current["status"] not in Question.Status.PUBLIC:
        raise ValidationError(_("Only approved concerns can be supported."))
    if current["author_id"] == user.pk:
        raise ValidationError(_("You cannot support your own concern."))
    with transaction.atomic():
        live_feed.bump(question.conference_id)
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
