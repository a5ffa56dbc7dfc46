"""One search over what the portal records: each kind is a queryset of what the user may read that matches every word
of the query in its search form (core.text.search_fold), so "chu ki so" and "chữ ký số" find the same rows on SQLite
and PostgreSQL. Rows holding the words as one phrase come first."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from conferences.permissions import conferences_readable_by
from core.text import search_q, search_rank
from questions.models import Answer, Conclusion, Question
from questions.permissions import conclusions_readable_q, questions_readable_q
from questions.selectors.followup import directives_readable_by


def conferences_matching(*, user, query: str) -> QuerySet:
    return (
        conferences_readable_by(user)
        .filter(search_q(query))
        .annotate(phrase=search_rank(query))
        .order_by("-phrase", "-starts_at", "-pk")
    )


def concerns_matching(*, user, query: str) -> QuerySet:
    """Public concerns, the user's own, and every concern for organizers; the author is never part of the result."""
    return (
        Question.objects.filter(questions_readable_q(user))
        .search(query)
        .select_related("conference", "topic")
        .annotate(phrase=search_rank(query))
        .order_by("-phrase", "-submitted_at", "-pk")
    )


def answers_matching(*, user, query: str) -> QuerySet:
    readable = Question.objects.filter(questions_readable_q(user))
    return (
        Answer.objects.filter(is_published=True, question__in=readable)
        .filter(search_q(query))
        .select_related("question__conference", "responder")
        .annotate(phrase=search_rank(query))
        .order_by("-phrase", "-answered_at", "-pk")
    )


def conclusions_matching(*, user, query: str) -> QuerySet:
    return (
        Conclusion.objects.filter(conclusions_readable_q(user))
        .filter(search_q(query))
        .select_related("conference")
        .annotate(phrase=search_rank(query))
        .order_by("-phrase", "-issued_on", "-pk")
    )


def directives_matching(*, user, query: str) -> QuerySet:
    return (
        directives_readable_by(user)
        .filter(search_q(query))
        .prefetch_related(None)
        .annotate(phrase=search_rank(query))
        .order_by("-phrase", "-conclusion__issued_on", "order", "pk")
    )


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    matching: Callable[..., QuerySet]


KINDS = (
    Kind("conferences", _("Conferences"), conferences_matching),
    Kind("concerns", _("Concerns"), concerns_matching),
    Kind("answers", _("Answers"), answers_matching),
    Kind("conclusions", _("Conclusions"), conclusions_matching),
    Kind("directives", _("Directives"), directives_matching),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
