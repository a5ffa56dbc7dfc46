"""The conclusion notice's deadline where organizers look: the conference page and the dashboard."""

from django import template

from documents import permissions, selectors

register = template.Library()


@register.inclusion_tag("documents/_notice_deadline.html", takes_context=True)
def notice_deadline(context, conference):
    user = context["request"].user
    if conference is None or not permissions.can_see_deadlines(user) or conference.status not in ("concluded",):
        return {"deadline": None}
    return {"deadline": selectors.notice_deadline(conference=conference, profile=selectors.organization_profile())}


@register.inclusion_tag("documents/_issued_notice.html")
def issued_notice(conference):
    """The number and date of the issued conclusion notice, where the conclusion is read."""
    return {"notice": selectors.current_issued(conference=conference, kind="notice"), "conference": conference}
