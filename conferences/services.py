"""Every write on conferences and units with rules goes through these functions (views, commands, tests)."""

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, TypedDict, Unpack

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences.models import AgendaItem, Conference, Liaison, Participant, Photo, Unit
from conferences.signals import conference_transitioned
from core.stale import StaleEditError, claim_version
from core.text import normalize

logger = logging.getLogger(__name__)

Status = Conference.Status

#: the status a conference must have to move to each status: one step forward at a time
TRANSITIONS: dict[str, str] = {
    Status.OPEN: Status.DRAFT,
    Status.IN_SESSION: Status.OPEN,
    Status.CONCLUDED: Status.IN_SESSION,
    Status.ARCHIVED: Status.CONCLUDED,
}


STALE_CONFERENCE = gettext_lazy("Somebody else saved this conference while you were editing it")


def _locked(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().get(pk=conference.pk)


# --- the conference page ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of a section of the conference page: the saved record (None for a new row), the values to give it
    (model field names), and whether the row is to be deleted."""

    instance: models.Model | None
    values: Mapping[str, Any] = dataclass_field(default_factory=dict)
    delete: bool = False


@dataclass(frozen=True)
class AgendaRow(Row):
    """``values`` may hold ``start_time`` (a time of day): the item then starts at that time on the conference day."""

    instance: AgendaItem | None = None


@dataclass(frozen=True)
class ParticipantRow(Row):
    instance: Participant | None = None


@dataclass(frozen=True)
class PhotoRow(Row):
    """``values["image"]`` is the stored file when it is kept, or an upload that replaces it."""

    instance: Photo | None = None


def participants_kept_by_records(pks) -> set[int]:
    """The participants that records of other apps hold on to (an answer given, a conclusion signed): every relation
    to Participant declared RESTRICT or PROTECT, found through the model's meta so this app imports none of them."""
    kept = set()
    for relation in Participant._meta.related_objects:
        if relation.on_delete in (models.RESTRICT, models.PROTECT):
            name = relation.field.name
            kept |= set(
                relation.related_model._default_manager.filter(**{f"{name}__in": pks}).values_list(name, flat=True)
            )
    return kept


class ConferenceFields(TypedDict, total=False):
    """The conference's own fields, as its page edits them; a new conference needs a title and its two dates."""

    title: str
    theme: str
    description: str
    venue: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    organizer_unit: Unit | None
    questions_open_at: dt.datetime | None
    questions_close_at: dt.datetime | None


CONFERENCE_REQUIRED = ("title", "starts_at", "ends_at")


def _check_fields(fields: dict, required: tuple[str, ...] = ()) -> None:
    # **fields takes any keyword: refuse a misspelt one as loudly as a real signature would.
    unknown = fields.keys() - ConferenceFields.__optional_keys__
    missing = set(required) - fields.keys()
    if unknown or missing:
        raise TypeError(f"conference fields: unknown {sorted(unknown)}, missing {sorted(missing)}")


@transaction.atomic
def conference_create(
    *,
    agenda: Sequence[AgendaRow] = (),
    participants: Sequence[ParticipantRow] = (),
    photos: Sequence[PhotoRow] = (),
    by: AbstractBaseUser,
    **fields: Unpack[ConferenceFields],
) -> Conference:
    """Save a new conference (a draft, unpublished) with its agenda, participants and photos."""
    _check_fields(fields, CONFERENCE_REQUIRED)
    conference = Conference(**fields, created_by=by, status=Status.DRAFT, is_published=False, version=1)
    conference.clean()
    conference._history_user = by
    conference.save()
    _save_sections(conference, agenda=agenda, participants=participants, photos=photos, by=by)
    return conference


@transaction.atomic
def conference_update(
    *,
    conference: Conference,
    version: int | None,
    agenda: Sequence[AgendaRow] = (),
    participants: Sequence[ParticipantRow] = (),
    photos: Sequence[PhotoRow] = (),
    by: AbstractBaseUser,
    **fields: Unpack[ConferenceFields],
) -> Conference:
    """Save the fields given and the rows of the conference, unless somebody else saved it since it was loaded at
    ``version``; fields not given keep their values.

    The version check and its increment are one conditional UPDATE, so of two simultaneous saves exactly one wins.
    """
    _check_fields(fields)
    if version is None:
        raise StaleEditError(STALE_CONFERENCE, current_version=conference.version)
    for name, value in fields.items():
        setattr(conference, name, value)
    conference.clean()
    conference.version = claim_version(Conference, conference.pk, version, STALE_CONFERENCE)
    conference._history_user = by
    conference.save(update_fields=[*fields, "version", "updated_at"])
    _save_sections(conference, agenda=agenda, participants=participants, photos=photos, by=by)
    logger.info("conference %s saved by %s (version %s)", conference.pk, by.get_username(), conference.version)
    return conference


def _save_sections(
    conference: Conference,
    *,
    agenda: Sequence[AgendaRow],
    participants: Sequence[ParticipantRow],
    photos: Sequence[PhotoRow],
    by: AbstractBaseUser,
) -> None:
    for row in (*agenda, *participants, *photos):
        if row.instance is not None and row.instance.pk and row.instance.conference_id != conference.pk:
            raise ValidationError(_("A row of another conference cannot be saved here."), code="other_conference")
    _save_participants(conference, participants, by)
    _save_agenda(conference, agenda, by)
    _save_photos(conference, photos, by)


def _saved(rows: Sequence[Row]) -> list:
    """The saved records of ``rows`` to delete."""
    return [row.instance for row in rows if row.delete and row.instance is not None and row.instance.pk]


def _kept(rows: Sequence[Row]) -> list[Row]:
    return [row for row in rows if not row.delete]


def _write(obj: models.Model, conference: Conference, values: Mapping[str, Any], by: AbstractBaseUser) -> None:
    obj.conference = conference
    for name, value in values.items():
        setattr(obj, name, value)
    obj._history_user = by
    obj.save()


def _delete(obj: models.Model, by: AbstractBaseUser) -> None:
    obj._history_user = by
    obj.delete()


def _save_participants(conference: Conference, rows: Sequence[ParticipantRow], by: AbstractBaseUser) -> None:
    removed = _saved(rows)
    kept = participants_kept_by_records([p.pk for p in removed])
    if kept:
        names = ", ".join(p.full_name for p in removed if p.pk in kept)
        raise ValidationError(
            _("%(names)s answered concerns or signed the conclusion and stay on the list.") % {"names": names},
            code="in_use",
        )
    for participant in removed:
        _delete(participant, by)
    for row in _kept(rows):
        _write(row.instance or Participant(), conference, row.values, by)


def _save_agenda(conference: Conference, rows: Sequence[AgendaRow], by: AbstractBaseUser) -> None:
    for item in _saved(rows):
        _delete(item, by)
    kept = _kept(rows)
    # Two saved items may swap numbers: move the ones being saved out of the way first, so the unique
    # (conference, order) constraint never sees a transient duplicate. Numbers on the page are at most 999.
    moving = [row.instance.pk for row in kept if row.instance is not None and row.instance.pk]
    if moving:
        AgendaItem.objects.filter(pk__in=moving).update(order=F("order") + 20000)
    local_day = timezone.localtime(conference.starts_at).date()
    for row in kept:
        values = dict(row.values)
        if "start_time" in values:
            start = values.pop("start_time")
            values["starts_at"] = _at(local_day, start) if start else None
        _write(row.instance or AgendaItem(), conference, values, by)
    # Items with their own start time follow the conference when it moves to another day.
    for item in AgendaItem.objects.filter(conference=conference, starts_at__isnull=False):
        moved_start = _at(local_day, timezone.localtime(item.starts_at).time())
        if moved_start != item.starts_at:
            item.starts_at = moved_start
            item._history_user = by
            item.save(update_fields=["starts_at"])


def _save_photos(conference: Conference, rows: Sequence[PhotoRow], by: AbstractBaseUser) -> None:
    saved_pks = [row.instance.pk for row in rows if row.instance is not None and row.instance.pk]
    stored = dict(Photo.objects.filter(pk__in=saved_pks).values_list("pk", "image")) if saved_pks else {}
    replaced = [stored[photo.pk] for photo in _saved(rows) if stored.get(photo.pk)]
    replaced += [photo.thumbnail.name for photo in _saved(rows) if photo.thumbnail]
    uploads: list[Photo] = []
    try:
        for photo in _saved(rows):
            _delete(photo, by)
        for row in _kept(rows):
            photo = row.instance or Photo()
            image = row.values.get("image", photo.image)
            values = {name: value for name, value in row.values.items() if name != "image"}
            if image and image != stored.get(photo.pk):
                photo.image = image
                uploads.append(photo)
                if stored.get(photo.pk):
                    replaced.append(stored[photo.pk])
                if photo.thumbnail:
                    replaced.append(photo.thumbnail.name)
                    photo.thumbnail = ""  # the save makes the new photo's
            _write(photo, conference, values, by)
    except Exception:
        # The transaction takes the rows back; take back the files written meanwhile too.
        for photo in uploads:
            for file in (photo.image, photo.thumbnail):
                if file and file._committed:
                    _delete_file(file.name)
        raise
    for name in replaced:
        transaction.on_commit(lambda name=name: _delete_file(name))


def _delete_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:  # pragma: no cover - a file already gone is fine
        logger.warning("could not delete %s", name)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time.replace(second=0, microsecond=0)))


