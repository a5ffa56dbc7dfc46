"""The outbox against real mail-server behaviour (an SMTP server on loopback) and against a dying worker or queue."""

import datetime as dt
import email
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.utils import timezone

from core import tasks
from core.mail import queue_site_mail
from core.models import OutboxMessage
from questions import notifications
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

WELCOME = "accounts/email/welcome"
CONTEXT = {"name": "An", "username": "an", "url": "http://x/set/", "login_url": "http://x/login/", "days": 3}
LATER = dt.timedelta(days=1)
BEHIND = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # tasks wait; no worker runs them
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class Server:
    """Answers RCPT with `rcpt_replies` in turn (the last one from then on) and keeps what it accepted."""

    def __init__(self, *rcpt_replies):
        self.rcpt_replies = list(rcpt_replies) or ["250 OK"]
        self.accepted = []

    async def handle_RCPT(self, server, session, envelope, address, options):
        reply = self.rcpt_replies.pop(0) if len(self.rcpt_replies) > 1 else self.rcpt_replies[0]
        if reply.startswith("250"):
            envelope.rcpt_tos.append(address)
        return reply

    async def handle_DATA(self, server, session, envelope):
        self.accepted.append(email.message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """An SMTP server on loopback, with the portal's SMTP backend pointed at it."""
    controllers = []

    def start(*rcpt_replies):
        handler = Server(*rcpt_replies)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        return handler

    yield start
    for controller in controllers:
        controller.stop()


def queue(key, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_site_mail(WELCOME, CONTEXT, ["an@example.org"], key=key)
    return OutboxMessage.objects.get(key=key)


def test_recipient_refused_for_good_fails_once_and_is_never_retried(smtp, django_capture_on_commit_callbacks):
    server = smtp("550 5.1.1 No such user here")
    message = queue("welcome:refused", django_capture_on_commit_callbacks)
    assert message.status == "failed" and message.attempts == 1 and "550" in message.last_error
    assert tasks.enqueue_due_messages(now=timezone.now() + LATER) == 0
    message.refresh_from_db()
    assert message.attempts == 1 and server.accepted == []


def test_greylisted_recipient_is_retried_and_sent_once(smtp, django_capture_on_commit_callbacks):
    server = smtp("450 4.7.1 Greylisted, try again later", "250 OK")
    message = queue("welcome:greylisted", django_capture_on_commit_callbacks)
    assert message.status == "queued" and message.attempts == 1 and "450" in message.last_error
    assert tasks.enqueue_due_messages(now=timezone.now() + LATER) == 1
    tasks.enqueue_due_messages(now=timezone.now() + LATER)  # a second sweep finds nothing to send
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2
    assert [m["X-Portal-Message-Key"] for m in server.accepted] == ["welcome:greylisted"]
    assert server.accepted[0]["Message-ID"] == tasks.message_id_for("welcome:greylisted")


def test_server_that_never_answers_is_given_up_on_and_retried_later(settings, django_capture_on_commit_callbacks):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts the connection and never says a word
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    try:
        message = queue("welcome:silent", django_capture_on_commit_callbacks)
    finally:
        silent.close()
    assert message.status == "queued" and message.attempts == 1 and "timed out" in message.last_error
    assert message.next_attempt_at > timezone.now()


class DyingBackend:
    """The worker is stopped in the middle of the SMTP conversation, before the server took the message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise SystemExit("worker stopped")


def test_worker_stopped_mid_send_leaves_the_message_queued_and_sends_it_once(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = BEHIND
    message = queue("welcome:dying", django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = "tests.core.test_outbox_faults.DyingBackend"
    with pytest.raises(SystemExit):
        tasks.deliver_outbox_message.call(message.pk)
    message.refresh_from_db()
    assert message.status == "queued" and message.attempts == 0  # the attempt rolled back with the worker
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = IMMEDIATE
    # The restarted worker gets it from the sweep (the task the dead worker held is lost with it) ...
    assert tasks.enqueue_due_messages(now=timezone.now() + LATER) == 1
    # ... and a copy of the old task that turns up as well sends nothing more.
    assert tasks.deliver_outbox_message.call(message.pk) == "nothing to do"
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1 and len(mail.outbox) == 1


def test_receipt_of_a_concern_deleted_meanwhile_ends_quietly(settings, django_capture_on_commit_callbacks):
    settings.TASKS = BEHIND
    question = QuestionFactory(author=UserFactory(email="an@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.question_received(question.pk)
    deleted_pk = question.pk
    question.delete()
    message = OutboxMessage.objects.get()
    assert tasks.deliver_outbox_message.call(message.pk) == "sent"
    # A task for a concern already gone queues nothing and fails nothing.
    assert notifications.question_approved(deleted_pk) is False
    assert OutboxMessage.objects.count() == 1 and len(mail.outbox) == 1


def test_queue_that_cannot_be_reached_does_not_fail_the_change(monkeypatch, django_capture_on_commit_callbacks):
    def unreachable(message_id):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks, "enqueue_delivery", unreachable)
    message = queue("welcome:no-queue", django_capture_on_commit_callbacks)
    assert message.status == "queued" and mail.outbox == []
    monkeypatch.undo()
    assert tasks.enqueue_due_messages(now=timezone.now() + LATER) == 1
    assert len(mail.outbox) == 1
