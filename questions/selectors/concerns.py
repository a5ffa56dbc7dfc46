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
    return answered_concerns().order_by("-last_answered_at")[:limit]


def conference_answered_concerns(*, conference: Conference):
    """The conference page's answered concerns, most supported first, with their published answers."""
    return (
        answered_concerns()
        .filter(conference=conference)
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.filter(is_published=True).select_related("responder"))
        )
        .order_by("-support_count", "submitted_at")
    )


def conference_concern_summary(*, conference: Conference, user) -> dict:
    """The counts by status (organizers see every status, others the public ones), by topic, and the top three."""
    counts = dict(conference.questions.values_list("status").annotate(n=Count("id")).order_by())
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
        "conference", "topic", "author", "author_unit", "addressed_to_unit", "duplicate_of", "duplicate_of__conference"
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