# --- lifecycle -------------------------------------------------------------------------------------------------------


@transaction.atomic
def conference_transition(*, conference: Conference, to: str, by: AbstractBaseUser) -> Conference:
    """Move a conference one step along draft -> open -> in_session -> concluded -> archived.

    Opening publishes the conference and opens the concern window now, unless an opening date is set. The window
    stays open during the session, so members in the hall can still submit from their phones; concluding closes
    it now, unless a closing date is set.
    """
    conference = _locked(conference)
    if to not in TRANSITIONS or conference.status != TRANSITIONS[to]:
        raise ValidationError(
            _("A conference that is “%(current)s” cannot be moved to “%(target)s”."),
            code="out_of_order",
            params={
                "current": conference.get_status_display(),
                "target": Status(to).label if to in Status.values else to,
            },
        )
    previous = conference.status
    now = timezone.now()
    if to == Status.OPEN:
        if conference.ends_at <= now:
            raise ValidationError(
                _("This conference has already ended; it cannot be opened for concerns."), code="ended"
            )
        if conference.questions_open_at is None:
            conference.questions_open_at = now
        conference.is_published = True
    elif to == Status.CONCLUDED and conference.questions_close_at is None:
        conference.questions_close_at = min(now, conference.ends_at)
    conference.status = to
    try:
        conference.clean()
    except ValidationError as exc:
        raise ValidationError(
            _("The dates of the concern window do not fit: %(problems)s Correct them on the edit page first."),
            code="window",
            params={"problems": " ".join(str(m) for m in exc.messages)},
        ) from exc
    conference.version += 1
    conference._history_user = by
    conference.save(
        update_fields=["status", "is_published", "questions_open_at", "questions_close_at", "version", "updated_at"]
    )
    conference_transitioned.send(sender=Conference, conference=conference, previous=previous, by=by)
    logger.info("conference %s moved to %s by %s", conference.pk, to, by.get_username())
    return conference


