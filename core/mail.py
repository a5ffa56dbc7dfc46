"""E-mail written in the site's language (Vietnamese) whatever language the page that caused it was in, with links
to the address the user is on, queued in an outbox in the transaction of the change and sent by the task worker."""

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial, wraps

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import tasks
from core.models import SUBJECT_MAX_LENGTH, OutboxMessage

HANDOVER_GRACE = dt.timedelta(minutes=2)

_suppressed = ContextVar("mail_suppressed", default=False)
# Apps that know what every message should say (the organization's names) add it here, so core depends on none.
_context_providers = []


def add_context_provider(provider) -> None:
    """`provider()` returns variables every e-mail template gets (a message's own context wins)."""
    _context_providers.append(provider)


_base_url = ContextVar("mail_base_url", default="")


@contextmanager
def suppressed():
    """No e-mail for what the services do inside this block: for loading history (demo data, imports)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def are_suppressed() -> bool:
    return _suppressed.get()


def site_url_middleware(get_response):
    """Remember the address of each request, so that the e-mails its services send link to where the user is."""

    @wraps(get_response)
    def middleware(request):
        token = _base_url.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return get_response(request)
        finally:
            _base_url.reset(token)

    return middleware


def current_base_url() -> str:
    """The portal's address for links in e-mails: the current request's, else SITE_URL or the first trusted origin.

    Without any of these (a management command), the e-mails carry paths only.
    """
    url = _base_url.get() or getattr(settings, "SITE_URL", "") or next(iter(settings.CSRF_TRUSTED_ORIGINS), "")
    return url.rstrip("/")


def render_site_mail(template_prefix: str, context: dict) -> tuple[str, str]:
    """Subject (one line, so no header injection) and body from `<prefix>_subject.txt` and `<prefix>_body.txt`."""
    extra = {}
    for provider in _context_providers:
        extra.update(provider())
    context = {**extra, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        body = render_to_string(f"{template_prefix}_body.txt", context)
    return " ".join(subject.split()), body


def queue_site_mail(template_prefix: str, context: dict, recipients: list[str], *, key: str) -> OutboxMessage | None:
    """Write the message to the outbox in the current transaction; the task worker sends it once that commits.

    `key` names the message for good (e.g. "question:12:approved"): writing the same key again changes nothing, so
    a message is never queued, and never sent, twice. Nothing is queued inside suppressed() or without recipients.
    """
    recipients = [address for address in recipients if address]
    if are_suppressed() or not recipients:
        return None
    subject, body = render_site_mail(template_prefix, context)
    message, created = OutboxMessage.objects.get_or_create(
        key=key[:200],
        defaults={
            "recipients": recipients,
            "subject": subject[:SUBJECT_MAX_LENGTH],
            "body": body,
            # The hand-over below normally delivers it; the scheduler's sweep is for a hand-over that was lost.
            "next_attempt_at": timezone.now() + HANDOVER_GRACE,
        },
    )
    if created:
        # robust: a queue that cannot be reached (Redis down) must not fail a change that committed; the
        # scheduler's sweep hands the message over later.
        transaction.on_commit(lambda: tasks.enqueue_delivery(message.pk), robust=True)
    return message


def queue_site_mails(template_prefix: str, messages: list[tuple[dict, list[str], str]]) -> int:
    """queue_site_mail for many messages at once (context, recipients, key each): one insert for all of them and one
    task to deliver them, so an import of a thousand members queues its welcome e-mails in moments. Returns how many
    were queued (a key written before is skipped, as queue_site_mail does)."""
    if are_suppressed():
        return 0
    rows = {}
    for context, recipients, key in messages:
        recipients = [address for address in recipients if address]
        if not recipients or key[:200] in rows:
            continue
        subject, body = render_site_mail(template_prefix, context)
        rows[key[:200]] = OutboxMessage(
            key=key[:200],
            recipients=recipients,
            subject=subject[:SUBJECT_MAX_LENGTH],
            body=body,
            next_attempt_at=timezone.now() + HANDOVER_GRACE,
        )
    known = set(OutboxMessage.objects.filter(key__in=list(rows)).values_list("key", flat=True))
    new = [row for key, row in rows.items() if key not in known]
    OutboxMessage.objects.bulk_create(new, batch_size=500)
    ids = list(OutboxMessage.objects.filter(key__in=[row.key for row in new]).values_list("pk", flat=True))
    if ids:
        transaction.on_commit(partial(tasks.enqueue_deliveries, ids), robust=True)
    return len(ids)
