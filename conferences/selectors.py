"""Reads of conferences that more than one place shares: the list page and the public API ask these."""

import re

from django.db.models import Prefetch, QuerySet

from conferences import permissions
from conferences.models import AgendaItem, Conference, Unit
from core.text import fold

SEARCH_MAX_LENGTH = 200


def search_words(query: str) -> list[str]:
    """The accent-folded words of a search ("Đối thoại 2027" -> ["doi", "thoai", "2027"]), at most eight."""
    return re.findall(r"\w+", fold(query[:SEARCH_MAX_LENGTH]))[:8]


def conference_list(*, user, year: int | None = None, status: str = "", query: str = "") -> QuerySet[Conference]:
    """The conferences the user may read, newest first, filtered by year, status and an accent-insensitive search."""
    queryset = permissions.conferences_readable_by(user).select_related("organizer_unit")
    if year is not None:
        queryset = queryset.filter(starts_at__year=year)
    if status:
        queryset = queryset.filter(status=status)
    for word in search_words(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset.order_by("-starts_at", "-pk")


def with_agenda(queryset: QuerySet[Conference]) -> QuerySet[Conference]:
    """The conferences with their agenda in order (and each item's presenter)."""
    return queryset.prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("presenter").order_by("order", "pk"))
    )


def active_units() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True).select_related("parent")
