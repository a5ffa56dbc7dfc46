from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import search_fold

SUBJECT_MAX_LENGTH = 255


class SearchTextMixin:
    """Keeps a model's `search_text` column, the search form (core.text.search_fold) of its SEARCH_FIELDS, so every
    search of the portal is a plain LIKE on one folded column, the same on SQLite and PostgreSQL."""

    SEARCH_FIELDS: tuple[str, ...] = ()

    def save(self, *args, **kwargs):
        self.search_text = search_fold(" ".join(getattr(self, name) or "" for name in self.SEARCH_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class OutboxMessage(models.Model):
    """One e-mail of the portal: written in the transaction of the change that causes it, sent by the task worker.

    The key makes it idempotent: the same message (a receipt for one concern, the reminder of one unit on one day)
    is written, and so sent, once. A message that keeps failing stays here, visible on the outbox page.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=200, unique=True)
    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return self.subject
