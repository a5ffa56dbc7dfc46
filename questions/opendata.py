"""The open-data ZIP (/open-data/portal.zip): CSV files of everything public, and a README describing each column.

Only what an anonymous visitor may read goes in: published conferences and their agendas, public concerns (approved
or answered) of published conferences with their published answers, published conclusions and their directives.
Nothing pending, rejected, withdrawn, merged, hidden or unpublished; an anonymous author is "Anonymous". Each file is
written row by row into a temporary file on disk, so the archive never sits in memory.
"""

import tempfile
import zipfile
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences import selectors as conference_selectors
from core.spreadsheets import Column, csv_lines
from questions import permissions
from questions.selectors import concerns as concern_selectors
from questions.selectors import followup as followup_selectors

PUBLIC = AnonymousUser()
CHUNK_SIZE = 1000


@dataclass(frozen=True)
class DataFile:
    name: str
    description: str
    columns: tuple  # (header, what it holds)


FILES = (
    DataFile(
        "conferences.csv",
        gettext_lazy("Published dialogue conferences."),
        (
            ("slug", gettext_lazy("The conference's identifier, as in its address")),
            ("title", gettext_lazy("Title")),
            ("theme", gettext_lazy("Theme")),
            ("venue", gettext_lazy("Venue")),
            ("starts_at", gettext_lazy("Start, dd/mm/yyyy hh:mm, Vietnam time")),
            ("ends_at", gettext_lazy("End, dd/mm/yyyy hh:mm, Vietnam time")),
            ("status", gettext_lazy("Status")),
        ),
    ),
    DataFile(
        "agenda.csv",
        gettext_lazy("The agenda of each published conference, in order."),
        (
            ("conference", gettext_lazy("The conference's identifier (conferences.csv)")),
            ("order", gettext_lazy("Position in the agenda")),
            ("starts_at", gettext_lazy("Start, dd/mm/yyyy hh:mm, Vietnam time")),
            ("duration_minutes", gettext_lazy("Duration in minutes")),
            ("title", gettext_lazy("Title")),
            ("presenter", gettext_lazy("Presenter")),
        ),
    ),
    DataFile(
        "concerns.csv",
        gettext_lazy("Public concerns (approved or answered) of published conferences."),
        (
            ("reference", gettext_lazy("The concern's reference number")),
            ("conference", gettext_lazy("The conference's identifier (conferences.csv)")),
            ("submitted_on", gettext_lazy("Submitted on, dd/mm/yyyy")),
            ("title", gettext_lazy("Title")),
            ("content", gettext_lazy("Content")),
            ("topic", gettext_lazy("Topic")),
            ("status", gettext_lazy("Status")),
            ("supports", gettext_lazy("Number of supports")),
            ("author", gettext_lazy('Author, or "Anonymous" when sent anonymously')),
            ("addressed_to", gettext_lazy("The unit the concern is addressed to")),
        ),
    ),
    DataFile(
        "answers.csv",
        gettext_lazy("The published answers to the public concerns."),
        (
            ("concern", gettext_lazy("The concern's reference number (concerns.csv)")),
            ("answered_by", gettext_lazy("Who answered")),
            ("kind", gettext_lazy("How it was answered")),
            ("answered_on", gettext_lazy("Answered on, dd/mm/yyyy")),
            ("answer", gettext_lazy("The answer")),
        ),
    ),
    DataFile(
        "conclusions.csv",
        gettext_lazy("Published conclusions of the chairs."),
        (
            ("conference", gettext_lazy("The conference's identifier (conferences.csv)")),
            ("number", gettext_lazy("Number of the conclusion notice")),
            ("issued_on", gettext_lazy("Issued on, dd/mm/yyyy")),
            ("signed_by", gettext_lazy("Signed by")),
            ("content", gettext_lazy("Content")),
        ),
    ),
    DataFile(
        "directives.csv",
        gettext_lazy("The directives of the published conclusions, with their status and progress."),
        (
            ("conference", gettext_lazy("The conference's identifier (conferences.csv)")),
            ("order", gettext_lazy("Number of the directive in its conclusion")),
            ("content", gettext_lazy("Content")),
            ("lead_unit", gettext_lazy("Lead unit")),
            ("supporting_units", gettext_lazy("Supporting units, separated by semicolons")),
            ("deadline", gettext_lazy("Deadline, dd/mm/yyyy")),
            ("status", gettext_lazy("Status")),
            ("progress", gettext_lazy("Progress (%)")),
            ("overdue", gettext_lazy("Overdue")),
        ),
    ),
)


