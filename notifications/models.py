"""What the portal tells a user in its pages (a notification per recipient) and whether it also e-mails them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 300


class Notification(models.Model):
    class Kind(models.TextChoices):
        DIRECTIVE_ASSIGNED = "directive_assigned", _("A directive is assigned to my unit")
        DIRECTIVE_DEADLINE = "directive_deadline", _("A directive's deadline is near")
        DIRECTIVE_REVIEWED = "directive_reviewed", _("A reported-done directive is confirmed or sent back")
        PROGRESS_POSTED = "progress_posted", _("Progress is posted on a directive")
        CONCERN_SUBMITTED = "concern_submitted", _("A concern is submitted")
        CONCERN_ANSWERED = "concern_answered", _("A concern I wrote or supported is answered")
        CONCERN_ASSIGNED = "concern_assigned", _("A concern is assigned to me to answer")
        ANSWER_UNSATISFIED = "answer_unsatisfied", _("An author is not satisfied with the answer")
        DRAFT_REQUESTED = "draft_requested", _("My unit is asked to draft the answer to a concern")
        DRAFT_READY = "draft_ready", _("The draft answer to a concern assigned to me is ready")
        SURVEY_INVITATION = "survey_invitation", _("A conference I took part in asks for my opinion in its survey")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    url = models.CharField(_("address"), max_length=500, help_text=_("A path inside the portal."))
    # Names the event for good ("directive:12:assigned:3"): the same event never notifies the same person twice.
    key = models.CharField(_("key"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recent_idx"),
            # The header's unread count on every page: a partial index holds only the unread rows.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice of e-mail for one kind of notification; without a row, e-mail is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Notification.Kind.choices)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self):
        return f"{self.user_id} · {self.kind} · {'on' if self.email else 'off'}"
