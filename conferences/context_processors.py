from conferences import permissions


def permissions_context(request):
    """What the page may offer the user, as the conferences app's rules decide."""
    user = request.user
    return {
        "can_manage_conferences": permissions.can_manage_conferences(user),
        "can_manage_units": permissions.can_manage_units(user),
        "can_export_participants": permissions.can_export_participants(user),
    }
