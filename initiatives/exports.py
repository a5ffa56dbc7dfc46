"""The registry as a spreadsheet: its columns (Vietnamese headers through the catalogue) and one row per initiative,
from the list's selector; core.spreadsheets writes the XLSX. Only what the public list shows: no member's name."""

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.spreadsheets import Column
from initiatives.models import Initiative

CHUNK_SIZE = 1000


def initiative_columns() -> list[Column]:
    return [
        Column(pgettext("row number", "No."), 6),
        Column(_("Name"), 40, wrap=True),
        Column(_("Kind"), 18),
        Column(_("Branch or unit"), 28),
        Column(_("Person in charge"), 24),
        Column(_("Members taking part"), 12),
        Column(_("Content"), 50, wrap=True),
        Column(_("Expected result"), 40, wrap=True),
        Column(_("Place"), 24),
        Column(_("Starts on"), 12),
        Column(_("Ends on"), 12),
        Column(_("Budget (VND)"), 16),
        Column(_("Source of the budget"), 24),
        Column(_("Status"), 14),
        Column(_("Completed on"), 12),
        Column(_("Recognised"), 18),
        Column(_("Decision number"), 16),
        Column(_("Decision date"), 12),
        Column(_("Conference"), 36, wrap=True),
        Column(_("Directives it serves"), 40, wrap=True),
    ]


def initiative_rows(initiatives: Iterable[Initiative]) -> Iterator[list]:
    kinds = {value: str(label) for value, label in Initiative.Kind.choices}
    statuses = {value: str(label) for value, label in Initiative.Status.choices}
    levels = {value: str(label) for value, label in Initiative.Level.choices}
    for number, initiative in enumerate(initiatives, start=1):
        yield [
            number,
            initiative.name,
            kinds.get(initiative.kind, initiative.kind),
            initiative.unit.name,
            initiative.person_in_charge_label,
            initiative.member_count,
            initiative.content,
            initiative.expected_result,
            initiative.place,
            initiative.starts_on,
            initiative.ends_on,
            initiative.budget,
            initiative.budget_source,
            statuses.get(initiative.status, initiative.status),
            initiative.completed_on,
            levels.get(initiative.recognition_level, ""),
            initiative.decision_number,
            initiative.decision_date,
            initiative.conference.title if initiative.conference else "",
            "\n".join(
                f"{d.conclusion.conference.starts_at:%Y} – {d.order}. {d.content}" for d in initiative.directives.all()
            ),
        ]
