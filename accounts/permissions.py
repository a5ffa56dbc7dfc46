"""Who may manage accounts: every rule of the app, as named predicates; nothing else in the app looks at groups or
at is_superuser."""

from core.roles import is_admin, is_organizer


def can_manage_members(user) -> bool:
    """Create and import member accounts, and see the member list: organizers (and admins)."""
    return is_organizer(user)


def can_grant_admin_rights(user) -> bool:
    """Staff and superuser status and single permissions: admins only."""
    return is_admin(user)


def can_change_account(user, account) -> bool:
    """In the admin, organizers change anyone's account but an admin's; admins change every account."""
    return is_admin(user) or (is_organizer(user) and not account.is_superuser)
