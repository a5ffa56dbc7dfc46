"""E-mail through the outbox and the task worker: queued with the change, sent once, retried, visible when failed."""

import datetime as dt
import io
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core import tasks
from core.mail import queue_site_mail
from core.models import OutboxMessage
from tests.factories import member, organizer

pytestmark = pytest.mark.django_db

WELCOME = "accounts/email/welcome"
CONTEXT = {"name": "An", "username": "an", "url": "http://x/set/", "login_url": "http://x/login/", "days": 3}


class DownBackend:
    """A mail server that cannot be reached."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP is down")


class RefusingBackend(DownBackend):
    """A mail server that refuses the recipient for good."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"an@example.org": (550, b"No such user")})


def test_message_is_sent_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_site_mail(WELCOME, CONTEXT, ["an@example.org"], key="welcome:1")
        queue_site_mail(WELCOME, CONTEXT, ["an@example.org"], key="welcome:1")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["an@example.org"]
    message = OutboxMessage.objects.get()
    assert message.status == "sent" and message.attempts == 1 and message.sent_at
    tasks.deliver_outbox_message.call(message.pk)  # a second delivery of the same message sends nothing
    assert len(mail.outbox) == 1


def test_nothing_is_queued_for_a_change_that_rolled_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        queue_site_mail(WELCOME, CONTEXT, ["an@example.org"], key="welcome:2")
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists() and mail.outbox == []


def test_server_down_keeps_the_message_and_retries_later(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.DownBackend"
    with django_capture_on_commit_callbacks(execute=True):
        queue_site_mail(WELCOME, CONTEXT, ["an@example.org"], key="welcome:3")
    message = OutboxMessage.objects.get()
    assert message.status == "queued" and message.attempts == 1 and "SMTP is down" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert tasks.enqueue_due_messages() == 0  # not before its time

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.enqueue_due_messages(now=timezone.now() + dt.timedelta(hours=1)) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2 and len(mail.outbox) == 1


def test_permanent_refusal_fails_at_once_and_shows_on_the_outbox(settings, client, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        queue_site_mail(WELCOME, CONTEXT, ["an@example.org"], key="welcome:4")
    message = OutboxMessage.objects.get()
    assert message.status == "failed" and message.attempts == 1 and "SMTPRecipientsRefused" in message.last_error

    client.force_login(organizer())
    page = client.get("/outbox/?status=failed").content.decode()
    assert message.subject in page and "SMTPRecipientsRefused" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/outbox/{message.pk}/retry/")
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "sent" and len(mail.outbox) == 1


def test_retry_of_a_message_that_did_not_fail_is_refused_with_a_message(client):
    message = OutboxMessage.objects.create(key="k", recipients=["a@example.org"], subject="S", body="B")
    client.force_login(organizer())
    response = client.post(f"/outbox/{message.pk}/retry/", follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    message.refresh_from_db()
    assert message.status == "queued" and message.attempts == 0


def test_message_fails_after_the_last_attempt(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.DownBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        queue_site_mail(WELCOME, CONTEXT, ["an@example.org"], key="welcome:5")
    tasks.enqueue_due_messages(now=timezone.now() + dt.timedelta(hours=2))
    message = OutboxMessage.objects.get()
    assert message.status == "failed" and message.attempts == 2


def test_delivery_of_a_deleted_message_ends_quietly():
    assert tasks.deliver_outbox_message.call(999_999) == "nothing to do"


def test_outbox_is_for_organizers(client):
    assert client.get("/outbox/").status_code == 302
    client.force_login(member())
    assert client.get("/outbox/").status_code == 403


@pytest.mark.parametrize("size", [1, 30])
def test_outbox_query_count_constant(client, django_assert_num_queries, size):
    for n in range(size):
        OutboxMessage.objects.create(key=f"k{n}", recipients=["a@example.org"], subject=f"Thư {n}", body="B")
    client.force_login(organizer())
    with django_assert_num_queries(6):
        assert client.get("/outbox/").status_code == 200


def test_readyz_reports_database_cache_and_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["ok"] and response.json()["checks"]["cache"]["ok"]
    OutboxMessage.objects.create(
        key="stuck",
        recipients=["a@example.org"],
        subject="S",
        body="B",
        next_attempt_at=timezone.now() - dt.timedelta(hours=1),
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["oldest_waiting_seconds"] >= 3600


def test_scheduler_once_hands_over_due_messages(django_capture_on_commit_callbacks):
    OutboxMessage.objects.create(
        key="lost", recipients=["a@example.org"], subject="S", body="B", next_attempt_at=timezone.now()
    )
    call_command("run_scheduler", "--once", stdout=io.StringIO())
    assert OutboxMessage.objects.get().status == "sent" and len(mail.outbox) == 1


def test_outbox_in_admin_is_read_only(admin_client):
    message = OutboxMessage.objects.create(key="k", recipients=["a@example.org"], subject="Thư thử", body="B")
    assert "Thư thử" in admin_client.get("/admin/core/outboxmessage/").content.decode()
    page = admin_client.get(f"/admin/core/outboxmessage/{message.pk}/change/")
    assert page.status_code == 200 and b'name="subject"' not in page.content
