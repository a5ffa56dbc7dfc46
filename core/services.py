"""Writes of the core app: putting a failed e-mail back in the queue."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import tasks
from core.models import OutboxMessage


@transaction.atomic
def outbox_message_retry(*, message: OutboxMessage) -> OutboxMessage:
    """Try a failed message again, from its first attempt: the worker sends it once this commits."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != OutboxMessage.Status.FAILED:
        raise ValidationError(_("Only a failed e-mail can be sent again."))
    message.status = OutboxMessage.Status.QUEUED
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: tasks.enqueue_delivery(message.pk))
    return message
