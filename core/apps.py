from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What is not a domain: text, roles, form helpers, the stale-edit error, mail, middleware, health and errors."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
