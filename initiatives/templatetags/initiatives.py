"""The initiatives' part of pages other apps render (home, conference page, directive page): those apps import
nothing from initiatives, their templates load these tags instead."""

from django import template
from django.utils.translation import gettext as _

from initiatives import selectors

register = template.Library()
SECTION = "initiatives/includes/_section.html"


@register.inclusion_tag(SECTION, takes_context=True)
def recent_initiatives(context):
    return {
        **context.flatten(),
        "initiatives": selectors.recent_initiatives(),
        "empty_text": _("No initiative has been registered yet."),
    }


@register.inclusion_tag(SECTION, takes_context=True)
def conference_initiatives(context, conference):
    return {
        **context.flatten(),
        "initiatives": selectors.conference_initiatives(conference=conference, user=context["user"]),
        "empty_text": "",
    }


@register.simple_tag(takes_context=True)
def directive_initiatives(context, directive):
    return selectors.directive_initiatives(directive=directive, user=context["user"])
