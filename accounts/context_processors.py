from accounts import permissions


def permissions_context(request):
    """What the page may offer the user, as the accounts app's rules decide."""
    return {"can_manage_members": permissions.can_manage_members(request.user)}
