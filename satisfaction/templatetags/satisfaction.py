"""The satisfaction parts of other apps' pages: the rating panel of a concern, a conference's totals, the dashboard."""

from django import template

from satisfaction import permissions, selectors, services

register = template.Library()


@register.inclusion_tag("satisfaction/_rating_panel.html", takes_context=True)
def rating_panel(context, question):
    """On the concern page: the author's rating form or rating; the rating, its comment and reopening for organizers.
    Nobody else learns whether the author was satisfied."""
    user = context["request"].user
    is_rater = permissions.is_rater(user, question)
    organizer = permissions.can_reopen(user)
    if not (is_rater or organizer):
        return {"show": False}
    rating = selectors.rating_of(question)
    return {
        "show": True,
        "question": question,
        "rating": rating,
        "is_rater": is_rater,
        "can_rate": permissions.can_rate(user, question),
        "change_until": services.change_deadline(rating) if rating else None,
        "show_comment": rating is not None and permissions.can_read_comments(user, question),
        "can_reopen": organizer and question.status == "answered",
        "reopenings": selectors.reopenings_of(question),
    }


@register.inclusion_tag("satisfaction/_conference_totals.html")
def satisfaction_totals(conference):
    return {"totals": selectors.conference_totals(conference)}


@register.inclusion_tag("satisfaction/_dashboard.html", takes_context=True)
def satisfaction_dashboard(context, conference=None):
    if not permissions.can_see_breakdown(context["request"].user):
        return {"show": False}
    return {"show": True, **selectors.satisfaction_breakdown(conference=conference)}
