"""The live dialogue: what the moderator console does while the conference is in session.

Every action locks the conference row first, so two moderators acting at once are serialised: the later one re-reads
the current state and is refused with a clear message when its action no longer fits (the concern has already been
answered, is no longer on screen, ...). Each action moves the projector's version (questions.live_feed.bump) once the
transaction has committed.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from conferences.models import Conference, Participant
from core.text import normalize
from questions import live_feed
from questions.models import BODY_MAX_LENGTH, Answer, LiveState, Question
from questions.services.concerns import answer_record


def _lock(conference: Conference, question: Question) -> tuple[Conference, Question]:
    """Lock the conference (serialising the console) and re-read the concern; refuse what is not live-able."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if conference.status != Conference.Status.IN_SESSION:
        raise ValidationError(_("The live session has not started: start the conference's session first."))
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.conference_id != conference.pk:
        raise ValidationError(_("This concern belongs to another conference."))
    if question.status == Question.Status.ANSWERED:
        raise ValidationError(_("Concern %(reference)s has already been answered.") % {"reference": question.reference})
    if question.status != Question.Status.APPROVED:
        raise ValidationError(_("Only an approved concern can be used in the live session."))
    return conference, question


def _check_responder(conference: Conference, responder: Participant | None) -> None:
    if responder is not None and (
        responder.conference_id != conference.pk or responder.role not in Participant.Role.RESPONDERS
    ):
        raise ValidationError({"responder": _("Choose a leader of this conference.")})


def _save_live(question: Question, moderator: AbstractBaseUser, *fields: str) -> Question:
    """Save the live fields, naming the moderator in the concern's audit trail, and tell the projectors."""
    question._history_user = moderator
    question.live_changed_at = timezone.now()
    question.save(update_fields=[*fields, "live_changed_at"])
    live_feed.bump(question.conference_id)
    return question


@transaction.atomic
def live_set_now_answering(
    *, conference: Conference, question: Question, moderator: AbstractBaseUser, responder: Participant | None = None
) -> Question:
    """Put the concern on screen (the one on screen before goes back to the queue), with who answers it."""
    conference, question = _lock(conference, question)
    _check_responder(conference, responder)
    previous = Question.objects.filter(conference=conference, live_state=LiveState.ON_SCREEN).exclude(pk=question.pk)
    for other in previous:  # one save per row (at most one), so the audit trail records it leaving the screen
        other.live_state = LiveState.QUEUED
        other.live_changed_at = timezone.now()
        other._history_user = moderator
        other.save(update_fields=["live_state", "live_changed_at"])
    question.live_state = LiveState.ON_SCREEN
    question.live_responder = responder
    return _save_live(question, moderator, "live_state", "live_responder")


@transaction.atomic
def live_clear_screen(*, conference: Conference, question: Question, moderator: AbstractBaseUser) -> Question:
    """Take the concern off the screen without answering it: back to the queue."""
    conference, question = _lock(conference, question)
    if question.live_state != LiveState.ON_SCREEN:
        raise ValidationError(_("This concern is no longer on screen."))
    question.live_state = LiveState.QUEUED
    return _save_live(question, moderator, "live_state")


@transaction.atomic
def live_mark_answered(
    *,
    conference: Conference,
    question: Question,
    responder: Participant,
    recorded_by: AbstractBaseUser,
    note: str = "",
) -> Answer:
    """Record the answer given on the spot by `responder`, with the secretary's short note; the concern leaves the
    screen. A second moderator marking the same concern gets a clear refusal, never a second answer."""
    conference, question = _lock(conference, question)
    if responder is None:
        raise ValidationError({"responder": _("Choose the leader who answered.")})
    _check_responder(conference, responder)
    note = normalize(note or "")
    if len(note) > BODY_MAX_LENGTH:
        raise ValidationError({"note": _("Keep the note under %(limit)d characters.") % {"limit": BODY_MAX_LENGTH}})
    if not note:
        with translation.override(settings.LANGUAGE_CODE):  # the record is in the site's language
            note = _("Answered at the conference by %(name)s.") % {"name": responder.full_name}
    answer = answer_record(
        question=question, responder=responder, recorded_by=recorded_by, body=note, kind=Answer.Kind.AT_CONFERENCE
    )
    # Saved, not a queryset update, so the audit trail records the concern leaving the screen.
    question = Question.objects.get(pk=question.pk)
    question.live_state, question.live_responder, question.live_pinned = LiveState.QUEUED, None, False
    question.live_changed_at = timezone.now()
    question._history_user = recorded_by
    question.save(update_fields=["live_state", "live_responder", "live_pinned", "live_changed_at"])
    live_feed.bump(conference.pk)
    return answer


@transaction.atomic
def live_skip(*, conference: Conference, question: Question, moderator: AbstractBaseUser) -> Question:
    """Leave the concern out of the room's queue for now (it can be put back)."""
    conference, question = _lock(conference, question)
    if question.live_state == LiveState.SKIPPED:
        raise ValidationError(_("This concern has already been skipped."))
    question.live_state = LiveState.SKIPPED
    return _save_live(question, moderator, "live_state")


@transaction.atomic
def live_hide(*, conference: Conference, question: Question, moderator: AbstractBaseUser) -> Question:
    """Keep the concern off the projector altogether (it stays approved and on record)."""
    conference, question = _lock(conference, question)
    if question.live_state == LiveState.HIDDEN:
        raise ValidationError(_("This concern is already hidden."))
    question.live_state = LiveState.HIDDEN
    question.live_pinned = False
    return _save_live(question, moderator, "live_state", "live_pinned")


@transaction.atomic
def live_unhide(*, conference: Conference, question: Question, moderator: AbstractBaseUser) -> Question:
    """Put a hidden or skipped concern back in the queue."""
    conference, question = _lock(conference, question)
    if question.live_state not in (LiveState.HIDDEN, LiveState.SKIPPED):
        raise ValidationError(_("This concern is already in the queue."))
    question.live_state = LiveState.QUEUED
    return _save_live(question, moderator, "live_state")


@transaction.atomic
def live_pin(*, conference: Conference, question: Question, moderator: AbstractBaseUser) -> Question:
    """Keep the concern at the top of the queue, whatever its supports."""
    conference, question = _lock(conference, question)
    if question.live_pinned:
        raise ValidationError(_("This concern is already pinned."))
    if question.live_state == LiveState.HIDDEN:
        raise ValidationError(_("A hidden concern cannot be pinned; put it back in the queue first."))
    question.live_pinned = True
    return _save_live(question, moderator, "live_pinned")


@transaction.atomic
def live_unpin(*, conference: Conference, question: Question, moderator: AbstractBaseUser) -> Question:
    conference, question = _lock(conference, question)
    if not question.live_pinned:
        raise ValidationError(_("This concern is not pinned."))
    question.live_pinned = False
    return _save_live(question, moderator, "live_pinned")
