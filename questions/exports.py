"""What the concern and directive spreadsheets hold: their columns (Vietnamese headers through the catalogue) and one
row per record, from the same selectors as the pages. core.spreadsheets writes them as CSV or XLSX.

Rows are produced one at a time from an iterator, so an export of 100,000 concerns never holds them all in memory.
"""

from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import Column
from questions import permissions
from questions.models import Answer, Directive, Question

# Rows fetched from the database per round trip (with their prefetched answers).
CHUNK_SIZE = 1000


def concern_columns() -> list[Column]:
    return [
        Column(_("Reference"), 16),
        Column(_("Submitted on"), 12),
        Column(_("Title"), 40, wrap=True),
        Column(_("Content"), 60, wrap=True),
        Column(_("Topic"), 20),
        Column(_("Status"), 14),
        Column(_("Supports"), 10),
        Column(_("Author"), 24),
        Column(_("Author's unit"), 24),
        Column(_("Addressed to"), 24),
        Column(_("Answers"), 60, wrap=True),
        Column(_("Answered by"), 28, wrap=True),
        Column(_("How it was answered"), 22, wrap=True),
    ]


def concern_rows(questions: Iterable[Question], *, user) -> Iterator[list]:
    """One row per concern; the author as the viewer may see him or her, "Anonymous" otherwise (and no unit)."""
    anonymous = _("Anonymous")
    # The labels once per export, not once per row (get_FOO_display hashes the choices on every call).
    statuses = {value: str(label) for value, label in Question.Status.choices}
    kinds = {value: str(label) for value, label in Answer.Kind.choices}
    for question in questions:
        shown = permissions.can_see_author(user, question)
        author = question.author
        answers = list(question.answers.all())
        yield [
            question.reference,
            timezone.localdate(question.submitted_at),
            question.title,
            question.body,
            question.topic.name if question.topic else "",
            statuses.get(question.status, question.status),
            question.support_count,
            (author.get_full_name() or author.get_username()) if shown and author else ("" if shown else anonymous),
            question.author_unit.name if shown and question.author_unit else "",
            question.addressed_to_unit.name if question.addressed_to_unit else "",
            "\n\n".join(answer.body for answer in answers),
            "\n".join(answer.responder.full_name if answer.responder else "" for answer in answers),
            "\n".join(
                f"{kinds.get(answer.kind, answer.kind)} ({timezone.localdate(answer.answered_at):%d/%m/%Y})"
                for answer in answers
            ),
        ]


def directive_columns() -> list[Column]:
    return [
        Column(_("Conference"), 36, wrap=True),
        Column(_("Number"), 8),
        Column(_("Content"), 60, wrap=True),
        Column(_("Lead unit"), 26),
        Column(_("Supporting units"), 30, wrap=True),
        Column(_("Deadline"), 12),
        Column(_("Status"), 16),
        Column(_("Progress (%)"), 12),
        Column(_("Last update"), 17),
        Column(_("Overdue"), 10),
    ]


def directive_rows(directives: Iterable[Directive]) -> Iterator[list]:
    statuses = {value: str(label) for value, label in Directive.Status.choices}
    for directive in directives:
        yield [
            directive.conclusion.conference.title,
            directive.order,
            directive.content,
            directive.lead_unit.name,
            "; ".join(unit.name for unit in directive.support_units.all()),
            directive.deadline,
            statuses.get(directive.status, directive.status),
            directive.progress,
            getattr(directive, "last_update_at", None),
            directive.is_overdue,
        ]


def dashboard_columns() -> list[Column]:
    return [Column(_("Table"), 34), Column(_("Group"), 36), Column(_("Figure"), 30), Column(_("Value"), 10)]


def dashboard_rows(stats: dict) -> Iterator[list]:
    """The dashboard's figures in long form, one number a row: (table, group, figure, value)."""
    for row in stats["totals"]:
        yield [str(stats["totals_chart"].title), "", row["label"], row["value"]]
    for name in ("year_chart", "topic_chart", "unit_chart", "directive_chart"):
        chart = stats[name]
        for row in chart.rows:
            for key, label in chart.series:
                yield [str(chart.title), row["label"], str(label), row[key]]
