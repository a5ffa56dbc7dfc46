"""The concerns' part of pages that the conferences app renders (home, conference page): conferences imports
nothing from questions, its templates load these tags instead."""

from django import template

from questions import permissions
from questions.models import Question
from questions.selectors import concerns as selectors

register = template.Library()


@register.simple_tag
def recently_answered_concerns():
    return selectors.recently_answered_concerns()


@register.inclusion_tag("questions/includes/_submit_button.html", takes_context=True)
def submit_concern_button(context, conference, extra_class=""):
    """The "submit a concern" button, where a conference takes concerns and the user may send one."""
    return {
        "conference": conference,
        "offered": permissions.can_be_offered_submission(context["user"], conference),
        "extra_class": extra_class,
    }


@register.inclusion_tag("questions/includes/_conference_summary.html", takes_context=True)
def conference_concerns_summary(context, conference):
    summary = selectors.conference_concern_summary(conference=conference, user=context["user"])
    return {**context.flatten(), "conference": conference, **summary}


@register.inclusion_tag("questions/includes/_conference_answered.html", takes_context=True)
def conference_answered_and_conclusion(context, conference):
    answered = list(selectors.conference_answered_concerns(conference=conference))
    # From the summary's grouped query, which the page ran already.
    answered_total = selectors.concern_counts_by_status(conference=conference).get(Question.Status.ANSWERED, 0)
    return {
        **context.flatten(),
        "conference": conference,
        "answered_questions": answered,
        "answered_total": answered_total,
        "conclusion": selectors.published_conclusion(conference=conference),
    }


@register.filter
def correctable_by(answer, user) -> bool:
    """{% if answer|correctable_by:user %}: the rule of questions.permissions, in a template."""
    return permissions.can_correct_answer(user, answer)
