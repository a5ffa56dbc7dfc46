from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What is not a domain: text, roles, form helpers, the stale-edit error, mail, middleware, health and errors."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Outgoing mail")