@transaction.atomic
def conference_set_published(*, conference: Conference, published: bool, by: AbstractBaseUser) -> Conference:
    """Publish (everyone may read it) or unpublish (organizers only) a conference."""
    conference = _locked(conference)
    if conference.is_published == published:
        raise ValidationError(
            _("The conference is already published.") if published else _("The conference is not published."),
            code="unchanged",
        )
    conference.is_published = published
    conference.version += 1
    conference._history_user = by
    conference.save(update_fields=["is_published", "version", "updated_at"])
    logger.info("conference %s published=%s by %s", conference.pk, published, by.get_username())
    return conference


# --- units -----------------------------------------------------------------------------------------------------------


def _unit_fields(name: str, short_name: str, kind: str, parent: Unit | None) -> dict:
    return {"name": normalize(name), "short_name": normalize(short_name or ""), "kind": kind, "parent": parent}


@transaction.atomic
def unit_create(
    *,
    name: str,
    short_name: str = "",
    kind: str = Unit.Kind.DIVISION,
    parent: Unit | None = None,
    by: AbstractBaseUser,
) -> Unit:
    unit = Unit(**_unit_fields(name, short_name, kind, parent))
    unit.full_clean()
    unit._history_user = by
    unit.save()
    return unit


@transaction.atomic
def unit_update(
    *,
    unit: Unit,
    name: str,
    short_name: str = "",
    kind: str = Unit.Kind.DIVISION,
    parent: Unit | None = None,
    by: AbstractBaseUser,
) -> Unit:
    for field, value in _unit_fields(name, short_name, kind, parent).items():
        setattr(unit, field, value)
    unit.full_clean()
    unit._history_user = by
    unit.save()
    return unit


