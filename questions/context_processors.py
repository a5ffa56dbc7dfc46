from questions import permissions


def permissions_context(request):
    """What the page may offer the user, as the questions app's rules decide."""
    user = request.user
    return {
        "can_moderate": permissions.can_moderate(user),
        "can_answer": permissions.can_answer(user),
        "can_manage_conclusion": permissions.can_manage_conclusion(user),
        "can_see_statistics": permissions.can_see_statistics(user),
        "can_export": permissions.can_export(user),
    }
