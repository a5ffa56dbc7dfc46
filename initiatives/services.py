"""Writes of the youth initiative registry: registering and editing an initiative, posting progress with photos and
evidence, and each step of its lifecycle (registered → in progress → completed → recognised, or cancelled).

Keyword-only, one transaction each, the initiative row locked while it changes; bad input raises a translated
ValidationError naming the field, and nothing is half-saved. Every change is kept by django-simple-history; each step
of the lifecycle also leaves an update on the initiative's page saying who took it and when.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.forms import validate_photo_upload
from core.stale import claim_version
from core.text import normalize
from initiatives import permissions
from initiatives.models import DETAIL_FIELDS, PHOTOS_PER_UPDATE, Initiative, InitiativePhoto, InitiativeUpdate
from questions.services.followup import validate_evidence

TEXT_FIELDS = ("name", "person_in_charge_name", "content", "expected_result", "place", "budget_source")


def _set_details(initiative: Initiative, details: dict) -> None:
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"not an initiative detail: {sorted(unknown)}")
    for name, value in details.items():
        if name in TEXT_FIELDS:
            value = normalize(value or "").replace("\r\n", "\n")
        setattr(initiative, name, value)


def _check_unit(user, initiative: Initiative, *, was_unit_id: int | None = None) -> None:
    """Members register for their own units only; an organizer may give an initiative to any active unit."""
    unit = initiative.unit
    if unit is None:
        return  # full_clean reports the missing unit
    if unit.pk == was_unit_id:
        return
    if not permissions.registrable_units(user).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("You may register initiatives only for your own branch or unit.")})


@transaction.atomic
def initiative_register(
    *, by: AbstractBaseUser, details: dict, members: Iterable = (), directives: Iterable = ()
) -> Initiative:
    if not permissions.can_register(by):
        raise PermissionDenied
    initiative = Initiative(registered_by=by)
    _set_details(initiative, details)
    _check_unit(by, initiative)
    initiative.full_clean()
    initiative.save()
    initiative.members.set(list(members))
    initiative.directives.set(list(directives))
    return initiative


@transaction.atomic
def initiative_edit(
    *,
    initiative: Initiative,
    by: AbstractBaseUser,
    details: dict,
    members: Iterable = (),
    directives: Iterable = (),
    version: int | None = None,
) -> Initiative:
    """Save the details; refused (StaleEditError) when somebody else saved the initiative since the form was loaded."""
    initiative = Initiative.objects.select_for_update().select_related("unit").get(pk=initiative.pk)
    if not permissions.can_work_on(by, initiative):
        raise PermissionDenied
    was_unit_id = initiative.unit_id
    _set_details(initiative, details)
    _check_unit(by, initiative, was_unit_id=was_unit_id)
    initiative.full_clean()
    initiative.version = claim_version(
        Initiative, initiative.pk, version, _("Somebody else saved this initiative while you were editing it.")
    )
    initiative.save()
    initiative.members.set(list(members))
    initiative.directives.set(list(directives))
    return initiative


def _validate_photos(photos: Sequence) -> None:
    if len(photos) > PHOTOS_PER_UPDATE:
        raise ValidationError(
            {"photos": _("Attach at most %(count)d photos to one update.") % {"count": PHOTOS_PER_UPDATE}}
        )
    for photo in photos:
        try:
            validate_photo_upload(photo)
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from None


@transaction.atomic
def initiative_post_update(
    *,
    initiative: Initiative,
    author: AbstractBaseUser,
    note: str = "",
    photos: Sequence = (),
    evidence=None,
    now: dt.datetime | None = None,
) -> InitiativeUpdate:
    """A progress update: a note, photos (JPEG, PNG or WebP) and an evidence file, any of them but not none."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not permissions.can_work_on(author, initiative):
        raise PermissionDenied
    note = normalize(note or "").replace("\r\n", "\n")
    photos = [photo for photo in photos if photo]
    if not note and not photos and not evidence:
        raise ValidationError({"note": _("Write a note, or attach photos or evidence.")})
    _validate_photos(photos)
    validate_evidence(evidence)
    update = InitiativeUpdate(
        initiative=initiative,
        author=author,
        previous_status=initiative.status,
        status=initiative.status,
        note=note,
        created_at=now or timezone.now(),
    )
    if evidence:
        update.evidence_name = (getattr(evidence, "name", "") or "")[-255:]
        update.evidence = evidence
    update.full_clean()
    update.save()
    for order, photo in enumerate(photos, start=1):
        InitiativePhoto.objects.create(update=update, image=photo, order=order)
    return update


