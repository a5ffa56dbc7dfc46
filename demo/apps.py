from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data: the 2023 conference of the news report and this year's, across conferences and questions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
