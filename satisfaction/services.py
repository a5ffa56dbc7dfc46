"""Every write on ratings and reopenings: the author rates the answer, organizers reopen a concern.

Rules raise ValidationError with a translated message (the pages show it) or PermissionDenied (a forged request).
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import mail
from core.roles import organizer_users
from core.text import normalize
from notifications.models import Notification
from notifications.services import notify
from questions import live_feed
from questions.models import Question
from satisfaction import permissions
from satisfaction.models import COMMENT_MAX_LENGTH, REASON_MAX_LENGTH, Rating, Reopening


def change_deadline(rating: Rating) -> dt.datetime:
    return rating.rated_at + dt.timedelta(days=settings.RATING_CHANGE_DAYS)


def _newest_answer(question: Question):
    return question.answers.filter(is_published=True).order_by("-answered_at", "-pk").first()


@transaction.atomic
def rating_submit(*, question: Question, author: AbstractBaseUser, verdict: str, comment: str = "") -> Rating:
    """Rate the answer to one's own concern, or change the rating within the period the settings allow. A concern
    answered again after a reopening is rated anew (the period starts again)."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if not permissions.is_rater(author, question):
        raise PermissionDenied
    if verdict not in Rating.Verdict.values:
        raise ValidationError(_("Choose whether you are satisfied with the answer."))
    comment = normalize(comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(_("Keep the comment under %(limit)d characters.") % {"limit": COMMENT_MAX_LENGTH})
    answer = _newest_answer(question)
    if question.status != Question.Status.ANSWERED or answer is None:
        raise ValidationError(_("You can rate the answer once your concern has been answered."))
    now = timezone.now()
    rating = Rating.objects.filter(question=question).first()
    was_unsatisfied = rating is not None and not rating.is_satisfied
    if rating is None:
        rating = Rating(question=question, author=author, answer=answer, verdict=verdict, comment=comment, rated_at=now)
    elif rating.answer_id != answer.pk:
        rating.answer, rating.verdict, rating.comment, rating.rated_at, rating.changed_at = (
            answer,
            verdict,
            comment,
            now,
            None,
        )
        was_unsatisfied = False
    else:
        if now > change_deadline(rating):
            raise ValidationError(
                _("The period for changing your rating ended on %(date)s.")
                % {"date": formats.date_format(timezone.localtime(change_deadline(rating)), "SHORT_DATE_FORMAT")}
            )
        if rating.verdict == verdict and rating.comment == comment:
            return rating
        rating.verdict, rating.comment, rating.changed_at = verdict, comment, now
    rating.save()
    if not rating.is_satisfied and not was_unsatisfied:
        _tell_organizers_unsatisfied(rating)
    return rating


def _tell_organizers_unsatisfied(rating: Rating) -> None:
    question = rating.question
    base_url = mail.current_base_url().rstrip("/")
    notify(
        organizer_users(),
        Notification.Kind.ANSWER_UNSATISFIED,
        title=lambda: (
            _("The author of %(reference)s is not satisfied with the answer") % {"reference": question.reference}
        ),
        url=question.get_absolute_url(),
        email_template="satisfaction/email/unsatisfied",
        email_context={
            "question": question,
            "rating": rating,
            "question_url": base_url + question.get_absolute_url(),
            "reopen_url": base_url + reverse("satisfaction:reopen", kwargs={"pk": question.pk}),
        },
        key=f"rating:{question.pk}:{int(rating.rated_at.timestamp())}:unsatisfied",
    )


@transaction.atomic
def question_reopen(*, question: Question, organizer: AbstractBaseUser, reason: str) -> Reopening:
    """Send an answered concern back for another answer: it waits for an answer again; its answers stay on record."""
    if not permissions.can_reopen(organizer):
        raise PermissionDenied
    question = Question.objects.select_for_update().get(pk=question.pk)
    reason = normalize(reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the concern needs another answer."))
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(_("Keep the reason under %(limit)d characters.") % {"limit": REASON_MAX_LENGTH})
    if question.status != Question.Status.ANSWERED:
        raise ValidationError(_("Only an answered concern can be reopened."))
    question.status = Question.Status.APPROVED
    question.save(update_fields=["status"])
    reopening = Reopening.objects.create(question=question, reason=reason, reopened_by=organizer)
    live_feed.bump(question.conference_id)
    return reopening
