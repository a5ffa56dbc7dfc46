"""Reads that more than one place shares: the views, forms, services, template tags and the admin ask these.

Each returns a queryset or plain values with its select_related/prefetch_related, so callers cannot forget them.
"""

from django.db.models import Count, Max, Prefetch

from conferences.models import Conference
from questions import permissions
from questions.models import Answer, Conclusion, Directive, Question


def answered_concerns():
    """Public, answered concerns with their conference, topic and author, and the time of their last answer."""
    return (
        Question.objects.public()
        .filter(status=Question.Status.ANSWERED)
        .select_related("conference", "topic", "author", "author_unit")
        .annotate(last_answered_at=Max("answers__answered_at"))
    )


def recently_answered_concerns(*, limit: int = 6):
    """The concerns answered last. Their ids come from the newest answers (an index walk), so the last-answer time is
    computed for a few concerns rather than grouped over every answered one; the margin covers concerns that got
    several of those answers."""
    newest = Answer.objects.filter(is_published=True).order_by("-answered_at").values("question_id")[: limit * 4]
    return answered_concerns().filter(pk__in=newest).order_by("-last_answered_at", "-pk")[:limit]


def answers_for_feed(*, conference: Conference | None = None, limit: int = 30):
    """The most recently answered public concerns (of one conference, or all), with their published answers."""
    queryset = answered_concerns().prefetch_related(
        Prefetch(
            "answers",
            queryset=Answer.objects.filter(is_published=True).select_related("responder").order_by("answered_at", "pk"),
        )
    )
    if conference is not None:
        queryset = queryset.filter(conference=conference)
    return queryset.order_by("-last_answered_at", "-pk")[:limit]


# The conference page shows this many answered concerns, the most supported; the concern list has them all.
CONFERENCE_PAGE_ANSWERED = 10


def conference_answered_concerns(*, conference: Conference, limit: int = CONFERENCE_PAGE_ANSWERED):
    """The conference page's most supported answered concerns with their published answers (at most limit).

    Without the last-answer time of answered_concerns(): grouping every answered concern to compute it would cost
    more than the page, and the first rows come straight off the (conference, status, supports) index."""
    return (
        Question.objects.public()
        .filter(conference=conference, status=Question.Status.ANSWERED)
        .select_related("conference", "topic", "author", "author_unit")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.filter(is_published=True).select_related("responder"))
        )
        .order_by("-support_count", "submitted_at", "pk")[:limit]
    )


def concern_counts_by_status(*, conference: Conference) -> dict[str, int]:
    """One grouped query, kept on the conference object: the parts of one page that need the counts share it."""
    if not hasattr(conference, "_counts_by_status"):
        conference._counts_by_status = dict(
            conference.questions.values_list("status").annotate(n=Count("id")).order_by()
        )
    return conference._counts_by_status


def conference_concern_summary(*, conference: Conference, user) -> dict:
    """The counts by status (organizers see every status, others the public ones), by topic, and the top three."""
    counts = concern_counts_by_status(conference=conference)
    shown = Question.Status.values if permissions.can_moderate(user) else Question.Status.ACTIVE
    return {
        "question_counts": [
            (value, label, counts.get(value, 0)) for value, label in Question.Status.choices if value in shown
        ],
        "question_total": sum(n for status, n in counts.items() if status != Question.Status.WITHDRAWN),
        "topic_counts": (
            conference.questions.filter(status__in=Question.Status.ACTIVE)
            .values("topic__name")
            .annotate(n=Count("id"))
            .order_by("-n", "topic__name")
        ),
        "most_supported": (
            Question.objects.public()
            .filter(conference=conference)
            .select_related("topic", "author", "author_unit")
            .order_by("-support_count", "submitted_at")[:3]
        ),
    }


def published_conclusion(*, conference: Conference) -> Conclusion | None:
    return (
        Conclusion.objects.filter(conference=conference, is_published=True)
        .select_related("signed_by")
        .prefetch_related(
            Prefetch(
                "directives",
                queryset=Directive.objects.select_related("lead_unit").prefetch_related("support_units"),
            )
        )
        .first()
    )


def question_page():
    """A concern with all its page shows: who typed each published answer, earlier texts, referring directives."""
    return Question.objects.select_related(
        "conference",
        "topic",
        "author",
        "author_unit",
        "addressed_to_unit",
        "duplicate_of",
        "duplicate_of__conference",
        "assigned_leader",
        "drafting_unit",
    ).prefetch_related(
        Prefetch(
            "answers",
            queryset=Answer.objects.filter(is_published=True)
            .select_related("responder", "recorded_by")
            .prefetch_related("revisions"),
        ),
        Prefetch(
            "directives",
            queryset=Directive.objects.select_related("conclusion").order_by("conclusion__issued_on", "order"),
        ),
    )


def merge_targets(*, conference_id: int):
    """The concerns another one may be merged into: pending, approved or answered, of the same conference."""
    return Question.objects.filter(conference_id=conference_id, status__in=Question.Status.ACTIVE).select_related(
        "conference"
    )


SORT_NEWEST, SORT_SUPPORTED = "newest", "supported"


def conference_concerns(
    *,
    conference: Conference | None,
    statuses=Question.Status.PUBLIC,
    topic=None,
    status: str = "",
    unit=None,
    query: str = "",
    sort: str = SORT_NEWEST,
    with_answers: bool = False,
):
    """A conference's concerns of the given statuses, filtered and sorted as its list does; without a conference,
    those of every published conference (the public API).

    with_answers prefetches the published answers and who gave them (what the exports and the API show).
    """
    queryset = Question.objects.filter(status__in=statuses).select_related(
        "conference", "topic", "author", "author_unit"
    )
    if conference is None:
        queryset = queryset.filter(conference__is_published=True)
    else:
        queryset = queryset.filter(conference=conference)
    if with_answers:
        queryset = queryset.select_related("addressed_to_unit").prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(is_published=True)
                .select_related("responder")
                .order_by("answered_at", "pk"),
            )
        )
    if topic:
        queryset = queryset.filter(topic=topic)
    if status:
        queryset = queryset.filter(status=status)
    if unit:
        queryset = queryset.filter(addressed_to_unit=unit)
    if query:
        queryset = queryset.search(query)
    if sort == SORT_SUPPORTED:
        return queryset.order_by("-support_count", "-submitted_at", "-pk")
    return queryset.order_by("-submitted_at", "-pk")


def public_concerns(
    *, conference: Conference, topic=None, status: str = "", unit=None, query: str = "", sort: str = SORT_NEWEST
):
    """The conference's published concerns as its list shows them, filtered and sorted."""
    return conference_concerns(conference=conference, topic=topic, status=status, unit=unit, query=query, sort=sort)


def moderation_queue(*, conference: Conference, status: str):
    """The concerns of one status for the moderators, oldest first, with everything the queue shows."""
    return (
        Question.objects.filter(conference=conference, status=status)
        .select_related(
            "conference",
            "author",
            "author_unit",
            "topic",
            "addressed_to_unit",
            "duplicate_of",
            "duplicate_of__conference",
            "moderated_by",
        )
        .order_by("submitted_at", "pk")
    )


def concerns_of_author(*, user):
    """A member's own concerns, newest first, with their published answers."""
    return (
        Question.objects.filter(author=user)
        .select_related("conference", "topic", "addressed_to_unit", "duplicate_of", "duplicate_of__conference")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.filter(is_published=True).select_related("responder"))
        )
        .order_by("-submitted_at", "-pk")
    )
