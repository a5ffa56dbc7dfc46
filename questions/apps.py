from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "questions"
    verbose_name = _("Concerns and follow-up")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from conferences.models import Conference
        from questions import live_feed

        # An edited, published/unpublished or deleted conference must not be answered from the feed's cache.
        post_save.connect(live_feed.forget_saved, sender=Conference, dispatch_uid="live-feed-forget-saved")
        post_delete.connect(live_feed.forget_saved, sender=Conference, dispatch_uid="live-feed-forget-deleted")
