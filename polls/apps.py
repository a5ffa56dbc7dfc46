from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "polls"
    verbose_name = _("Polls and surveys")

    def ready(self):
        from conferences.signals import conference_transitioned
        from polls import services

        conference_transitioned.connect(services.on_conference_transitioned, dispatch_uid="polls:transition")
