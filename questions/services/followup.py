"""Follow-up after the dialogue: corrected answers, the chair's conclusion and its directives, progress updates,
carry-over into next year's conference, and the reminder e-mails to units.

Like the other services: keyword-only, one transaction each, translated ValidationError messages for bad input and
nothing half-saved. Recording a new answer is `answer_record` in questions.services.concerns.
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences.models import Conference, Liaison, Participant, Unit
from core import mail
from core.stale import StaleEditError, claim_version
from core.text import normalize
from notifications.models import Notification
from notifications.services import email_wanted
from questions import notifications, permissions
from questions.models import (
    Answer,
    AnswerRevision,
    Conclusion,
    Directive,
    DirectiveReminder,
    DirectiveUpdate,
    Question,
)
from questions.selectors import followup as selectors

logger = logging.getLogger(__name__)

EVIDENCE_EXTENSIONS = ("pdf", "docx", "xlsx", "jpg", "jpeg", "png")
REMINDER_DAYS_AHEAD = 7
# Days before a deadline when the units' liaisons are notified of it.
DEADLINE_NOTICE_DAYS = (7, 1)


# --- answers ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def answer_correct(
    *,
    answer: Answer,
    corrected_by: AbstractBaseUser,
    body: str,
    kind: str | None = None,
    responder: Participant | None = None,
    version: int | None = None,
) -> Answer:
    """Correct an answer; the earlier text stays in its history (AnswerRevision).

    `version` is the answer's version the form was loaded with; an answer corrected since is refused (StaleEditError).
    The check and the increment are one conditional UPDATE, so of two simultaneous corrections exactly one wins.
    """
    claim_version(
        Answer,
        answer.pk,
        version,
        _(
            "Someone else corrected this answer while you were editing it. Nothing was saved: reload the page to see "
            "their correction, then make yours again."
        ),
    )
    answer = Answer.objects.select_for_update().select_related("question").get(pk=answer.pk)
    body = normalize(body or "")
    if not body:
        raise ValidationError({"body": _("Write the answer.")})
    responder = responder or answer.responder
    kind = kind or answer.kind
    if body == answer.body and kind == answer.kind and responder == answer.responder:
        raise ValidationError(_("The answer is unchanged."))
    AnswerRevision.objects.create(
        answer=answer,
        body=answer.body,
        responder=answer.responder,
        kind=answer.kind,
        answered_at=answer.answered_at,
        corrected_by=corrected_by,
    )
    answer.body, answer.kind, answer.responder = body, kind, responder
    answer.full_clean()
    answer.save(update_fields=["body", "kind", "responder"])
    return answer


# --- conclusion and directives ---------------------------------------------------------------------------------------


@dataclass
class DirectiveRow:
    """One row of the conclusion form: a directive to create (directive=None), change or delete."""

    order: int
    content: str
    lead_unit: Unit
    deadline: dt.date | None = None
    support_units: Sequence[Unit] = ()
    related_questions: Sequence[Question] = ()
    carried_from: Directive | None = None
    directive: Directive | None = None
    delete: bool = False


STALE_CONCLUSION = gettext_lazy(
    "Someone else saved this conclusion while you were editing it. Nothing was saved: reload the page to see "
    "their changes, then make yours again."
)


def _stale(current_version: int | None = None) -> StaleEditError:
    return StaleEditError(STALE_CONCLUSION, current_version=current_version)


@transaction.atomic
def conclusion_save(
    *,
    conference: Conference,
    saved_by: AbstractBaseUser,
    number: str,
    issued_on: dt.date,
    signed_by: Participant | None,
    body: str,
    directives: Iterable[DirectiveRow],
    version: int | None,
) -> Conclusion:
    """Save the conclusion and all its directives at once, or nothing.

    `version` is the conclusion's version the form was loaded with (None for a new conclusion); if someone saved in
    between, the save is refused instead of silently overwriting their work.
    """
    existing_pk = Conclusion.objects.filter(conference=conference).values_list("pk", flat=True).first()
    if existing_pk is None:
        if version is not None:
            raise _stale()
        conclusion = Conclusion(conference=conference, version=1)
    else:
        if version is None:  # the form was loaded before somebody else wrote the first conclusion
            raise _stale(Conclusion.objects.get(pk=existing_pk).version)
        claim_version(Conclusion, existing_pk, version, STALE_CONCLUSION)
        conclusion = Conclusion.objects.select_for_update().get(pk=existing_pk)
    body = normalize(body or "")
    errors = {}
    if not body:
        errors["body"] = _("Write the content of the conclusion.")
    if signed_by is not None and signed_by.conference_id != conference.pk:
        errors["signed_by"] = _("The signer must be a participant of this conference.")
    if errors:
        raise ValidationError(errors)
    conclusion.number = normalize(number or "")
    conclusion.issued_on = issued_on
    conclusion.signed_by = signed_by
    conclusion.body = body
    try:
        with transaction.atomic():
            conclusion.save()
    except IntegrityError:  # another organizer created the conclusion of this conference a moment ago
        raise _stale() from None

    rows = list(directives)
    existing = {d.pk: d for d in Directive.objects.select_for_update().filter(conclusion=conclusion)}
    kept, messages = [], []
    for row in rows:
        if row.directive is not None and row.directive.pk not in existing:
            raise _stale()  # a row of a directive that was deleted meanwhile, or of another conclusion
        if row.delete:
            if row.directive is not None:
                if row.directive.updates.exists():
                    messages.append(
                        _("Directive %(order)s already has progress updates: cancel it instead of deleting it.")
                        % {"order": row.directive.order}
                    )
                continue
            continue
        kept.append(row)
    orders = [row.order for row in kept]
    if len(set(orders)) != len(orders):
        messages.append(_("Two directives have the same number."))
    for row in kept:
        label = {"order": row.order}
        if not normalize(row.content or ""):
            messages.append(_("Directive %(order)s: write what is to be done.") % label)
        if row.deadline and row.deadline < issued_on:
            messages.append(_("Directive %(order)s: the deadline cannot be before the conclusion's date.") % label)
        if any(q.conference_id != conference.pk for q in row.related_questions):
            messages.append(_("Directive %(order)s: related concerns must belong to this conference.") % label)
        if not row.lead_unit.is_active and (row.directive is None or row.directive.lead_unit_id != row.lead_unit.pk):
            messages.append(_("Directive %(order)s: the lead unit is no longer active.") % label)
    if messages:
        raise ValidationError(messages)

    deleted = [row.directive.pk for row in rows if row.delete and row.directive is not None]
    Directive.objects.filter(pk__in=deleted).delete()
    # Free the numbers first so that swapping two directives' numbers never trips the unique constraint.
    for index, row in enumerate(r for r in kept if r.directive is not None):
        Directive.objects.filter(pk=row.directive.pk).update(order=30000 + index)
    for row in kept:
        directive = existing[row.directive.pk] if row.directive is not None else Directive(conclusion=conclusion)
        directive.order = row.order
        directive.content = normalize(row.content)
        directive.lead_unit = row.lead_unit
        directive.deadline = row.deadline
        if row.directive is None:
            directive.carried_from = row.carried_from
        else:
            directive.version += 1
        directive.save()
        directive.support_units.set(row.support_units)
        directive.related_questions.set(row.related_questions)
    if conclusion.is_published:  # a directive added to a published conclusion, or a unit added to one
        _notify_assigned(conclusion)
    return conclusion


def _notify_assigned(conclusion: Conclusion) -> None:
    """Tell the units' liaisons of their directives once the public can read them (each unit of each directive once)."""
    if not (conclusion.is_published and conclusion.conference.is_published):
        return
    notifications.directives_assigned(
        conclusion.directives.select_related("lead_unit", "conclusion__conference").prefetch_related("support_units")
    )


