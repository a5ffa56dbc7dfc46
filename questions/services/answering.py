"""Who answers a concern: organizers assign it to a leader, optionally with a unit to draft the answer; the unit's
liaisons write the draft and send it to the leader, who edits and publishes it in his or her own name (answer_record,
which links the draft to the answer it became).

Every step is saved with its history (the assignment fields of Question and AnswerDraft are both tracked) and tells
the person who has to act next.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from conferences.models import Liaison, Unit
from core.roles import is_leader
from core.stale import StaleEditError, claim_version
from core.text import normalize
from questions import notifications, permissions
from questions.models import DRAFT_MAX_LENGTH, AnswerDraft, Question
from questions.selectors.followup import responder_for
from questions.services.concerns import _locked, _notify

STALE_DRAFT = _lazy(
    "Someone else changed this draft while you were editing it. Nothing was saved: reload the page to see their "
    "changes, then make yours again."
)


def _person(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


def _check_leader(question: Question, leader: AbstractBaseUser) -> None:
    if not leader.is_active or not is_leader(leader):
        raise ValidationError({"leader": _("Choose a leader of the department.")})
    if responder_for(user=leader, conference=question.conference) is None:
        raise ValidationError(
            {
                "leader": _(
                    "%(name)s is not listed as a leader among this conference's participants, so cannot answer in "
                    "his or her own name. Add him or her to the participants first."
                )
                % {"name": _person(leader)}
            }
        )


def _check_drafting_unit(unit: Unit) -> None:
    if not unit.is_active:
        raise ValidationError({"drafting_unit": _("This unit is no longer active; choose another one.")})
    if not Liaison.objects.filter(unit=unit, user__is_active=True).exists():
        raise ValidationError(
            {
                "drafting_unit": _(
                    "%(unit)s has no liaison to write the draft. Appoint one on the unit's liaisons page first."
                )
                % {"unit": unit}
            }
        )


@transaction.atomic
def question_assign(
    *, question: Question, by: AbstractBaseUser, leader: AbstractBaseUser | None, drafting_unit: Unit | None = None
) -> Question:
    """Assign an approved concern to a leader to answer, and optionally to a unit whose liaisons draft the answer.

    No leader and no unit takes the assignment back. The newly assigned leader and the liaisons of a newly asked unit
    are told; assigning again to the same people tells nobody twice.
    """
    question = _locked(question)
    if question.status != Question.Status.APPROVED:
        raise ValidationError(_("Only an approved concern still waiting for its answer can be assigned."))
    if drafting_unit is not None and leader is None:
        raise ValidationError(
            {"leader": _("Choose the leader who answers: the unit drafts the answer for him or her.")}
        )
    if leader is not None:
        _check_leader(question, leader)
    if drafting_unit is not None and drafting_unit.pk != question.drafting_unit_id:
        _check_drafting_unit(drafting_unit)
    previous = (question.assigned_leader_id, question.drafting_unit_id)
    wanted = (leader.pk if leader else None, drafting_unit.pk if drafting_unit else None)
    if wanted == previous:
        return question
    question.assigned_leader = leader
    question.drafting_unit = drafting_unit
    question.assigned_at = timezone.now() if leader else None
    question.assigned_by = by
    question.save(update_fields=["assigned_leader", "drafting_unit", "assigned_at", "assigned_by"])
    if leader is not None and leader.pk != previous[0]:
        _notify(notifications.concern_assigned, question)
    if drafting_unit is not None and drafting_unit.pk != previous[1]:
        _notify(notifications.draft_requested, question)
    return question


@transaction.atomic
def answer_draft_save(
    *, question: Question, by: AbstractBaseUser, body: str, send: bool = False, version: int | None = None
) -> AnswerDraft:
    """A liaison of the drafting unit saves the draft answer; with send, it goes to the assigned leader, who is told.

    `version` is the draft's version the form was loaded with (0: there was no draft yet); a draft changed since is
    refused (code "stale"). Saving without send takes a draft already sent back to the unit to rework.
    """
    question = _locked(question)
    if not permissions.can_draft(by, question):
        raise ValidationError(
            _(
                "Only the liaisons of the unit asked to draft may write this draft, while the concern waits for its "
                "answer."
            )
        )
    body = normalize(body or "")
    if not body:
        raise ValidationError({"body": _("Write the draft answer.")})
    if len(body) > DRAFT_MAX_LENGTH:
        raise ValidationError({"body": _("Keep the draft under %(limit)d characters.") % {"limit": DRAFT_MAX_LENGTH}})
    now = timezone.now()
    draft = AnswerDraft.objects.filter(question=question).first()
    if draft is None:
        draft = AnswerDraft(question=question, created_at=now)
    elif version == 0:
        raise StaleEditError(STALE_DRAFT, current_version=draft.version)
    else:
        claim_version(AnswerDraft, draft.pk, version, STALE_DRAFT)
        draft.refresh_from_db()
    draft.body = body
    draft.unit_id = question.drafting_unit_id
    draft.written_by = by
    draft.updated_at = now
    draft.ready_at = (draft.ready_at or now) if send else None
    draft.save()
    if send and question.assigned_leader_id:
        _notify(notifications.draft_ready, question, version=draft.version)
    return draft
