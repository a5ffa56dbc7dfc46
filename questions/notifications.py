"""Plain-text e-mails to the author of a concern: received, approved, rejected (with the reason), merged, answered.

The services call these through transaction.on_commit, so nothing is sent for a change that rolled back. The
e-mails are written in the site's language (Vietnamese) whatever language the moderator's page was in; authors
without an e-mail address are skipped.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from questions.models import Answer, Question

logger = logging.getLogger(__name__)

_suppressed = ContextVar("questions_notifications_suppressed", default=False)


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


_base_url = ContextVar("questions_notifications_base_url", default="")


def remember_site_url(view):
    """Decorate a view so that the e-mails its services send link to the address the user is on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _base_url.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return view(request, *args, **kwargs)
        finally:
            _base_url.reset(token)

    return wrapper


def site_url_middleware(get_response):
    """The same for every request (admin actions included), if listed in MIDDLEWARE after the security middleware."""
    return remember_site_url(get_response)


def current_base_url() -> str:
    """The portal's address for links in e-mails: the current request's, else SITE_URL or the first trusted origin.

    Without any of these (a management command), the e-mails carry paths only.
    """
    return _base_url.get() or getattr(settings, "SITE_URL", "") or next(iter(settings.CSRF_TRUSTED_ORIGINS), "")


def _send(question_id: int, kind: str, *, base_url: str = "", **extra) -> bool:
    question = (
        Question.objects.select_related("author", "conference", "duplicate_of", "duplicate_of__conference")
        .filter(pk=question_id)
        .first()
    )
    if question is None or question.author is None or not question.author.email:
        return False
    base_url = base_url.rstrip("/")
    context = {
        "question": question,
        "author_name": question.author.get_full_name() or question.author.get_username(),
        "question_url": base_url + question.get_absolute_url(),
        "mine_url": base_url + reverse("questions:mine"),
        **extra,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"questions/email/{kind}_subject.txt", context)
        body = render_to_string(f"questions/email/{kind}_body.txt", context)
    subject = " ".join(subject.split())  # one line, no header injection
    try:
        send_mail(subject, body, None, [question.author.email], fail_silently=False)
    except Exception:  # the change is committed already; a mail server that is down must not turn it into an error
        logger.exception("Could not send the '%s' e-mail for concern %s", kind, question.reference)
        return False
    logger.info("Sent the '%s' e-mail for concern %s", kind, question.reference)
    return True


def question_received(question_id: int, *, base_url: str = "") -> bool:
    return _send(question_id, "received", base_url=base_url)


def question_approved(question_id: int, *, base_url: str = "") -> bool:
    return _send(question_id, "approved", base_url=base_url)


def question_rejected(question_id: int, *, base_url: str = "") -> bool:
    return _send(question_id, "rejected", base_url=base_url)


def question_merged(question_id: int, *, base_url: str = "") -> bool:
    question = Question.objects.filter(pk=question_id).only("duplicate_of_id").first()
    target_url = base_url.rstrip("/") + reverse("questions:detail", args=[question.duplicate_of_id]) if question else ""
    return _send(question_id, "merged", base_url=base_url, target_url=target_url)


def question_answered(question_id: int, *, answer_id: int, base_url: str = "") -> bool:
    answer = Answer.objects.select_related("responder").filter(pk=answer_id).first()
    return _send(question_id, "answered", base_url=base_url, answer=answer)
