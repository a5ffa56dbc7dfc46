"""Statistics for /dashboard/: a fixed number of aggregate queries whatever the amount of data.

Definitions (also shown on the page):
- received: every concern submitted, except those withdrawn by their authors;
- approved: approved or answered (published);
- answered at the conference: has a published answer given at the conference;
- answered in writing: has a published written answer and none at the conference (so the two never overlap);
- pending: still waiting for moderation.
Directives are counted per lead unit: done (confirmed by the organizers), reported done (waiting for that
confirmation), in progress (not started or in progress, deadline not passed), overdue (not started or in progress,
deadline passed in Asia/Ho_Chi_Minh); cancelled ones are left out, and so are those carried over to a later
conference, whose copy counts the task (each task once).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences.models import Conference
from questions.models import Answer, Directive, Question

CONCERN_SERIES = (
    ("received", gettext_lazy("Received")),
    ("approved", gettext_lazy("Approved")),
    ("at_conference", gettext_lazy("Answered at the conference")),
    ("written", gettext_lazy("Answered in writing")),
    ("pending", gettext_lazy("Pending moderation")),
)
DIRECTIVE_SERIES = (
    ("done", gettext_lazy("Done")),
    ("reported_done", gettext_lazy("Reported done, awaiting confirmation")),
    ("in_progress", gettext_lazy("In progress")),
    ("overdue", gettext_lazy("Overdue")),
)
DIRECTIVE_KEYS = [key for key, _label in DIRECTIVE_SERIES]


def _concerns(conference: Conference | None):
    answered = Answer.objects.filter(question=OuterRef("pk"), is_published=True)
    queryset = Question.objects.exclude(status=Question.Status.WITHDRAWN).annotate(
        at_conf=Exists(answered.filter(kind=Answer.Kind.AT_CONFERENCE)),
        in_writing=Exists(answered.filter(kind=Answer.Kind.WRITTEN)),
    )
    if conference is not None:
        queryset = queryset.filter(conference=conference)
    return queryset


def _concern_counts():
    return {
        "received": Count("pk"),
        "approved": Count("pk", filter=Q(status__in=Question.Status.PUBLIC)),
        "at_conference": Count("pk", filter=Q(at_conf=True)),
        "written": Count("pk", filter=Q(in_writing=True, at_conf=False)),
        "pending": Count("pk", filter=Q(status=Question.Status.PENDING)),
    }


@dataclass
class Chart:
    """Rows of (label, {series: value}) drawn as horizontal stacked bars, each bar in percent of the largest total."""

    title: str
    series: tuple
    rows: list
    stacked: bool = False

    @property
    def bars(self):
        keys = [key for key, _label in self.series]
        if self.stacked:
            biggest = max((sum(row[key] for key in keys) for row in self.rows), default=0) or 1
        else:
            biggest = max((row[key] for row in self.rows for key in keys), default=0) or 1
        out = []
        for index, row in enumerate(self.rows):
            segments, x = [], 0.0
            for position, key in enumerate(keys):
                width = round(row[key] * 100 / biggest, 2)
                segments.append(
                    {"key": key, "series": position, "x": x if self.stacked else 0, "width": width, "value": row[key]}
                )
                if self.stacked:
                    x = round(x + width, 2)
            out.append({"label": row["label"], "segments": segments, "index": index, "row": row})
        return out

    @property
    def bar_height(self):
        return 14 if self.stacked else 10

    @property
    def layout(self):
        """Each row: a label line, then one bar (stacked) or one bar per series; y positions in pixels."""
        rows, y = [], 0
        per_row = 1 if self.stacked else len(self.series)
        for bar in self.bars:
            label_y = y + 14
            bars_y = y + 20
            segments = []
            for segment in bar["segments"]:
                offset = 0 if self.stacked else segment["series"] * (self.bar_height + 2)
                segments.append({**segment, "y": bars_y + offset})
            rows.append({**bar, "label_y": label_y, "segments": segments})
            y = bars_y + per_row * (self.bar_height + 2) + 8
        return rows

    @property
    def height(self):
        per_row = 1 if self.stacked else len(self.series)
        return max(len(self.rows) * (20 + per_row * (self.bar_height + 2) + 8), 20)

    @property
    def aria_label(self):
        parts = []
        for row in self.rows:
            values = ", ".join(f"{label} {row[key]}" for key, label in self.series)
            parts.append(f"{row['label']}: {values}")
        return f"{self.title}. " + "; ".join(parts)


def _rows(values, label_key, empty_label, keys):
    return [{"label": row[label_key] or empty_label, **{key: row[key] for key in keys}} for row in values]


def dashboard_stats(*, conference: Conference | None, today: dt.date | None = None) -> dict:
    """Five queries: totals, by year, by topic, by unit, directives by unit."""
    today = today or timezone.localdate()
    concern_keys = [key for key, _label in CONCERN_SERIES]
    counts = _concern_counts()
    totals = _concerns(conference).aggregate(**counts)
    by_year = _rows(
        _concerns(None)
        .values("conference__starts_at__year")
        .annotate(**counts)
        .order_by("conference__starts_at__year")
        .values("conference__starts_at__year", *concern_keys),
        "conference__starts_at__year",
        "—",
        concern_keys,
    )
    for row in by_year:
        row["label"] = str(row["label"])
    by_topic = _rows(
        _concerns(conference).values("topic__name").annotate(**counts).order_by("-received", "topic__name"),
        "topic__name",
        _("No topic"),
        concern_keys,
    )
    by_unit = _rows(
        _concerns(conference).values("author_unit__name").annotate(**counts).order_by("-received", "author_unit__name"),
        "author_unit__name",
        _("No unit"),
        concern_keys,
    )
    directives = Directive.objects.exclude(status__in=[Directive.Status.CANCELLED, Directive.Status.CARRIED_OVER])
    if conference is not None:
        directives = directives.filter(conclusion__conference=conference)
    overdue = Q(deadline__lt=today, status__in=Directive.Status.OPEN)
    directive_rows = _rows(
        directives.values("lead_unit__name")
        .annotate(
            done=Count("pk", filter=Q(status=Directive.Status.DONE)),
            reported_done=Count("pk", filter=Q(status=Directive.Status.REPORTED_DONE)),
            in_progress=Count("pk", filter=Q(status__in=Directive.Status.OPEN) & ~overdue),
            overdue=Count("pk", filter=overdue),
        )
        .order_by("lead_unit__name"),
        "lead_unit__name",
        "—",
        DIRECTIVE_KEYS,
    )
    totals_row = [{"label": str(label), "value": totals[key]} for key, label in CONCERN_SERIES]
    return {
        "totals": totals_row,
        "totals_chart": Chart(
            _("Concerns"), (("value", _("Concerns")),), [{"label": r["label"], "value": r["value"]} for r in totals_row]
        ),
        "year_chart": Chart(_("Concerns by year"), CONCERN_SERIES, by_year),
        "topic_chart": Chart(_("Concerns by topic"), CONCERN_SERIES, by_topic),
        "unit_chart": Chart(_("Concerns by the author's unit"), CONCERN_SERIES, by_unit),
        "directive_chart": Chart(_("Directives by lead unit"), DIRECTIVE_SERIES, directive_rows, stacked=True),
        "directive_totals": {key: sum(row[key] for row in directive_rows) for key in DIRECTIVE_KEYS},
        "concern_series": CONCERN_SERIES,
        "directive_series": DIRECTIVE_SERIES,
    }
