from django import template

from core import roles

register = template.Library()


@register.filter
def role_names(user) -> str:
    """{{ member|role_names }}: the roles of core.roles, in a template."""
    return ", ".join(roles.role_names(user)) or "—"