@transaction.atomic
def conclusion_publish(*, conclusion: Conclusion, user: AbstractBaseUser, publish: bool = True) -> Conclusion:
    conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
    if publish and not conclusion.body.strip():
        raise ValidationError(_("Write the content of the conclusion before publishing it."))
    conclusion.is_published = publish
    conclusion.version += 1
    conclusion.save(update_fields=["is_published", "version"])
    if publish:
        _notify_assigned(conclusion)
    return conclusion


# --- progress updates ------------------------------------------------------------------------------------------------


def validate_evidence(evidence) -> None:
    if not evidence:
        return
    name = getattr(evidence, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            {"evidence": _("Attach a PDF, Word (.docx), Excel (.xlsx), JPEG or PNG file.")}, code="file_type"
        )
    if evidence.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {
                "evidence": _("The file is too large: at most %(size)s.")
                % {"size": filesizeformat(settings.EVIDENCE_MAX_BYTES)}
            },
            code="file_size",
        )


@transaction.atomic
def directive_update_post(
    *,
    directive: Directive,
    author: AbstractBaseUser,
    status: str,
    progress: int,
    note: str = "",
    evidence=None,
    now: dt.datetime | None = None,
) -> DirectiveUpdate:
    """Post a progress update and carry its status and progress onto the directive, in one transaction."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    changes_progress = status != directive.status or progress != directive.progress
    if (
        not permissions.can_post_note(author, directive)
        or (changes_progress and not permissions.can_change_progress(author, directive))
        or (status != directive.status and not permissions.can_set_status(author, directive, status))
    ):
        raise PermissionDenied
    note = normalize(note or "")
    errors = {}
    if status not in Directive.Status.values:
        errors["status"] = _("Choose a status.")
    if progress is None or not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage between 0 and 100.")
    elif status == Directive.Status.DONE and progress != 100:
        errors["progress"] = _("A directive that is done has progress 100%.")
    elif progress < directive.progress and not note:
        errors["note"] = _("Progress goes down from %(old)d%% to %(new)d%%: say why in the note.") % {
            "old": directive.progress,
            "new": progress,
        }
    if not changes_progress and not note and not evidence:
        errors["note"] = _("Write a note or attach evidence, or change the status or progress.")
    if status == Directive.Status.DONE and not note:
        errors["note"] = _("Closing a directive needs a note on what was done.")
    if errors:
        raise ValidationError(errors)
    validate_evidence(evidence)
    now = now or timezone.now()
    update = DirectiveUpdate(
        directive=directive, author=author, status=status, progress=progress, note=note, created_at=now
    )
    if evidence:
        update.evidence_name = (getattr(evidence, "name", "") or "")[-255:]
        update.evidence = evidence
    update.full_clean()
    update.save()
    directive.status = status
    directive.progress = progress
    directive.completed_at = (directive.completed_at or now) if status == Directive.Status.DONE else None
    directive.version += 1
    directive.save(update_fields=["status", "progress", "completed_at", "version"])
    notifications.directive_progress_posted(update)
    return update


# --- carry-over ------------------------------------------------------------------------------------------------------


@transaction.atomic
def directive_carry_over(
    *, conference: Conference, directives: Iterable[Directive], user: AbstractBaseUser
) -> list[Directive]:
    """Copy unfinished directives of earlier conferences into this conference's conclusion (`carried_from` set).

    The conference needs a conclusion to hold directives: if it has none yet, an unpublished draft is started (dated
    the conference's day, content to be written by the organizers), so the next dialogue starts from what is open.
    The copies keep the content, units, related progress and status; the deadline is set when the conclusion is
    written. The earlier directive stays as it is and shows "carried over to …".
    """
    chosen = list(directives)
    if not chosen:
        raise ValidationError(_("Choose at least one directive to carry over."))
    allowed = {
        d.pk for d in selectors.carry_over_candidates(conference=conference).filter(pk__in=[d.pk for d in chosen])
    }
    refused = [d for d in chosen if d.pk not in allowed]
    if refused:
        raise ValidationError(
            _("These directives cannot be carried over (done, cancelled, already carried, or not earlier): %(list)s")
            % {"list": ", ".join(str(d.order) for d in refused)}
        )
    conclusion = Conclusion.objects.select_for_update().filter(conference=conference).first()
    if conclusion is None:
        conclusion = Conclusion.objects.create(
            conference=conference,
            issued_on=timezone.localdate(conference.starts_at),
            body="",
            is_published=False,
        )
    else:
        conclusion.version += 1
        conclusion.save(update_fields=["version"])
    next_order = max(conclusion.directives.values_list("order", flat=True), default=0) + 1
    created = []
    for source in (
        Directive.objects.filter(pk__in=allowed)
        .select_related("conclusion__conference")
        .order_by("conclusion__conference__starts_at", "order")
    ):
        copy = Directive.objects.create(
            conclusion=conclusion,
            order=next_order,
            content=source.content,
            lead_unit=source.lead_unit,
            status=Directive.Status.IN_PROGRESS if source.progress else Directive.Status.NOT_STARTED,
            progress=source.progress,
            carried_from=source,
        )
        copy.support_units.set(source.support_units.all())
        created.append(copy)
        next_order += 1
    return created


# --- reminders -------------------------------------------------------------------------------------------------------


@dataclass
class ReminderSummary:
    units_mailed: int = 0
    directives: int = 0
    skipped_units: list[str] = field(default_factory=list)


def directive_reminders_send(*, today: dt.date | None = None) -> ReminderSummary:
    """E-mail each unit's liaisons the unit's directives due within 7 days and those overdue; once a day each.

    Each (directive, unit, day, kind) sent is logged in DirectiveReminder under a unique constraint, so a second run
    the same day sends nothing twice. A unit without a liaison with an e-mail address is skipped (and reported).
    """
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=REMINDER_DAYS_AHEAD)
    due = list(
        Directive.objects.filter(
            status__in=Directive.Status.OPEN,
            deadline__isnull=False,
            deadline__lte=horizon,
            conclusion__is_published=True,
        )
        .select_related("conclusion__conference", "lead_unit")
        .prefetch_related("support_units")
        .order_by("deadline", "pk")
    )
    by_unit: dict[int, list[tuple[Directive, str]]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for directive in due:
        kind = DirectiveReminder.Kind.OVERDUE if directive.deadline < today else DirectiveReminder.Kind.DUE_SOON
        for unit in [directive.lead_unit, *directive.support_units.all()]:
            units[unit.pk] = unit
            by_unit[unit.pk].append((directive, kind))
    sent_before = set(
        DirectiveReminder.objects.filter(sent_on=today, unit_id__in=by_unit).values_list(
            "directive_id", "unit_id", "kind"
        )
    )
    for directive in due:
        days = (directive.deadline - today).days
        if days in DEADLINE_NOTICE_DAYS:
            notifications.directive_deadline_near(directive, days=days)
    liaison_rows = list(
        Liaison.objects.filter(unit_id__in=by_unit, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("unit_id", "user_id", "user__email")
    )
    # The digest is the e-mail of the deadline notifications: those who turned that e-mail off do not get it.
    wanted = email_wanted({user_id for _unit, user_id, _email in liaison_rows}, Notification.Kind.DIRECTIVE_DEADLINE)
    liaisons: dict[int, list[str]] = defaultdict(list)
    for unit_id, user_id, email in liaison_rows:
        if user_id in wanted:
            liaisons[unit_id].append(email)
    summary = ReminderSummary()
    for unit_id, items in by_unit.items():
        items = [(d, kind) for d, kind in items if (d.pk, unit_id, kind) not in sent_before]
        if not items:
            continue
        unit = units[unit_id]
        if not liaisons[unit_id]:
            summary.skipped_units.append(unit.name)
            continue
        context = {
            "unit": unit,
            "today": today,
            "overdue": [d for d, kind in items if kind == DirectiveReminder.Kind.OVERDUE],
            "due_soon": [d for d, kind in items if kind == DirectiveReminder.Kind.DUE_SOON],
            "base_url": mail.current_base_url(),
        }
        try:
            with transaction.atomic():
                DirectiveReminder.objects.bulk_create(
                    [DirectiveReminder(directive=d, unit=unit, sent_on=today, kind=kind) for d, kind in items]
                )
                mail.queue_site_mail(
                    "questions/followup/email/reminder", context, liaisons[unit_id], key=f"reminder:{unit_id}:{today}"
                )
        except IntegrityError:  # another run the same day got there first
            continue
        summary.units_mailed += 1
        summary.directives += len(items)
    return summary
