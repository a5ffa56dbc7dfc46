"""Who may do what with live polls and the closing survey, and the helpers that return what a user asked for or raise.

Organizers prepare, open and close polls and define the survey; members vote (visitors without an account only on a
poll whose organizer allows it); the participants with accounts answer the survey once; its averages are statistics
(leaders and organizers), its free texts are for organizers only.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from conferences.models import Conference, Participant
from core.roles import is_member, is_organizer
from polls.models import Poll, Survey
from questions.permissions import can_see_statistics, get_conference_for_moderator, get_conference_for_viewer


def can_manage_polls(user) -> bool:
    """Prepare, edit, open and close polls, and define the survey: organizers (and admins)."""
    return is_organizer(user)


def can_vote(user, poll: Poll) -> bool:
    """Members vote on an open poll; a visitor without an account only where the organizer allowed it."""
    if not poll.is_open:
        return False
    return is_member(user) or (not user.is_authenticated and poll.allow_anonymous)


def can_see_prepared_polls(user) -> bool:
    """A prepared poll is not shown before it opens: the room should not see the questions in advance."""
    return can_manage_polls(user)


def can_see_survey_averages(user) -> bool:
    return can_see_statistics(user)


def can_read_survey_texts(user) -> bool:
    """Free-text answers may name people or say hard things: organizers only, and never with the author's name."""
    return is_organizer(user)


def is_invited_to_survey(user, conference: Conference) -> bool:
    """The participants of the conference who have an account."""
    return user.is_authenticated and Participant.objects.filter(conference=conference, user=user).exists()


def can_respond_to_survey(user, survey: Survey) -> bool:
    return survey.accepts_responses and is_invited_to_survey(user, survey.conference)


# --- get the object for a purpose, or raise --------------------------------------------------------------------------


def get_conference_for_poll_reader(user, slug: str) -> Conference:
    return get_conference_for_viewer(user, slug)


def get_conference_for_poll_manager(user, slug: str) -> Conference:
    return get_conference_for_moderator(user, slug)


def get_poll_for_manager(user, slug: str, pk: int) -> Poll:
    conference = get_conference_for_poll_manager(user, slug)
    return get_object_or_404(Poll.objects.select_related("conference"), pk=pk, conference=conference)


def get_poll_for_voter(user, slug: str, pk: int) -> Poll:
    """An open or closed poll of a conference the user may read (a prepared one is 404 but for organizers); whether
    the vote is accepted is the service's to say, with a message."""
    conference = get_conference_for_viewer(user, slug)
    poll = get_object_or_404(Poll.objects.select_related("conference"), pk=pk, conference=conference)
    if poll.status == Poll.Status.PREPARED and not can_see_prepared_polls(user):
        raise Http404
    return poll


def get_survey_for_respondent(user, slug: str) -> Survey:
    """The survey of a readable conference; 404 when it has none; 403 for a user who was not invited."""
    conference = get_conference_for_viewer(user, slug)
    survey = get_object_or_404(Survey.objects.select_related("conference"), conference=conference)
    if not is_invited_to_survey(user, conference) and not can_manage_polls(user):
        raise PermissionDenied
    return survey


def get_survey_for_results_reader(user, slug: str) -> Survey:
    if not can_read_survey_texts(user):
        raise PermissionDenied
    conference = get_object_or_404(Conference, slug=slug)
    return get_object_or_404(Survey.objects.select_related("conference"), conference=conference)
