"""Supports: the rules, the button with and without htmx, and an exact count under concurrent clicks."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from questions import services
from questions.models import Question, Support
from tests.factories import QuestionFactory, UserFactory, admin, leader, member, organizer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status", [Question.Status.PENDING, Question.Status.REJECTED, Question.Status.WITHDRAWN, Question.Status.MERGED]
)
def test_support_toggle_refused_unless_approved_or_answered(status):
    question = QuestionFactory(status=status, duplicate_of=QuestionFactory() if status == "merged" else None)
    with pytest.raises(ValidationError):
        services.support_toggle(question=question, user=member())
    assert not Support.objects.filter(question=question).exists()


def test_support_toggle_reads_fresh_status():
    question = QuestionFactory(status=Question.Status.APPROVED)
    Question.objects.filter(pk=question.pk).update(status=Question.Status.REJECTED)
    with pytest.raises(ValidationError):
        services.support_toggle(question=question, user=member())  # the object in hand still says approved


def test_support_toggle_on_answered_concern_allowed():
    question = QuestionFactory(status=Question.Status.ANSWERED)
    assert services.support_toggle(question=question, user=member()) is True


def _post_support(client, question, **extra):
    return client.post(f"/questions/{question.pk}/support/", {"next": "/somewhere/?a=1"}, **extra)


def test_support_view_without_javascript_redirects_back(client):
    question = QuestionFactory()
    client.force_login(member())
    response = _post_support(client, question)
    assert response.status_code == 302 and response.url == "/somewhere/?a=1"
    question.refresh_from_db()
    assert question.support_count == 1


def test_support_view_ignores_next_to_another_site(client):
    question = QuestionFactory()
    client.force_login(member())
    response = client.post(f"/questions/{question.pk}/support/", {"next": "https://evil.example/"})
    assert response.url == question.get_absolute_url()


def test_support_view_with_htmx_returns_the_button_with_new_count(client, english):
    question = QuestionFactory()
    client.force_login(member())
    response = _post_support(client, question, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="support-{question.pk}"' in content and "<html" not in content
    assert 'aria-pressed="true"' in content and '<span class="support-count">1</span>' in content
    response = _post_support(client, question, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert 'aria-pressed="false"' in content and '<span class="support-count">0</span>' in content


def test_support_view_own_concern_is_refused_with_message(client, english):
    question = QuestionFactory(author=member())
    client.force_login(question.author)
    response = client.post(f"/questions/{question.pk}/support/", follow=True)
    assert "You cannot support your own concern." in response.content.decode()
    assert not Support.objects.exists()


def test_support_view_own_concern_with_htmx_shows_error_in_place(client, english):
    question = QuestionFactory(author=member())
    client.force_login(question.author)
    response = _post_support(client, question, HTTP_HX_REQUEST="true")
    assert "You cannot support your own concern." in response.content.decode()
    assert not Support.objects.exists()


@pytest.mark.parametrize("status", [Question.Status.PENDING, Question.Status.REJECTED])
def test_support_view_pending_or_rejected_concern_is_404_for_other_members(client, status):
    question = QuestionFactory(status=status)
    client.force_login(member())
    assert _post_support(client, question).status_code == 404
    assert not Support.objects.exists()


def test_support_view_pending_concern_by_organizer_is_refused(client, english):
    question = QuestionFactory(status=Question.Status.PENDING)
    client.force_login(organizer())
    response = client.post(f"/questions/{question.pk}/support/", follow=True)
    assert "Only approved concerns can be supported." in response.content.decode()
    assert not Support.objects.exists()


def test_support_view_get_is_not_allowed(client):
    question = QuestionFactory()
    client.force_login(member())
    assert client.get(f"/questions/{question.pk}/support/").status_code == 405


@pytest.mark.parametrize(
    ("role", "supported"),
    [("member", True), ("leader", True), ("organizer", True), ("admin", True), ("nogroup", False)],
)
def test_support_view_per_role(client, role, supported):
    question = QuestionFactory()
    users = {"member": member, "leader": leader, "organizer": organizer, "admin": admin, "nogroup": UserFactory}
    client.force_login(users[role]())
    response = _post_support(client, question)
    assert response.status_code == (302 if supported else 403)
    assert Support.objects.filter(question=question).exists() is supported


def test_support_view_anonymous_is_sent_to_login(client):
    question = QuestionFactory()
    response = _post_support(client, question)
    assert response.url.startswith("/accounts/login/")
    assert not Support.objects.exists()


def test_detail_page_shows_login_link_instead_of_button_to_anonymous(client, english):
    question = QuestionFactory()
    content = client.get(question.get_absolute_url()).content.decode()
    assert "Log in to support" in content and f"/questions/{question.pk}/support/" not in content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: SQLite serialises every write")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep the migrated groups for later tests
def test_concurrent_supports_give_the_exact_count():
    # plain accounts: this test must not depend on the migrated groups, which an earlier transactional test may
    # have flushed away
    question = QuestionFactory()
    users = [UserFactory() for _ in range(8)]
    twice = users[0]
    barrier = threading.Barrier(len(users) + 1)
    errors = []

    def click(user):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.support_toggle(question=question, user=user)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    # eight different members at once, plus the first one double-clicking (a ninth thread, same user)
    threads = [threading.Thread(target=click, args=(user,)) for user in [*users, twice]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    question.refresh_from_db()
    rows = Support.objects.filter(question=question).count()
    assert question.support_count == rows
    assert rows in (7, 8)  # the double click either added once (8) or added and took back (7); never counted twice
    assert Support.objects.filter(question=question, user=twice).count() <= 1
