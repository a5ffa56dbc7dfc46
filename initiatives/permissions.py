"""Who may do what with youth initiatives: every rule of the app, as named predicates, and the helpers that return the
initiative a user asked for or raise Http404 / PermissionDenied.

- Anyone, anonymous visitors too, reads the registry: every initiative that is not cancelled, with the names of its
  unit and of the person in charge; the members taking part are named to signed-in users only.
- The branch's own people (members whose profile names the unit, and the unit's appointed liaisons) register
  initiatives for their unit, edit them, post progress, report them started, completed or cancelled; organizers do
  all of that for any unit. A cancelled initiative stays readable to them only.
- Recording the recognition (the decision's number and date) is for organizers alone.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from conferences.models import Profile, Unit
from conferences.permissions import liaison_unit_ids
from core.roles import is_member, is_organizer
from initiatives.models import Initiative, InitiativeUpdate


def own_unit_ids(user) -> frozenset[int]:
    """The units whose initiatives the user works on: the unit of his or her profile and the units he or she is
    liaison of (read once per request and user)."""
    if not is_member(user) or not user.is_active:
        return frozenset()
    if not hasattr(user, "_initiative_unit_ids"):
        profile_unit = Profile.objects.filter(user=user).values_list("unit_id", flat=True).first()
        ids = set(liaison_unit_ids(user))
        if profile_unit is not None:
            ids.add(profile_unit)
        user._initiative_unit_ids = frozenset(ids)
    return user._initiative_unit_ids


def is_own_initiative(user, initiative: Initiative) -> bool:
    return initiative.unit_id in own_unit_ids(user)


def can_register(user) -> bool:
    """Register an initiative: organizers for any unit, members for their own unit(s)."""
    return is_organizer(user) or bool(own_unit_ids(user))


def registrable_units(user) -> QuerySet[Unit]:
    units = Unit.objects.filter(is_active=True)
    return units if is_organizer(user) else units.filter(pk__in=own_unit_ids(user))


def can_work_on(user, initiative: Initiative) -> bool:
    """Edit the details and post progress updates: organizers always, the branch's own people while it is active."""
    if is_organizer(user):
        return True
    return initiative.status in Initiative.Status.ACTIVE and is_own_initiative(user, initiative)


def can_see_members(user) -> bool:
    """The names of the members taking part: signed-in users (the public sees how many)."""
    return user.is_authenticated


def can_export(user) -> bool:
    return user.is_authenticated


def can_see_cancelled(user, initiative: Initiative) -> bool:
    return is_organizer(user) or is_own_initiative(user, initiative)


# What each step of the lifecycle needs: the statuses it starts from, the one it leads to, and who may take it.
TRANSITIONS = {
    "start": ((Initiative.Status.REGISTERED,), Initiative.Status.IN_PROGRESS),
    "complete": ((Initiative.Status.IN_PROGRESS,), Initiative.Status.COMPLETED),
    "recognise": ((Initiative.Status.COMPLETED,), Initiative.Status.RECOGNISED),
    "cancel": (Initiative.Status.ACTIVE, Initiative.Status.CANCELLED),
}
ORGANIZER_ONLY = frozenset({"recognise"})


def may_take(user, initiative: Initiative, action: str) -> bool:
    """Whether the user is one who takes this step of the lifecycle, whatever the initiative's status."""
    if action not in TRANSITIONS:
        return False
    if action in ORGANIZER_ONLY:
        return is_organizer(user)
    return is_organizer(user) or is_own_initiative(user, initiative)


def can_take(user, initiative: Initiative, action: str) -> bool:
    """Whether the user may take this step now: the initiative is where the step starts."""
    return action in TRANSITIONS and initiative.status in TRANSITIONS[action][0] and may_take(user, initiative, action)


def available_actions(user, initiative: Initiative) -> list[str]:
    return [action for action in TRANSITIONS if can_take(user, initiative, action)]


def initiatives_readable_q(user) -> Q:
    """Every initiative that is not cancelled; organizers all of them; the branch's people also their cancelled ones."""
    if is_organizer(user):
        return Q()
    readable = ~Q(status=Initiative.Status.CANCELLED)
    own = own_unit_ids(user)
    if own:
        readable |= Q(unit_id__in=own)
    return readable


def initiatives_readable_by(user, queryset: QuerySet[Initiative] | None = None) -> QuerySet[Initiative]:
    queryset = Initiative.objects.all() if queryset is None else queryset
    return queryset.filter(initiatives_readable_q(user))


def get_initiative_for_reader(user, pk: int, queryset: QuerySet[Initiative] | None = None) -> Initiative:
    return get_object_or_404(initiatives_readable_by(user, queryset), pk=pk)


def get_initiative_for_worker(user, pk: int) -> Initiative:
    """An initiative the user may edit or post on: 404 if he or she may not read it, 403 if it is not theirs."""
    initiative = get_initiative_for_reader(user, pk, Initiative.objects.select_related("unit", "person_in_charge"))
    if not can_work_on(user, initiative):
        raise PermissionDenied
    return initiative


def get_initiative_for_action(user, pk: int, action: str) -> Initiative:
    """404 for an unknown step or an unreadable initiative; 403 for a user who does not take this step. Whether the
    status allows it now is the service's to say (with a message: a second click on the same button is no attack)."""
    if action not in TRANSITIONS:
        raise Http404
    initiative = get_initiative_for_reader(user, pk, Initiative.objects.select_related("unit", "person_in_charge"))
    if not may_take(user, initiative, action):
        raise PermissionDenied
    return initiative


def get_update_for_evidence_reader(user, pk: int) -> InitiativeUpdate:
    """The evidence of an update, to signed-in users who may read its initiative."""
    update = get_object_or_404(InitiativeUpdate.objects.filter(initiative__in=initiatives_readable_by(user)), pk=pk)
    if not update.evidence:
        raise Http404
    return update
