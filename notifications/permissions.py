"""Who may read which notification: every rule of the app."""

from django.shortcuts import get_object_or_404

from notifications.models import Notification


def can_read_notifications(user) -> bool:
    """Everyone with an account reads their own notifications."""
    return user.is_authenticated


def get_notification_for_recipient(user, pk: int) -> Notification:
    """One's own notification; somebody else's is a 404, as if it did not exist."""
    return get_object_or_404(Notification, pk=pk, recipient_id=user.pk)
