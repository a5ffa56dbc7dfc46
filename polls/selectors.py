"""Reads of polls and surveys: results aggregated from the votes and answers in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q

from conferences.models import Conference
from polls.models import RATING_VALUES, Poll, PollOption, PollVote, Survey, SurveyAnswer, SurveyQuestion


@dataclass
class ResultRow:
    label: str
    count: int
    percent: int  # of the voters, 0–100, for the bar's width


@dataclass
class PollResult:
    poll: Poll
    voters: int
    rows: list[ResultRow]
    average: float | None = None  # rating polls

    @property
    def average_display(self) -> str:
        return f"{self.average:.1f}".replace(".", ",") if self.average is not None else ""


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def poll_results(polls: list[Poll]) -> list[PollResult]:
    """Three queries for any number of polls: options with their counts, voters, ratings."""
    if not polls:
        return []
    ids = [poll.pk for poll in polls]
    options: dict[int, list] = {pk: [] for pk in ids}
    for option in PollOption.objects.filter(poll_id__in=ids).annotate(n=Count("votes")).order_by("order", "pk"):
        options[option.poll_id].append(option)
    voters = dict(PollVote.objects.filter(poll_id__in=ids).values_list("poll_id").annotate(n=Count("pk")).order_by())
    ratings: dict[int, dict[int, int]] = {pk: {} for pk in ids}
    rating_rows = (
        PollVote.objects.filter(poll_id__in=ids, rating__isnull=False)
        .values_list("poll_id", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for poll_id, rating, n in rating_rows:
        ratings[poll_id][rating] = n
    results = []
    for poll in polls:
        total = voters.get(poll.pk, 0)
        if poll.kind == Poll.Kind.RATING:
            counts = ratings[poll.pk]
            rows = [
                ResultRow(str(value), counts.get(value, 0), _percent(counts.get(value, 0), total))
                for value in RATING_VALUES
            ]
            rated = sum(counts.values())
            average = sum(value * n for value, n in counts.items()) / rated if rated else None
            results.append(PollResult(poll, total, rows, average))
        else:
            rows = [ResultRow(option.label, option.n, _percent(option.n, total)) for option in options[poll.pk]]
            results.append(PollResult(poll, total, rows))
    return results


def conference_polls(*, conference: Conference, include_prepared: bool) -> list[Poll]:
    queryset = Poll.objects.filter(conference=conference).select_related("conference").prefetch_related("options")
    if not include_prepared:
        queryset = queryset.exclude(status=Poll.Status.PREPARED)
    return list(queryset.order_by("created_at", "pk"))


def open_poll(*, conference: Conference) -> Poll | None:
    return (
        Poll.objects.filter(conference=conference, status=Poll.Status.OPEN)
        .select_related("conference")
        .prefetch_related("options")
        .first()
    )


def polls_for_record(*, conference: Conference) -> list[PollResult]:
    """The polls that were put to the room (open or closed), with their results, as the documents list them."""
    return poll_results(conference_polls(conference=conference, include_prepared=False))


# --- the survey ------------------------------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answers: int
    average: float | None = None
    distribution: list[ResultRow] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def average_display(self) -> str:
        return f"{self.average:.1f}".replace(".", ",") if self.average is not None else "—"


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]

    @property
    def ratings(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.question.kind == SurveyQuestion.Kind.RATING]


def survey_results(*, survey: Survey | None, with_texts: bool = False) -> SurveyResults | None:
    """Averages and distributions per rating question (three queries); the free texts too (one more) when asked for,
    which only organizers are."""
    if survey is None:
        return None
    questions = list(survey.questions.all())
    stats = {
        row["question_id"]: row
        for row in SurveyAnswer.objects.filter(question__survey=survey)
        .values("question_id")
        .annotate(n=Count("pk", filter=Q(rating__isnull=False) | ~Q(text="")), average=Avg("rating"))
        .order_by()
    }
    distribution: dict[int, dict[int, int]] = {}
    for question_id, rating, n in (
        SurveyAnswer.objects.filter(question__survey=survey, rating__isnull=False)
        .values_list("question_id", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        distribution.setdefault(question_id, {})[rating] = n
    texts: dict[int, list[str]] = {}
    if with_texts:
        for question_id, text in (
            SurveyAnswer.objects.filter(question__survey=survey)
            .exclude(text="")
            .order_by("pk")
            .values_list("question_id", "text")
        ):
            texts.setdefault(question_id, []).append(text)
    responses = survey.responses.count()
    results = []
    for question in questions:
        row = stats.get(question.pk, {})
        counts = distribution.get(question.pk, {})
        rated = sum(counts.values())
        results.append(
            QuestionResult(
                question=question,
                answers=row.get("n", 0),
                average=row.get("average"),
                distribution=[
                    ResultRow(str(value), counts.get(value, 0), _percent(counts.get(value, 0), rated))
                    for value in RATING_VALUES
                ]
                if question.kind == SurveyQuestion.Kind.RATING
                else [],
                texts=texts.get(question.pk, []),
            )
        )
    return SurveyResults(survey, responses, results)


def conference_survey(*, conference: Conference) -> Survey | None:
    return (
        Survey.objects.filter(conference=conference)
        .select_related("conference")
        .prefetch_related(Prefetch("questions", queryset=SurveyQuestion.objects.order_by("order", "pk")))
        .first()
    )
