"""Who may do what with conferences, units and their liaisons: every rule of the app, as named predicates, and the
helpers that return the object a user asked for or raise Http404 / PermissionDenied.

Views, templates (through the context processor), forms, services and the admin ask these; nothing else in the app
looks at groups or at is_superuser.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from conferences.models import Conference, Liaison, Unit
from core.roles import is_leader, is_organizer


def can_manage_conferences(user) -> bool:
    """Create, edit, open, start, conclude, archive, publish: organizers (and admins)."""
    return is_organizer(user)


def can_manage_units(user) -> bool:
    """Units and their liaisons: organizers (and admins)."""
    return is_organizer(user)


def can_export_participants(user) -> bool:
    """The participant and attendance list as a spreadsheet: organizers and leaders."""
    return is_leader(user) or is_organizer(user)


def can_read_conference(user, conference: Conference) -> bool:
    return conference.is_published or is_organizer(user)


def conferences_readable_by(user, queryset: QuerySet[Conference] | None = None) -> QuerySet[Conference]:
    """Published conferences for everyone; organizers also see drafts and unpublished ones."""
    queryset = Conference.objects.all() if queryset is None else queryset
    return queryset if is_organizer(user) else queryset.filter(is_published=True)


def liaison_unit_ids(user) -> frozenset[int]:
    """The units the user was appointed liaison of (read once per request and user)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if not hasattr(user, "_liaison_unit_ids"):
        user._liaison_unit_ids = frozenset(Liaison.objects.filter(user=user).values_list("unit_id", flat=True))
    return user._liaison_unit_ids


def is_liaison_of(user, unit_id: int | None) -> bool:
    return unit_id is not None and unit_id in liaison_unit_ids(user)


def get_conference_for_reader(user, slug: str, queryset: QuerySet[Conference] | None = None) -> Conference:
    """The conference, if the user may read it; 404 otherwise (an unpublished one does not exist for them)."""
    return get_object_or_404(conferences_readable_by(user, queryset), slug=slug)


def get_conference_for_participant_export(user, slug: str) -> Conference:
    """403 for those who may not export participants, 404 for a conference they may not read."""
    if not can_export_participants(user):
        raise PermissionDenied
    return get_object_or_404(conferences_readable_by(user), slug=slug)


def get_conference_for_organizer(user, slug: str) -> Conference:
    """The conference an organizer is about to change; 403 for anybody else, 404 when there is none."""
    if not can_manage_conferences(user):
        raise PermissionDenied
    return get_object_or_404(Conference.objects.select_related("organizer_unit"), slug=slug)


def get_unit_for_manager(user, pk: int) -> Unit:
    if not can_manage_units(user):
        raise PermissionDenied
    return get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
