from core import permissions


def permissions_context(request):
    """What the page may offer the user, as the core app's rules decide."""
    return {"can_see_outbox": permissions.can_see_outbox(request.user)}
