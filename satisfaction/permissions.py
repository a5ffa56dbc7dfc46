"""Who may rate answers, reopen concerns and read who rated: every rule of the app.

The author of a concern alone rates its answer; the public sees the totals of a conference, never who rated; leaders
and organizers see the figures by unit, topic and leader on the dashboard; organizers read the comments and reopen.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.roles import is_leader, is_organizer
from questions.models import Question
from questions.permissions import get_question_for_reader


def is_rater(user, question: Question) -> bool:
    """The one who may rate a concern's answer: its author, while the account is active."""
    return user.is_authenticated and user.is_active and question.author_id == user.pk


def can_rate(user, question: Question) -> bool:
    """Offer the rating form: the author, once the concern is answered."""
    return is_rater(user, question) and question.status == Question.Status.ANSWERED


def can_reopen(user) -> bool:
    """Send an answered concern back for another answer: organizers (and admins)."""
    return is_organizer(user)


def can_read_comments(user, question: Question) -> bool:
    """A rating's comment: the organizers, and the author who wrote it."""
    return is_organizer(user) or is_rater(user, question)


def can_see_breakdown(user) -> bool:
    """Satisfaction by unit, topic, leader and year (the dashboard): leaders and organizers."""
    return is_leader(user) or is_organizer(user)


def get_question_for_rater(user, pk: int) -> Question:
    """The author's own concern; someone else's is a 404 (as for the author's other pages); anonymous: log in."""
    if not user.is_authenticated:
        raise Http404
    question = get_question_for_reader(user, pk, Question.objects.select_related("conference"))
    if not is_rater(user, question):
        raise Http404
    return question


def get_question_for_reopening(user, pk: int) -> Question:
    if not can_reopen(user):
        raise PermissionDenied
    return get_object_or_404(Question.objects.select_related("conference"), pk=pk)
