"""E-mail written in the site's language (Vietnamese) whatever language the page that caused it was in, with links
to the address the user is on."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

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


def send_site_mail(template_prefix: str, context: dict, recipients: list[str], *, quiet: bool = True) -> bool:
    """Render and send one message. Quiet: a mail server that is down is logged and reported as False, because the
    change that caused the message is committed already; otherwise the error is raised to the caller."""
    subject, body = render_site_mail(template_prefix, context)
    try:
        send_mail(subject, body, None, recipients, fail_silently=False)
    except Exception:
        if not quiet:
            raise
        logger.exception("Could not send the e-mail %s", template_prefix)
        return False
    logger.info("Sent the e-mail %s", template_prefix)
    return True
