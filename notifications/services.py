"""Every write on notifications: telling people (in the portal and by e-mail), reading, and e-mail preferences.

`notify` runs in the caller's transaction, so a change that rolls back leaves neither a notification nor an e-mail.
"""

from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation

from core import mail
from notifications.models import TITLE_MAX_LENGTH, Notification, NotificationPreference

GENERIC_EMAIL_TEMPLATE = "notifications/email/notification"


def _in_site_language(text) -> str:
    """A title is stored once, in the site's language (Vietnamese), whatever language the page that caused it was in.

    Pass a lazy string, or a function returning the text when it needs formatting (`lambda: _("…") % {...}`).
    """
    with translation.override(settings.LANGUAGE_CODE):
        return str(text() if callable(text) else text)


def notify(
    recipients: Iterable[AbstractBaseUser | int],
    kind: str,
    *,
    title: str | Callable[[], str],
    url: str,
    email_template: str | None = None,
    email_context: Mapping | None = None,
    key: str,
    send_email: bool = True,
) -> list[Notification]:
    """One notification per distinct active recipient, and an e-mail to those who keep e-mail on for `kind`.

    `key` names the event ("directive:12:assigned:3"): a recipient already notified under it is skipped, so the
    caller may notify again safely. `url` is a path inside the portal. The e-mail uses `email_template` (a prefix for
    `_subject.txt` and `_body.txt`) or a generic one; its context has `recipient`, `title`, `url` (absolute) and
    `email_context`. send_email=False is for events whose e-mail goes another way (the daily digest of deadlines),
    which then asks `email_wanted`. Returns the notifications created now.
    """
    if kind not in Notification.Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    ids = {getattr(recipient, "pk", recipient) for recipient in recipients if recipient is not None}
    if not ids:
        return []
    key = key[:180]
    already = set(Notification.objects.filter(key=key, recipient_id__in=ids).values_list("recipient_id", flat=True))
    users = list(get_user_model().objects.filter(pk__in=ids - already, is_active=True).order_by("pk"))
    if not users:
        return []
    text = _in_site_language(title)[:TITLE_MAX_LENGTH]
    now = timezone.now()
    # ignore_conflicts: a simultaneous notify of the same event loses the race quietly instead of failing the change.
    Notification.objects.bulk_create(
        [Notification(recipient=user, kind=kind, title=text, url=url, key=key, created_at=now) for user in users],
        ignore_conflicts=True,
    )
    created = list(Notification.objects.filter(key=key, recipient__in=users, created_at=now))
    if not send_email:
        return created
    mailed = {n.recipient_id for n in created}
    email_off = set(
        NotificationPreference.objects.filter(user__in=users, kind=kind, email=False).values_list("user_id", flat=True)
    )
    absolute_url = mail.current_base_url() + url
    for user in users:
        if user.pk not in mailed or user.pk in email_off or not user.email:
            continue
        context = {**(email_context or {}), "recipient": user, "title": text, "url": absolute_url}
        mail.queue_site_mail(email_template or GENERIC_EMAIL_TEMPLATE, context, [user.email], key=f"{key}:{user.pk}")
    return created


def email_wanted(user_ids: Iterable[int], kind: str) -> set[int]:
    """Those of the users who keep e-mail on for `kind` (for e-mail sent outside notify)."""
    ids = set(user_ids)
    return ids - set(
        NotificationPreference.objects.filter(user_id__in=ids, kind=kind, email=False).values_list("user_id", flat=True)
    )


def notification_open(*, notification: Notification, now=None) -> Notification:
    """Mark one notification read (the first reading stays recorded)."""
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user: AbstractBaseUser, now=None) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now or timezone.now())


@transaction.atomic
def email_preferences_save(*, user: AbstractBaseUser, email_kinds: Iterable[str]) -> None:
    """E-mail on for the kinds given, off for the others (one row per kind the user has ever decided)."""
    chosen = set(email_kinds)
    for kind in Notification.Kind.values:
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in chosen})
