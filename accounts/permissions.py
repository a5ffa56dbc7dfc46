"""Who may manage accounts: every rule of the app, as named predicates; nothing else in the app looks at groups or
at is_superuser."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.roles import Role, is_admin, is_organizer


def can_manage_members(user) -> bool:
    """Create and import member accounts, and see the member list: organizers (and admins)."""
    return is_organizer(user)


def can_grant_admin_rights(user) -> bool:
    """Staff and superuser status and single permissions: admins only."""
    return is_admin(user)


def can_change_account(user, account) -> bool:
    """In the admin, organizers change anyone's account but an admin's; admins change every account."""
    return is_admin(user) or (is_organizer(user) and not account.is_superuser)


def can_edit_member(user, account) -> bool:
    """Edit, deactivate, change the role of and send a password link to an account in the portal: organizers for
    members and leaders, admins for everyone."""
    return is_admin(user) or (is_organizer(user) and not is_organizer(account))


def can_give_role(user, role: str) -> bool:
    """Organizers make members and leaders; only admins make organizers. Nobody makes an admin here."""
    if role == Role.ORGANIZER:
        return is_admin(user)
    return role in (Role.LEADER, Role.MEMBER) and is_organizer(user)


def roles_given_by(user) -> list[str]:
    return [role for role in (Role.MEMBER, Role.LEADER, Role.ORGANIZER) if can_give_role(user, role)]


def get_member_for_editor(user, pk: int):
    """The account an organizer edits: 404 if there is none, 403 if it is beyond their rights (an organizer's or an
    admin's account, for an organizer)."""
    account = get_object_or_404(
        get_user_model().objects.select_related("profile__unit").prefetch_related("groups"), pk=pk
    )
    if not can_edit_member(user, account):
        raise PermissionDenied
    return account