def _conferences():
    queryset = conference_selectors.with_agenda(conference_selectors.conference_list(user=PUBLIC))
    return queryset.order_by("starts_at", "pk")


def _rows(name: str):
    local = timezone.localtime
    if name == "conferences.csv":
        for c in _conferences().iterator(chunk_size=CHUNK_SIZE):
            yield [c.slug, c.title, c.theme, c.venue, local(c.starts_at), local(c.ends_at), c.get_status_display()]
    elif name == "agenda.csv":
        for c in _conferences().iterator(chunk_size=CHUNK_SIZE):
            for item in c.agenda_items.all():
                presenter = item.presenter.full_name if item.presenter else ""
                starts = local(item.starts_at) if item.starts_at else None
                yield [c.slug, item.order, starts, item.duration_minutes, item.title, presenter]
    elif name in ("concerns.csv", "answers.csv"):
        concerns = concern_selectors.conference_concerns(conference=None, with_answers=True).order_by(
            "conference__starts_at", "submitted_at", "pk"
        )
        anonymous = _("Anonymous")
        for q in concerns.iterator(chunk_size=CHUNK_SIZE):
            if name == "answers.csv":
                for answer in q.answers.all():
                    responder = answer.responder.full_name if answer.responder else ""
                    answered = timezone.localdate(answer.answered_at)
                    yield [q.reference, responder, answer.get_kind_display(), answered, answer.body]
                continue
            shown = permissions.can_see_author(PUBLIC, q) and q.author is not None
            author = (q.author.get_full_name() or q.author.get_username()) if shown else anonymous
            yield [
                q.reference,
                q.conference.slug,
                timezone.localdate(q.submitted_at),
                q.title,
                q.body,
                q.topic.name if q.topic else "",
                q.get_status_display(),
                q.support_count,
                author,
                q.addressed_to_unit.name if q.addressed_to_unit else "",
            ]
    elif name == "conclusions.csv":
        conclusions = followup_selectors.published_conclusions().order_by("issued_on", "pk")
        for c in conclusions.iterator(chunk_size=CHUNK_SIZE):
            signer = c.signed_by.full_name if c.signed_by else ""
            yield [c.conference.slug, c.number, c.issued_on, signer, c.body]
    elif name == "directives.csv":
        directives = followup_selectors.directives_for_board(user=PUBLIC)
        for d in directives.iterator(chunk_size=CHUNK_SIZE):
            yield [
                d.conclusion.conference.slug,
                d.order,
                d.content,
                d.lead_unit.name,
                "; ".join(unit.name for unit in d.support_units.all()),
                d.deadline,
                d.get_status_display(),
                d.progress,
                d.is_overdue,
            ]


def readme() -> str:
    lines = [
        _("Open data of the Dialogue Portal"),
        "",
        _(
            "CSV files in UTF-8 with a byte-order mark, comma-separated, one header row. Only public records: "
            "nothing pending, rejected, withdrawn, hidden or unpublished; anonymous authors are not named. "
            "Generated on %(date)s."
        )
        % {"date": timezone.localtime().strftime("%d/%m/%Y %H:%M")},
    ]
    for data_file in FILES:
        lines += ["", f"{data_file.name}: {data_file.description}"]
        lines += [f"  - {header}: {meaning}" for header, meaning in data_file.columns]
    return "\n".join(lines) + "\n"


def write_portal_zip(target) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme())
        for data_file in FILES:
            columns = [Column(header) for header, _meaning in data_file.columns]
            with archive.open(data_file.name, "w") as member:
                for line in csv_lines(columns, _rows(data_file.name)):
                    member.write(line.encode("utf-8"))


def portal_zip_file():
    """The archive in a temporary file, rewound; the caller streams it and closes it."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    try:
        write_portal_zip(handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle
