from functools import partial

from initiatives import permissions


def permissions_context(request):
    """What the page may offer the user, as the initiatives app's rules decide.

    Callables, which a template calls only where it asks: the rule reads the user's units, which most pages need not.
    """
    return {"can_register_initiative": partial(permissions.can_register, request.user)}
