"""Reads of the answer queue: the concerns waiting for a leader's answer or a unit's draft, and the menu's count."""

from django.db.models import Q, QuerySet

from conferences.models import Conference
from questions import permissions
from questions.models import Question, Topic

SOURCE_ASSIGNED, SOURCE_ADDRESSED, SOURCE_DRAFTING = "assigned", "addressed", "drafting"
DRAFT_READY, DRAFT_NONE = "ready", "none"


def _waiting() -> QuerySet[Question]:
    """Approved concerns of published conferences, not answered yet."""
    return Question.objects.public().filter(status=Question.Status.APPROVED)


def answer_queue(
    *,
    user,
    everyone_assigned: bool = False,
    conference: Conference | None = None,
    topic: Topic | None = None,
    source: str = "",
    draft: str = "",
) -> QuerySet[Question]:
    """The queue of /questions/to-answer/, the nearest conference and the most supported concern first.

    source narrows a leader's or liaison's queue to the concerns assigned to them, addressed to their unit (and
    assigned to nobody), or drafted by their unit; draft to those with a draft sent to the leader, or without one.
    """
    queryset = _waiting().filter(permissions.answer_queue_q(user, everyone_assigned=everyone_assigned))
    if source == SOURCE_ASSIGNED:
        queryset = queryset.filter(assigned_leader=user)
    elif source == SOURCE_ADDRESSED:
        queryset = queryset.filter(
            assigned_leader__isnull=True, addressed_to_unit__profiles__user=user, addressed_to_unit__isnull=False
        )
    elif source == SOURCE_DRAFTING:
        queryset = queryset.filter(drafting_unit__liaisons__user=user)
    if conference is not None:
        queryset = queryset.filter(conference=conference)
    if topic is not None:
        queryset = queryset.filter(topic=topic)
    if draft == DRAFT_READY:
        queryset = queryset.filter(answer_draft__ready_at__isnull=False)
    elif draft == DRAFT_NONE:
        queryset = queryset.filter(Q(answer_draft__isnull=True) | Q(answer_draft__ready_at__isnull=True))
    return queryset.select_related(
        "conference", "topic", "addressed_to_unit", "assigned_leader", "drafting_unit", "answer_draft"
    ).order_by("conference__starts_at", "-support_count", "submitted_at", "pk")


def answer_queue_count(*, user) -> int:
    """How many concerns wait on the user (the menu's badge): one query."""
    return _waiting().filter(permissions.answer_queue_q(user)).count()
