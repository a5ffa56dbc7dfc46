"""Reads of the follow-up: who may answer, the directives board, carry-over candidates."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from conferences.models import Conference, Participant
from questions import permissions
from questions.models import Directive


def responders(*, conference: Conference) -> QuerySet[Participant]:
    """The participants who may answer concerns: the chair, leaders and unit delegates, in the organizers' order."""
    return Participant.objects.filter(conference=conference, role__in=Participant.Role.RESPONDERS).order_by(
        "order", "pk"
    )


def responder_for(*, user: AbstractBaseUser, conference: Conference) -> Participant | None:
    """The user's own participant row among the responders (a leader answers for himself or herself), or None."""
    return responders(conference=conference).filter(user=user).first()


def directives_readable_by(user) -> QuerySet[Directive]:
    """The directives the user may read, with what the board and the pages show of each."""
    return (
        Directive.objects.filter(permissions.directives_readable_q(user))
        .select_related("conclusion__conference", "lead_unit")
        .prefetch_related("support_units")
    )


def carry_over_candidates(*, conference: Conference) -> QuerySet[Directive]:
    """Unfinished directives of earlier conferences not yet carried into this one (each only from its latest copy)."""
    return (
        Directive.objects.filter(
            status__in=Directive.Status.OPEN, conclusion__conference__starts_at__lt=conference.starts_at
        )
        .exclude(carried_to__conclusion__conference=conference)
        .exclude(carried_to__isnull=False, carried_to__status__in=[*Directive.Status.OPEN, Directive.Status.DONE])
        .select_related("conclusion__conference", "lead_unit")
        .prefetch_related("support_units")
        .order_by("deadline", "conclusion__conference__starts_at", "order")
    )