@transaction.atomic
def unit_set_active(*, unit: Unit, active: bool, by: AbstractBaseUser) -> Unit:
    """Deactivate a unit (it stays on past records but is no longer offered) or bring it back."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_active == active:
        raise ValidationError(
            _("The unit is already active.") if active else _("The unit is already inactive."), code="unchanged"
        )
    unit.is_active = active
    unit._history_user = by
    unit.save(update_fields=["is_active"])
    return unit


def unit_usage(unit: Unit) -> list[tuple[str, int]]:
    """Where a unit is referred to: (what, how many) for every kind of record that points at it."""
    usage = []
    for relation in Unit._meta.related_objects:
        related = relation.related_model
        count = related._base_manager.filter(**{relation.field.name: unit}).count()
        if count:
            usage.append((str(related._meta.verbose_name_plural), count))
    return usage


@transaction.atomic
def unit_delete(*, unit: Unit, by: AbstractBaseUser) -> None:
    """Delete a unit that nothing refers to; a unit in use is refused (deactivate it instead)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    usage = unit_usage(unit)
    if usage:
        raise ValidationError(
            _("“%(unit)s” is in use (%(usage)s) and cannot be deleted. Deactivate it instead."),
            code="in_use",
            params={"unit": unit.name, "usage": ", ".join(f"{what}: {count}" for what, count in usage)},
        )
    unit._history_user = by
    unit.delete()
    logger.info("unit %s deleted by %s", unit.name, by.get_username())


# --- liaisons --------------------------------------------------------------------------------------------------------


def liaison_check(*, unit: Unit, user: AbstractBaseUser) -> None:
    """The rules of an appointment, for the services and the forms that show their errors on the field."""
    if not unit.is_active:
        raise ValidationError({"user": _("The unit is inactive: reactivate it before appointing a liaison.")})
    if not user.is_active:
        raise ValidationError({"user": _("This account is deactivated.")})
    if Liaison.objects.filter(unit=unit, user=user).exists():
        raise ValidationError({"user": _("%(name)s is already a liaison of this unit.") % {"name": _person(user)}})


@transaction.atomic
def liaison_appoint(*, unit: Unit, user: AbstractBaseUser, by: AbstractBaseUser | None) -> Liaison:
    """Appoint a member as liaison (đầu mối) of a unit: they then follow up the unit's directives."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    liaison_check(unit=unit, user=user)
    liaison = Liaison(unit=unit, user=user, appointed_by=by)
    liaison._history_user = by
    liaison.save()
    logger.info("liaison %s appointed to unit %s", user.pk, unit.pk)
    return liaison


@transaction.atomic
def liaison_remove(*, liaison: Liaison, by: AbstractBaseUser | None) -> None:
    """End a liaison's appointment; the history keeps who it was and who ended it."""
    liaison._history_user = by
    liaison.delete()


def _person(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()
