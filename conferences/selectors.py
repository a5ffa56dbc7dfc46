"""Reads of conferences that more than one place shares: the list page and the public API ask these."""

from django.db.models import Prefetch, QuerySet

from conferences import permissions
from conferences.models import AgendaItem, Conference, Unit
from core.text import search_q


def conference_list(*, user, year: int | None = None, status: str = "", query: str = "") -> QuerySet[Conference]:
    """The conferences the user may read, newest first, filtered by year, status and an accent-insensitive search."""
    queryset = permissions.conferences_readable_by(user).select_related("organizer_unit")
    if year is not None:
        queryset = queryset.filter(starts_at__year=year)
    if status:
        queryset = queryset.filter(status=status)
    queryset = queryset.filter(search_q(query))
    return queryset.order_by("-starts_at", "-pk")


def with_agenda(queryset: QuerySet[Conference]) -> QuerySet[Conference]:
    """The conferences with their agenda in order (and each item's presenter)."""
    return queryset.prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("presenter").order_by("order", "pk"))
    )


def active_units() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True).select_related("parent")
