"""What the pages of other apps show of polls and the survey (the projector, the console, the dashboard), so that
those apps need not import this one."""

from django import template
from django.urls import reverse

from polls import permissions, selectors

register = template.Library()


@register.simple_tag
def live_poll(conference):
    """The open poll's results for the projector's feed (cached with the feed under its live version)."""
    poll = selectors.open_poll(conference=conference)
    return selectors.poll_results([poll])[0] if poll else None


@register.inclusion_tag("polls/_console.html", takes_context=True)
def poll_console(context, conference):
    polls = selectors.conference_polls(conference=conference, include_prepared=True)
    return {
        "conference": conference,
        "polls": polls,
        "open_poll": next((poll for poll in polls if poll.is_open), None),
        "csrf_token": context.get("csrf_token"),
        "polls_url": reverse("polls:list", kwargs={"slug": conference.slug}),
    }


@register.inclusion_tag("polls/_dashboard_survey.html", takes_context=True)
def survey_dashboard(context, conference):
    user = context["request"].user
    survey = selectors.conference_survey(conference=conference) if conference else None
    return {
        "conference": conference,
        "results": selectors.survey_results(survey=survey)
        if survey and permissions.can_see_survey_averages(user)
        else None,
        "can_read_survey_texts": permissions.can_read_survey_texts(user),
    }
