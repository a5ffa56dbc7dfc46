"""The session's user is loaded with its unread notification count in the same query, so the header's badge on
every page costs no query of its own."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from notifications.selectors import unread_count_subquery


class ModelBackendWithUnreadCount(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.annotate(unread_notification_count=unread_count_subquery()).get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
