"""The e-mail a new member receives: their username and a link to set their password."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.mail import queue_site_mail, queue_site_mails


def set_password_url(user, *, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def _welcome_context(user, *, base_url: str) -> dict:
    return {
        "name": user.get_full_name() or user.get_username(),
        "username": user.get_username(),
        "url": set_password_url(user, base_url=base_url),
        "login_url": base_url.rstrip("/") + reverse("login"),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }


def queue_welcomes(users, *, base_url: str) -> int:
    """The welcome messages of many new accounts (an import), queued together."""
    messages = [
        (_welcome_context(user, base_url=base_url), [user.email], f"welcome:{user.pk}") for user in users if user.email
    ]
    return queue_site_mails("accounts/email/welcome", messages)


def queue_welcome(user, *, base_url: str, key: str = "") -> bool:
    """Queue the welcome message in the transaction that creates the account (or again, under a new key, when an
    organizer sends the link once more)."""
    if not user.email:
        return False
    context = _welcome_context(user, base_url=base_url)
    return queue_site_mail("accounts/email/welcome", context, [user.email], key=key or f"welcome:{user.pk}") is not None
