from django import template

from accounts import permissions
from core import roles

register = template.Library()


@register.filter
def role_label(user) -> str:
    """{{ member|role_label }}: the member's highest role (admin, organizer, leader, member), in words."""
    role = roles.primary_role(user)
    return dict(roles.Role.choices)[role] if role else "—"


@register.filter
def editable_by(account, user) -> bool:
    """{% if member|editable_by:user %}: whether the user may edit this account in the portal."""
    return permissions.can_edit_member(user, account)
