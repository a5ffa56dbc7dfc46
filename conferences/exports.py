"""The participant and attendance list as a spreadsheet: columns (Vietnamese headers through the catalogue) and rows;
core.spreadsheets writes them as CSV or XLSX."""

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from conferences.models import Conference, Participant
from core.spreadsheets import Column


def conference_participants(*, conference: Conference) -> QuerySet[Participant]:
    """The participants in the organizers' order, with their unit."""
    return conference.participants.select_related("unit").order_by("order", "pk")


def participant_columns() -> list[Column]:
    return [
        Column(pgettext("row number", "No."), 6),
        Column(_("Full name"), 28),
        Column(_("Position"), 36, wrap=True),
        Column(_("Unit"), 28),
        Column(_("Role"), 16),
        Column(_("Attended"), 10),
    ]


def participant_rows(participants: Iterable[Participant]) -> Iterator[list]:
    for number, participant in enumerate(participants, start=1):
        yield [
            number,
            participant.full_name,
            participant.position,
            participant.unit.name if participant.unit else "",
            participant.get_role_display(),
            participant.attended,
        ]
