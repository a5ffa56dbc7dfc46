"""Who may see the portal's own machinery: every rule of the core app, as named predicates."""

from core.roles import is_organizer


def can_see_outbox(user) -> bool:
    """The outbox of e-mails, queued, sent and failed, and retrying a failed one: organizers (and admins)."""
    return is_organizer(user)
