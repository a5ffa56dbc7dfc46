from initiatives import permissions


def permissions_context(request):
    """What the page may offer the user, as the initiatives app's rules decide."""
    return {"can_register_initiative": permissions.can_register(request.user)}
