"""Satisfaction figures: the totals of a conference (public) and the breakdowns of the dashboard (staff).

Each figure is one grouped query over the ratings, whatever the number of concerns.
"""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from questions.models import Question
from questions.selectors.dashboard import Chart
from satisfaction.models import Rating

SATISFIED = Q(verdict=Rating.Verdict.SATISFIED)
UNSATISFIED = Q(verdict=Rating.Verdict.UNSATISFIED)
UNIT = "question__addressed_to_unit__name"
COUNTS = {"satisfied": Count("pk", filter=SATISFIED), "unsatisfied": Count("pk", filter=UNSATISFIED)}


def _public_ratings():
    """Ratings of concerns the public may read: answered or approved again after a reopening."""
    return Rating.objects.filter(question__status__in=Question.Status.PUBLIC)


def _with_share(counts: dict) -> dict:
    total = counts["satisfied"] + counts["unsatisfied"]
    share = round(100 * counts["satisfied"] / total) if total else None
    return {**counts, "total": total, "satisfied_share": share}


def conference_totals(conference) -> dict:
    """How many authors were satisfied with the answers of one conference, and how many not; never who."""
    return _with_share(_public_ratings().filter(question__conference=conference).aggregate(**COUNTS))


def _chart(ratings, title: str, label_key: str, empty_label: str) -> Chart:
    rows = ratings.values(label_key).annotate(**COUNTS).order_by(label_key)
    series = (("satisfied", _("Satisfied")), ("unsatisfied", _("Not satisfied")))
    return Chart(
        title=title,
        series=series,
        rows=[
            {"label": row[label_key] or empty_label, "satisfied": row["satisfied"], "unsatisfied": row["unsatisfied"]}
            for row in rows
        ],
        stacked=True,
    )


def satisfaction_breakdown(*, conference=None) -> dict:
    """The dashboard's figures: totals, then satisfied / not satisfied by unit, topic, leader and year."""
    ratings = _public_ratings()
    if conference is not None:
        ratings = ratings.filter(question__conference=conference)
    totals = _with_share(ratings.aggregate(**COUNTS))
    by_year = ratings.annotate(year=ExtractYear("question__conference__starts_at"))
    return {
        "satisfaction_totals": totals,
        "satisfaction_charts": [
            _chart(
                ratings, _("Satisfaction by unit addressed"), "question__addressed_to_unit__name", _("No unit named")
            ),
            _chart(ratings, _("Satisfaction by topic"), "question__topic__name", _("No topic")),
            _chart(ratings, _("Satisfaction by leader who answered"), "answer__responder__full_name", _("Unknown")),
            _chart(by_year, _("Satisfaction over the years"), "year", _("Unknown")),
        ],
    }


def rating_of(question) -> Rating | None:
    return Rating.objects.filter(question=question).first()


def reopenings_of(question) -> list:
    return list(question.reopenings.select_related("reopened_by"))


def report_figures(conference) -> dict:
    """What the report of results says about satisfaction: the counts by unit addressed, and their totals."""
    rows = list(
        _public_ratings().filter(question__conference=conference).values(UNIT).annotate(**COUNTS).order_by(UNIT)
    )
    totals = {key: sum(row[key] for row in rows) for key in COUNTS}
    return {
        **_with_share(totals),
        "by_unit": [(row[UNIT] or "", row["satisfied"], row["unsatisfied"]) for row in rows],
    }
