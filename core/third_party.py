"""Third-party apps under names the admin can show in the interface's language (theirs are fixed English)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login lockout")


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
