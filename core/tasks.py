"""Background work, through Django's Tasks API (the django-tasks backport; its database backend by default)."""

import datetime as dt
import hashlib
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.models import OutboxMessage

logger = logging.getLogger(__name__)


def _is_permanent(error: Exception) -> bool:
    """A 5xx refusal of this message (its recipients, its sender, its content) will not change on a retry.

    A 4xx (a full mailbox, greylisting) is temporary, and so is a refusal that is about the server's configuration
    rather than the message (a wrong password, a refused connection): fixed, the retries then go through.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600
    return False


def backoff(attempts: int) -> dt.timedelta:
    """Wait 1, 2, 4, 8 … minutes between attempts, at most an hour."""
    return dt.timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def message_id_for(key: str) -> str:
    """The same Message-ID on every attempt: should a worker die after the server took a message but before it was
    marked sent, the copy sent again is the same message, which mail servers and readers recognise."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{DNS_NAME}>"


@task()
def deliver_outbox_message(message_id: int) -> str:
    """Send one queued message, once: the row is locked while sending and marked sent in the same transaction."""
    return _deliver(message_id)


@task()
def deliver_outbox_messages(message_ids: list[int]) -> int:
    """Send many queued messages (the welcome e-mails of an import) in one task: each one as deliver_outbox_message
    does, so a message that fails waits for its retry while the others go; returns how many were sent."""
    return sum(_deliver(message_id) == OutboxMessage.Status.SENT for message_id in message_ids)


def _deliver(message_id: int) -> str:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != OutboxMessage.Status.QUEUED:
            return "nothing to do"  # sent already, given up, or deleted meanwhile
        email = EmailMessage(
            message.subject,
            message.body,
            None,
            message.recipients,
            headers={"X-Portal-Message-Key": message.key, "Message-ID": message_id_for(message.key)},
        )
        message.attempts += 1
        try:
            email.send(fail_silently=False)
        except Exception as error:
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if _is_permanent(error) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                logger.warning("E-mail %s failed for good: %s", message.key, message.last_error)
            else:
                message.next_attempt_at = timezone.now() + backoff(message.attempts)
                logger.info("E-mail %s failed, retrying at %s", message.key, message.next_attempt_at)
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return message.status
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return message.status


def enqueue_delivery(message_id: int) -> None:
    deliver_outbox_message.enqueue(message_id)


def enqueue_deliveries(message_ids: list[int]) -> None:
    deliver_outbox_messages.enqueue(list(message_ids))


def enqueue_due_messages(*, now: dt.datetime | None = None) -> int:
    """Hand the worker every queued message whose time has come: retries, and any whose hand-over was lost (a
    process that stopped between the commit and the enqueue). Run every minute by the scheduler."""
    now = now or timezone.now()
    due = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for message_id in due:
        enqueue_delivery(message_id)
    return len(due)
