from notifications import selectors


def unread(request):
    """The unread count for the header's bell (annotated onto the user: see notifications.auth)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": selectors.unread_count(user=user)}