def _step(
    *, initiative: Initiative, by: AbstractBaseUser, action: str, note: str, changes: dict, now: dt.datetime | None
) -> Initiative:
    """Take one step of the lifecycle on the locked row, and record it as an update."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not permissions.may_take(by, initiative, action):
        raise PermissionDenied
    sources, target = permissions.TRANSITIONS[action]
    if initiative.status not in sources:
        raise ValidationError(
            _("This initiative is %(status)s: that step is no longer possible.")
            % {"status": initiative.get_status_display().lower()}
        )
    previous = initiative.status
    for name, value in changes.items():
        setattr(initiative, name, value)
    initiative.status = target
    initiative.full_clean()
    initiative.version += 1
    initiative.save()
    InitiativeUpdate.objects.create(
        initiative=initiative,
        author=by,
        previous_status=previous,
        status=target,
        note=normalize(note or "").replace("\r\n", "\n"),
        created_at=now or timezone.now(),
    )
    return initiative


@transaction.atomic
def initiative_start(*, initiative: Initiative, by: AbstractBaseUser, note: str = "", now=None) -> Initiative:
    return _step(initiative=initiative, by=by, action="start", note=note, changes={}, now=now)


@transaction.atomic
def initiative_complete(
    *, initiative: Initiative, by: AbstractBaseUser, result: str, completed_on: dt.date | None, now=None
) -> Initiative:
    """Report the initiative completed: what it achieved and when it was finished."""
    result = normalize(result or "").replace("\r\n", "\n")
    errors = {}
    if not result:
        errors["result"] = _("Say what the initiative achieved.")
    if completed_on is None:
        errors["completed_on"] = _("Give the date the initiative was completed.")
    elif completed_on > timezone.localdate():
        errors["completed_on"] = _("The completion date cannot be in the future.")
    elif completed_on < initiative.starts_on:
        errors["completed_on"] = _("The initiative cannot be completed before it starts.")
    if errors:
        raise ValidationError(errors)
    changes = {"result": result, "completed_on": completed_on}
    return _step(initiative=initiative, by=by, action="complete", note=result, changes=changes, now=now)


@transaction.atomic
def initiative_recognise(
    *,
    initiative: Initiative,
    by: AbstractBaseUser,
    level: str,
    decision_number: str,
    decision_date: dt.date | None,
    now=None,
) -> Initiative:
    """Record the recognition of a completed initiative, by the branch or by the level above, with its decision."""
    decision_number = normalize(decision_number or "")
    errors = {}
    if level not in Initiative.Level.values:
        errors["level"] = _("Choose who recognised the initiative.")
    if not decision_number:
        errors["decision_number"] = _("Give the number of the decision.")
    if decision_date is None:
        errors["decision_date"] = _("Give the date of the decision.")
    elif decision_date > timezone.localdate():
        errors["decision_date"] = _("The decision's date cannot be in the future.")
    elif initiative.completed_on and decision_date < initiative.completed_on:
        errors["decision_date"] = _("The decision cannot be dated before the initiative was completed.")
    if errors:
        raise ValidationError(errors)
    level_label = Initiative.Level(level).label
    note = _("%(level)s: decision %(number)s of %(date)s") % {
        "level": level_label,
        "number": decision_number,
        "date": decision_date.strftime("%d/%m/%Y"),
    }
    changes = {"recognition_level": level, "decision_number": decision_number, "decision_date": decision_date}
    return _step(initiative=initiative, by=by, action="recognise", note=note, changes=changes, now=now)


@transaction.atomic
def initiative_cancel(*, initiative: Initiative, by: AbstractBaseUser, reason: str, now=None) -> Initiative:
    reason = normalize(reason or "").replace("\r\n", "\n")
    if not reason:
        raise ValidationError({"reason": _("Say why the initiative is cancelled.")})
    changes = {"cancellation_reason": reason}
    return _step(initiative=initiative, by=by, action="cancel", note=reason, changes=changes, now=now)
