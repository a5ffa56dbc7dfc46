"""Reads of the follow-up: who may answer, the directives board, carry-over candidates."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery

from conferences.models import Conference, Participant
from questions import permissions
from questions.models import Conclusion, Directive, DirectiveUpdate


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
    readable = permissions.directives_readable_q(user)
    return (
        Directive.objects.filter(readable)
        .with_carried_to(readable)
        .select_related("conclusion__conference", "lead_unit")
        .prefetch_related("support_units")
    )


def published_conclusions(*, conference: Conference | None = None) -> QuerySet[Conclusion]:
    """Published conclusions of published conferences, latest first, with their directives and lead units."""
    queryset = (
        Conclusion.objects.filter(is_published=True, conference__is_published=True)
        .select_related("conference", "signed_by")
        .prefetch_related(
            Prefetch(
                "directives",
                queryset=Directive.objects.with_carried_to(permissions.directives_readable_q(AnonymousUser()))
                .select_related("lead_unit")
                .order_by("order", "pk"),
            )
        )
    )
    if conference is not None:
        queryset = queryset.filter(conference=conference)
    return queryset.order_by("-issued_on", "-pk")


def board_conferences(*, user) -> QuerySet[Conference]:
    """The conferences the board may be filtered by: those with a directive the user may read, newest first."""
    return Conference.objects.filter(pk__in=directives_readable_by(user).values("conclusion__conference")).order_by(
        "-starts_at"
    )


def directives_for_board(
    *, user, conference: Conference | None = None, unit=None, status: str = "", overdue: bool = False
) -> QuerySet[Directive]:
    """The follow-up board (and its spreadsheet): readable directives, filtered, soonest deadline first, each with
    the time of its last progress update."""
    queryset = directives_readable_by(user)
    if conference:
        queryset = queryset.filter(conclusion__conference=conference)
    if unit:
        queryset = queryset.filter(Q(lead_unit=unit) | Q(support_units=unit)).distinct()
    if status:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.overdue()
    last_update = DirectiveUpdate.objects.filter(directive=OuterRef("pk")).order_by("-created_at", "-pk")
    return queryset.annotate(last_update_at=Subquery(last_update.values("created_at")[:1])).order_by(
        F("deadline").asc(nulls_last=True), "conclusion__conference__starts_at", "order", "pk"
    )


def carry_over_candidates(*, conference: Conference) -> QuerySet[Directive]:
    """Unfinished directives of earlier conferences not yet carried into this one (each only from its latest copy)."""
    return (
        Directive.objects.filter(
            status__in=Directive.Status.OPEN, conclusion__conference__starts_at__lt=conference.starts_at
        )
        .exclude(carried_to__conclusion__conference=conference)
        # Carried before carrying closed the original: its copy (unless cancelled) carries the task on.
        .exclude(carried_to__status__in=[s for s in Directive.Status.values if s != Directive.Status.CANCELLED])
        .select_related("conclusion__conference", "lead_unit")
        .prefetch_related("support_units")
        .order_by("deadline", "conclusion__conference__starts_at", "order")
    )
