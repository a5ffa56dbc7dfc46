"""A lead unit's done report waits for the organizers, who confirm it or send it back; carrying a directive over gives
it a new deadline and closes the original, counted once."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from questions import services
from questions.models import Directive, DirectiveUpdate
from questions.selectors.dashboard import dashboard_stats
from questions.selectors.followup import carry_over_candidates
from tests.factories import ConferenceFactory, UnitFactory, member, organizer
from tests.questions.followup.helpers import concluded, directive, liaison

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return UnitFactory(name="Văn phòng Sở")


def _report(directive_, user):
    return services.directive_update_post(
        directive=directive_, author=user, status=Directive.Status.REPORTED_DONE, progress=100, note="Đã xong."
    )


# --- confirmed progress ----------------------------------------------------------------------------------------------


def test_liaison_report_waits_for_confirmation_and_is_not_overdue(unit):
    person, boss = liaison(unit), organizer()
    late = directive(unit, status="in_progress", progress=50, deadline=timezone.localdate() - dt.timedelta(days=3))
    assert late.is_overdue
    _report(late, person)
    late.refresh_from_db()
    assert late.status == Directive.Status.REPORTED_DONE and late.completed_at is None and not late.is_overdue
    assert not Directive.objects.overdue().filter(pk=late.pk).exists()
    (notice,) = Notification.objects.filter(recipient=boss, kind=Notification.Kind.PROGRESS_POSTED)
    assert "chờ đồng chí xác nhận" in notice.title


def test_liaison_cannot_mark_done_without_the_organizers(unit):
    person = liaison(unit)
    target = directive(unit, status="in_progress")
    with pytest.raises(PermissionDenied):
        services.directive_update_post(directive=target, author=person, status="done", progress=100, note="Xong.")


def test_report_needs_full_progress_and_a_note(unit):
    person = liaison(unit)
    target = directive(unit, status="in_progress")
    with pytest.raises(ValidationError) as error:
        services.directive_update_post(directive=target, author=person, status="reported_done", progress=80)
    assert set(error.value.message_dict) == {"progress", "note"}


def test_organizer_confirms_done_dated_when_reported(unit, django_capture_on_commit_callbacks):
    person, boss = liaison(unit, email="lienlac@example.org"), organizer()
    target = directive(unit, status="in_progress")
    report = _report(target, person)
    with django_capture_on_commit_callbacks(execute=True):
        services.directive_confirm_done(directive=target, user=boss)
    target.refresh_from_db()
    assert target.status == Directive.Status.DONE and target.completed_at == report.created_at
    last = target.updates.order_by("-pk").first()
    assert last.status == "done" and last.author == boss and last.note
    (notice,) = Notification.objects.filter(recipient=person, kind=Notification.Kind.DIRECTIVE_REVIEWED)
    assert "xác nhận hoàn thành" in notice.title
    assert [m.to for m in mail.outbox] == [["lienlac@example.org"]]
    with pytest.raises(ValidationError):  # a second confirmation finds nothing waiting
        services.directive_confirm_done(directive=target, user=boss)


def test_organizer_sends_back_with_a_reason_told_to_the_liaisons(unit):
    person, boss = liaison(unit), organizer()
    target = directive(unit, status="in_progress")
    _report(target, person)
    with pytest.raises(ValidationError):
        services.directive_send_back(directive=target, user=boss, reason="  ")
    services.directive_send_back(directive=target, user=boss, reason="Chưa có văn bản minh chứng.")
    target.refresh_from_db()
    assert target.status == Directive.Status.IN_PROGRESS and target.completed_at is None
    assert target.updates.order_by("-pk").first().note == "Chưa có văn bản minh chứng."
    (notice,) = Notification.objects.filter(recipient=person, kind=Notification.Kind.DIRECTIVE_REVIEWED)
    assert "Chưa có văn bản minh chứng." in notice.title


def test_only_organizers_review(client, unit):
    person = liaison(unit)
    target = directive(unit, status="in_progress")
    _report(target, person)
    with pytest.raises(PermissionDenied):
        services.directive_confirm_done(directive=target, user=person)
    client.force_login(person)
    assert client.post(reverse("followup:directive_confirm", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.status == Directive.Status.REPORTED_DONE


def test_pages_show_the_waiting_report_and_the_review_buttons(client, unit):
    person = liaison(unit)
    target = directive(unit, status="in_progress")
    _report(target, person)
    client.force_login(organizer())
    html = client.get(reverse("followup:directive", args=[target.pk])).content.decode()
    assert "badge-directive-reported_done" in html and "chờ xác nhận" in html
    assert reverse("followup:directive_confirm", args=[target.pk]) in html
    board = client.get(reverse("followup:directives") + "?status=reported_done").content.decode()
    assert target.content[:20] in board
    page = client.get(reverse("followup:directive_confirm", args=[target.pk])).content.decode()
    assert "Đã xong." in page  # what the unit reported
    response = client.post(reverse("followup:directive_send_back", args=[target.pk]), {"note": ""})
    assert response.status_code == 400 and "trả lại" in response.content.decode()
    response = client.post(reverse("followup:directive_confirm", args=[target.pk]), {"note": ""})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == Directive.Status.DONE
    client.force_login(person)
    html = client.get(reverse("followup:directive", args=[target.pk])).content.decode()
    assert reverse("followup:directive_confirm", args=[target.pk]) not in html


def test_liaison_form_offers_report_not_done_nor_cancel(client, unit):
    person = liaison(unit)
    target = directive(unit, status="in_progress")
    client.force_login(person)
    html = client.get(reverse("followup:directive", args=[target.pk])).content.decode()
    assert 'value="reported_done"' in html and 'value="done"' not in html and 'value="cancelled"' not in html
    assert 'value="carried_over"' not in html


def test_dashboard_and_report_tell_reported_from_done(unit):
    conclusion = concluded()
    directive(unit, conclusion=conclusion, status="done", progress=100)
    directive(unit, conclusion=conclusion, status="reported_done", progress=100)
    stats = dashboard_stats(conference=conclusion.conference)
    assert stats["directive_totals"] == {"done": 1, "reported_done": 1, "in_progress": 0, "overdue": 0}


# --- carry-over ------------------------------------------------------------------------------------------------------


@pytest.fixture
def years(unit):
    old = concluded()
    original = directive(unit, conclusion=old, status="in_progress", progress=30, deadline=dt.date(2023, 9, 30))
    current = ConferenceFactory(starts_at=timezone.now() + dt.timedelta(days=10), is_published=True)
    return old, original, current


def _carry(current, original, **kwargs):
    kwargs.setdefault("deadline", timezone.localdate() + dt.timedelta(days=120))
    return services.directive_carry_over(conference=current, directives=[original], user=organizer(), **kwargs)


def test_carry_over_closes_the_original_and_links_both_ways(years):
    old, original, current = years
    assert original.is_overdue
    (copy,) = _carry(current, original)
    original.refresh_from_db()
    assert original.status == Directive.Status.CARRIED_OVER and not original.is_overdue
    assert copy.carried_from == original and list(original.carried_to.all()) == [copy]
    assert copy.deadline is not None and copy.status == Directive.Status.IN_PROGRESS and copy.progress == 30
    history = DirectiveUpdate.objects.get(directive=original, status=Directive.Status.CARRIED_OVER)
    assert str(copy.order) in history.note and current.title in history.note
    assert list(carry_over_candidates(conference=current)) == []
    assert not Directive.objects.overdue().filter(pk=original.pk).exists()


def test_carry_over_requires_a_new_deadline_not_in_the_past(years):
    _old, original, current = years
    with pytest.raises(ValidationError) as error:
        _carry(current, original, deadline=None)
    assert "deadline" in error.value.message_dict
    with pytest.raises(ValidationError):
        _carry(current, original, deadline=timezone.localdate() - dt.timedelta(days=1))
    original.refresh_from_db()
    assert original.status == Directive.Status.IN_PROGRESS and not original.carried_to.exists()


def test_carry_over_into_a_published_conclusion_asks_and_notifies(years, unit):
    _old, original, current = years
    person = liaison(unit)
    published = concluded(issued_on=timezone.localdate())
    published.conference = current
    published.save()
    with pytest.raises(ValidationError) as error:
        _carry(current, original)
    assert "confirm_public" in error.value.message_dict
    (copy,) = _carry(current, original, confirm_public=True)
    assert Notification.objects.filter(
        recipient=person, kind=Notification.Kind.DIRECTIVE_ASSIGNED, url=reverse("followup:directive", args=[copy.pk])
    ).exists()


def test_carry_over_page_asks_for_the_deadline_and_the_confirmation(client, years):
    _old, original, current = years
    published = concluded(issued_on=timezone.localdate())
    published.conference = current
    published.save()
    client.force_login(organizer())
    url = reverse("conference_questions:carry_over", args=[current.slug])
    html = client.get(url).content.decode()
    assert 'name="deadline"' in html and 'name="confirm_public"' in html and "công khai" in html
    response = client.post(url, {"directives": [original.pk]})
    assert response.status_code == 400
    deadline = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    assert client.post(url, {"directives": [original.pk], "deadline": deadline}).status_code == 400
    response = client.post(url, {"directives": [original.pk], "deadline": deadline, "confirm_public": "on"})
    assert response.status_code == 302
    original.refresh_from_db()
    assert original.status == Directive.Status.CARRIED_OVER


def test_each_task_counted_once_and_the_original_says_where_it_went(client, years):
    old, original, current = years
    (copy,) = _carry(current, original)
    copy.conclusion.is_published = True
    copy.conclusion.save()
    stats = dashboard_stats(conference=None)
    assert sum(stats["directive_totals"].values()) == 1
    assert stats["directive_totals"]["overdue"] == 0
    client.force_login(member())
    html = client.get(reverse("followup:directive", args=[original.pk])).content.decode()
    assert "Đã chuyển tiếp" in html and reverse("followup:directive", args=[copy.pk]) in html
    assert 'id="update"' not in html  # closed: nothing more is posted here
    board = client.get(reverse("followup:directives")).content.decode()
    assert "carried-to" in board
    detail = client.get(reverse("followup:directive", args=[copy.pk])).content.decode()
    assert reverse("followup:directive", args=[original.pk]) in detail


def test_a_legacy_copy_still_keeps_its_original_out_of_the_candidates(years):
    _old, original, current = years
    later = ConferenceFactory(starts_at=timezone.now() + dt.timedelta(days=400))
    (copy,) = _carry(current, original)
    candidates = list(carry_over_candidates(conference=later))
    assert candidates == [copy]
