"""Reads of the registry that several places share: the list and its export, one initiative's page, and the small
sections of the home and conference pages."""

from django.db.models import Prefetch, QuerySet

from conferences.models import Conference, Unit
from core.text import search_words
from initiatives import permissions
from initiatives.models import Initiative, InitiativeUpdate
from questions.models import Directive
from questions.permissions import directives_readable_q


def initiative_list(
    *, user, year: int | None = None, unit: Unit | None = None, status: str = "", query: str = ""
) -> QuerySet[Initiative]:
    """The initiatives the user may read, newest first, filtered by year (of the start), unit, status and an
    accent-insensitive search of the name, content, expected result, place and person in charge."""
    queryset = permissions.initiatives_readable_by(user).select_related("unit", "person_in_charge", "conference")
    if year is not None:
        queryset = queryset.filter(starts_on__year=year)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if status:
        queryset = queryset.filter(status=status)
    for word in search_words(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset.order_by("-starts_on", "-pk")


def list_years(*, user) -> list[int]:
    return sorted({d.year for d in permissions.initiatives_readable_by(user).dates("starts_on", "year")}, reverse=True)


def list_units(*, user) -> QuerySet[Unit]:
    """The units that have an initiative the user may read: the choices of the list's filter."""
    return Unit.objects.filter(initiatives__in=permissions.initiatives_readable_by(user)).distinct()


def initiative_for_page(*, user, pk: int) -> Initiative:
    """One initiative with everything its page shows: unit, people, the conference, the directives, the updates
    with their authors and photos."""
    queryset = Initiative.objects.select_related(
        "unit", "person_in_charge", "registered_by", "conference"
    ).prefetch_related(
        Prefetch(
            "directives",
            queryset=Directive.objects.filter(directives_readable_q(user)).select_related("conclusion__conference"),
        ),
        Prefetch(
            "updates",
            queryset=InitiativeUpdate.objects.select_related("author")
            .prefetch_related("photos")
            .order_by("created_at", "pk"),
        ),
    )
    if permissions.can_see_members(user):
        queryset = queryset.prefetch_related("members")
    return permissions.get_initiative_for_reader(user, pk, queryset)


def conference_initiatives(*, conference: Conference, user) -> list[Initiative]:
    """The initiatives launched at a conference, that the user may read."""
    return list(
        permissions.initiatives_readable_by(user, conference.initiatives.select_related("unit")).order_by(
            "starts_on", "pk"
        )
    )


def recent_initiatives(*, limit: int = 3) -> list[Initiative]:
    """What the home page shows anyone: the latest initiatives that are not cancelled."""
    return list(
        Initiative.objects.exclude(status=Initiative.Status.CANCELLED)
        .select_related("unit")
        .order_by("-starts_on", "-pk")[:limit]
    )


def directive_initiatives(*, directive: Directive, user) -> list[Initiative]:
    return list(permissions.initiatives_readable_by(user, directive.initiatives.select_related("unit")))
