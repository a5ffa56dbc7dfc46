from django import template

from notifications import selectors
from notifications.forms import EmailPreferencesForm

register = template.Library()


@register.inclusion_tag("notifications/includes/_email_preferences.html", takes_context=True)
def email_preferences_form(context):
    """The user's per-kind e-mail choices, for the profile page (saved by notifications:email_preferences)."""
    user = context["request"].user
    chosen = [kind for kind, on in selectors.email_preferences(user=user).items() if on]
    return {"form": EmailPreferencesForm(initial={"email_kinds": chosen}), "csrf_token": context.get("csrf_token")}
