from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Official documents")

    def ready(self):
        from core import mail
        from documents.selectors import site_identity

        mail.add_context_provider(lambda: {"organization": site_identity()})
