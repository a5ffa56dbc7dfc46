"""Every write on conferences and units with rules goes through these functions (views, commands, tests)."""

import datetime as dt
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences.forms import ConferencePage
from conferences.models import AgendaItem, Conference, Liaison, Unit
from core.stale import StaleEditError, claim_version
from core.text import normalize

logger = logging.getLogger(__name__)

Status = Conference.Status

#: the status a conference must have to move to each status (DESIGN §3): one step forward at a time
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


@transaction.atomic
def conference_create(*, page: ConferencePage, by: AbstractBaseUser) -> Conference:
    """Save a new conference (a draft, unpublished) with the agenda, participants and photos typed on its page."""
    if not page.is_valid():
        raise ValidationError(_("Correct the errors on the page."))
    conference = page.form.save(commit=False)
    conference.created_by = by
    conference.status = Status.DRAFT
    conference.is_published = False
    conference.version = 1
    conference.save()
    _save_sections(page, conference)
    return conference


@transaction.atomic
def conference_update(
    *, conference: Conference, page: ConferencePage, version: int | None, by: AbstractBaseUser
) -> Conference:
    """Save the edited page, unless somebody else saved the conference since the page was loaded at ``version``.

    The version check and its increment are one conditional UPDATE, so of two simultaneous saves exactly one wins.
    """
    if not page.is_valid():
        raise ValidationError(_("Correct the errors on the page."))
    if version is None:
        raise StaleEditError(STALE_CONFERENCE, current_version=conference.version)
    new_version = claim_version(Conference, conference.pk, version, STALE_CONFERENCE)
    instance = page.form.save(commit=False)
    instance.version = new_version
    instance.save(update_fields=[*page.form.Meta.fields, "version", "updated_at", "search_text"])
    _save_sections(page, instance)
    logger.info("conference %s saved by %s (version %s)", instance.pk, by.get_username(), instance.version)
    return instance


def _save_sections(page: ConferencePage, conference: Conference) -> None:
    page.participants.save()
    _save_agenda(page, conference)
    _save_photos(page)


def _save_photos(page: ConferencePage) -> None:
    formset = page.photos
    replaced = []
    for form in formset.initial_forms:
        if formset._should_delete_form(form) and form.instance.image:
            replaced.append(form.instance.image.name)
        elif "image" in form.changed_data and form.initial.get("image"):
            replaced.append(form.initial["image"].name)
    try:
        formset.save()
    except Exception:
        # The transaction takes the rows back; take back the files written meanwhile too.
        for form in formset.forms:
            image = getattr(form.instance, "image", None)
            if form.has_changed() and "image" in form.changed_data and image and image._committed:
                _delete_file(image.name)
        raise
    for name in replaced:
        transaction.on_commit(lambda name=name: _delete_file(name))


def _delete_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:  # pragma: no cover - a file already gone is fine
        logger.warning("could not delete %s", name)


def _save_agenda(page: ConferencePage, conference: Conference) -> None:
    formset = page.agenda
    # Two existing items may swap numbers: move the renumbered ones out of the way first, so the unique
    # (conference, order) constraint never sees a transient duplicate. Numbers on the page are at most 999.
    moved = [
        f.instance.pk
        for f in formset.initial_forms
        if f.instance.pk and "order" in f.changed_data and not formset._should_delete_form(f)
    ]
    if moved:
        AgendaItem.objects.filter(pk__in=moved).update(order=F("order") + 20000)
    local_day = timezone.localtime(conference.starts_at).date()
    for form in formset.forms:
        if getattr(form, "cleaned_data", None) and "start_time" in form.changed_data:
            start = form.cleaned_data.get("start_time")
            form.instance.starts_at = _at(local_day, start) if start else None
    formset.save()
    # Items with their own start time follow the conference when it moves to another day.
    for item in AgendaItem.objects.filter(conference=conference, starts_at__isnull=False):
        moved_start = _at(local_day, timezone.localtime(item.starts_at).time())
        if moved_start != item.starts_at:
            item.starts_at = moved_start
            item.save(update_fields=["starts_at"])


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
    conference.save(
        update_fields=["status", "is_published", "questions_open_at", "questions_close_at", "version", "updated_at"]
    )
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
