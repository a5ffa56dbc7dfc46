"""Notifications: created in the caller's transaction, once per event and person, e-mailed per the person's choice,
listed, opened, marked read, and counted in the header without a query of their own."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.models import OutboxMessage
from notifications.models import Notification, NotificationPreference
from notifications.services import notify
from questions import services as question_services
from questions.models import Question
from tests.factories import (
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    ParticipantFactory,
    QuestionFactory,
    SupportFactory,
    UnitFactory,
    UserFactory,
    member,
    organizer,
)
from tests.questions.followup.helpers import liaison

pytestmark = pytest.mark.django_db

KIND = Notification.Kind.CONCERN_ANSWERED


def _notify(recipients, key="event:1", **kwargs):
    return notify(recipients, KIND, title="Kiến nghị đã được trả lời", url="/questions/1/", key=key, **kwargs)


def test_notify_creates_one_per_distinct_active_recipient_and_mails_them(django_capture_on_commit_callbacks):
    an, binh = member(email="an@example.org"), member(email="binh@example.org")
    gone = member(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify([an, binh, an, gone.pk, None])
    assert sorted(n.recipient_id for n in created) == sorted([an.pk, binh.pk])
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["an@example.org", "binh@example.org"]
    assert set(OutboxMessage.objects.values_list("key", flat=True)) == {f"event:1:{an.pk}", f"event:1:{binh.pk}"}
    assert "/questions/1/" in mail.outbox[0].body


def test_notify_twice_with_the_same_key_creates_and_mails_nothing_more(django_capture_on_commit_callbacks):
    an = member()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([an])
        again = _notify([an, member()])
    assert len(again) == 1  # only the newcomer
    assert Notification.objects.filter(recipient=an).count() == 1
    assert len(mail.outbox) == 2


def test_notify_respects_the_email_preference_and_a_missing_address(django_capture_on_commit_callbacks):
    quiet, no_address, keen = member(), member(email=""), member()
    NotificationPreference.objects.create(user=quiet, kind=KIND, email=False)
    NotificationPreference.objects.create(user=keen, kind=Notification.Kind.CONCERN_SUBMITTED, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([quiet, no_address, keen])
    assert Notification.objects.count() == 3  # in the portal, everybody
    assert [m.to for m in mail.outbox] == [[keen.email]]


def test_title_is_stored_in_the_site_language_whatever_the_page_language():
    from django.utils.translation import gettext as _

    an = member()
    with translation.override("en"):
        notify([an], KIND, title=lambda: _("Conferences"), url="/", key="x")
    assert Notification.objects.get().title == "Hội nghị"


def test_nothing_is_left_when_the_change_rolls_back(django_capture_on_commit_callbacks):
    an = member()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _notify([an])
        raise RuntimeError
    assert Notification.objects.count() == 0 and OutboxMessage.objects.count() == 0 and mail.outbox == []


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        notify([member()], "nonsense", title="x", url="/", key="x")


# --- pages -----------------------------------------------------------------------------------------------------------


def _make(user, count):
    for index in range(count):
        Notification.objects.create(
            recipient=user, kind=KIND, title=f"Thông báo số {index}", url="/questions/mine/", key=f"k{index}"
        )


@pytest.mark.parametrize("count", [1, 30])
def test_list_query_count_does_not_grow(client, django_assert_num_queries, count):
    an = member()
    _make(an, count)
    client.force_login(an)
    # session, user (with the unread count), groups (the menu), the page's count and rows
    with django_assert_num_queries(5):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200


def test_list_shows_newest_first_unread_highlighted_and_only_ones_own(client):
    an, other = member(), member()
    _make(an, 2)
    Notification.objects.filter(title="Thông báo số 0").update(read_at=timezone.now())
    Notification.objects.create(recipient=other, kind=KIND, title="Của người khác", url="/", key="o")
    client.force_login(an)
    html = client.get(reverse("notifications:list")).content.decode()
    assert html.index("Thông báo số 1") < html.index("Thông báo số 0")
    assert html.count("notification-unread") == 1
    assert "Của người khác" not in html
    assert 'data-testid="unread-count">1' in html


def test_header_badge_costs_no_query_of_its_own(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    an = member()
    client.force_login(an)
    url = reverse("questions:mine")
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    _make(an, 3)
    with CaptureQueriesContext(connection) as with_three:
        html = client.get(url).content.decode()
    assert 'data-testid="unread-count">3' in html
    assert len(with_three) == len(without)
    assert not any("notifications_notification" in q["sql"] and "COUNT" in q["sql"][:30] for q in with_three)


def test_opening_marks_read_and_goes_to_its_address(client):
    an = member()
    _make(an, 1)
    notification = Notification.objects.get()
    client.force_login(an)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/questions/mine/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_a_404_and_stays_unread(client):
    an = member()
    _make(an, 1)
    notification = Notification.objects.get()
    client.force_login(member())
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_address_outside_the_portal_is_never_followed(client):
    an = member()
    notification = Notification.objects.create(recipient=an, kind=KIND, title="x", url="//evil.example/", key="e")
    client.force_login(an)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read(client):
    an, other = member(), member()
    _make(an, 3)
    _make(other, 1)
    client.force_login(an)
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=an, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_email_preferences_on_the_profile_page(client):
    an = member()
    client.force_login(an)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="email-notifications"' in html and 'value="directive_assigned"' in html and "checked" in html
    response = client.post(reverse("notifications:email_preferences"), {"email_kinds": ["directive_assigned"]})
    assert response.status_code == 302
    saved = dict(NotificationPreference.objects.filter(user=an).values_list("kind", "email"))
    assert saved["directive_assigned"] is True and saved["concern_answered"] is False
    assert client.post(reverse("notifications:email_preferences"), {"email_kinds": ["nope"]}).status_code == 302
    assert dict(NotificationPreference.objects.filter(user=an).values_list("kind", "email")) == saved


# --- what notifies whom ----------------------------------------------------------------------------------------------


def test_submitted_concern_notifies_the_organizers(django_capture_on_commit_callbacks):
    boss, other_boss = organizer(), organizer()
    conference = ConferenceFactory(status="open", is_published=True)
    with django_capture_on_commit_callbacks(execute=True):
        question = question_services.question_submit(
            conference=conference, author=member(), title="Trang bị máy tính mới", body="Nội dung kiến nghị."
        )
    rows = Notification.objects.filter(kind=Notification.Kind.CONCERN_SUBMITTED)
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted([boss.pk, other_boss.pk])
    assert question.reference in rows.first().title
    assert rows.first().url == reverse("conference_questions:moderate", args=[conference.slug])


def test_answer_notifies_author_and_supporters_with_one_email_each(django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Question.Status.APPROVED, author=member(email="tac.gia@example.org"))
    fans = [SupportFactory(question=question).user for _ in range(2)]
    responder = ParticipantFactory(conference=question.conference, full_name="Lê Quang Hòa")
    with django_capture_on_commit_callbacks(execute=True):
        question_services.answer_record(question=question, responder=responder, recorded_by=organizer(), body="Đồng ý.")
    assert Notification.objects.filter(kind=KIND).count() == 3
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted(["tac.gia@example.org", *(fan.email for fan in fans)])
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Đồng ý." in by_address["tac.gia@example.org"].body
    assert "ủng hộ" not in by_address["tac.gia@example.org"].subject
    assert "ủng hộ" in by_address[fans[0].email].subject


def _published_directive(**kwargs):
    conference = ConferenceFactory(status="concluded", is_published=True)
    conclusion = ConclusionFactory(conference=conference, is_published=False)
    return DirectiveFactory(conclusion=conclusion, **kwargs)


def test_publishing_the_conclusion_notifies_lead_and_support_liaisons_once(django_capture_on_commit_callbacks):
    lead, support = UnitFactory(), UnitFactory()
    lead_liaison, support_liaison = liaison(lead), liaison(support)
    directive = _published_directive(lead_unit=lead)
    directive.support_units.set([support])
    with django_capture_on_commit_callbacks(execute=True):
        question_services.conclusion_publish(conclusion=directive.conclusion, user=organizer())
        question_services.conclusion_publish(conclusion=directive.conclusion, user=organizer(), publish=False)
        question_services.conclusion_publish(conclusion=directive.conclusion, user=organizer())
    rows = Notification.objects.filter(kind=Notification.Kind.DIRECTIVE_ASSIGNED)
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted([lead_liaison.pk, support_liaison.pk])
    assert rows.get(recipient=lead_liaison).url == reverse("followup:directive", args=[directive.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead_liaison.email, support_liaison.email])
    lead_mail = next(m for m in mail.outbox if m.to == [lead_liaison.email])
    assert directive.content in lead_mail.body
    assert OutboxMessage.objects.filter(key__startswith=f"directive:{directive.pk}:assigned:").count() == 2


def test_directive_added_to_a_published_conclusion_notifies_its_unit(django_capture_on_commit_callbacks):
    from questions.services import DirectiveRow

    existing = _published_directive()
    conclusion = existing.conclusion
    question_services.conclusion_publish(conclusion=conclusion, user=organizer())
    unit = UnitFactory()
    person = liaison(unit)
    conclusion.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        question_services.conclusion_save(
            conference=conclusion.conference,
            saved_by=organizer(),
            number=conclusion.number,
            issued_on=conclusion.issued_on,
            signed_by=None,
            body=conclusion.body,
            directives=[
                DirectiveRow(order=1, content=existing.content, lead_unit=existing.lead_unit, directive=existing),
                DirectiveRow(order=2, content="Rà soát trang thiết bị.", lead_unit=unit),
            ],
            version=conclusion.version,
        )
    assert Notification.objects.filter(recipient=person, kind=Notification.Kind.DIRECTIVE_ASSIGNED).count() == 1


def test_draft_conclusion_notifies_nobody():
    unit = UnitFactory()
    liaison(unit)
    _published_directive(lead_unit=unit)
    assert Notification.objects.count() == 0


def test_deadline_notices_seven_and_one_day_ahead_once_a_day(django_capture_on_commit_callbacks):
    unit = UnitFactory()
    person = liaison(unit)
    today = dt.date(2026, 5, 4)
    week = DirectiveFactory(lead_unit=unit, deadline=today + dt.timedelta(days=7))
    tomorrow = DirectiveFactory(lead_unit=unit, deadline=today + dt.timedelta(days=1))
    DirectiveFactory(lead_unit=unit, deadline=today + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_directive_reminders", date=today.isoformat(), stdout=io.StringIO())
        call_command("send_directive_reminders", date=today.isoformat(), stdout=io.StringIO())
    rows = Notification.objects.filter(recipient=person, kind=Notification.Kind.DIRECTIVE_DEADLINE)
    assert sorted(rows.values_list("url", flat=True)) == sorted(
        reverse("followup:directive", args=[d.pk]) for d in (week, tomorrow)
    )
    assert len(mail.outbox) == 1  # the day's digest is the e-mail, once


def test_deadline_digest_respects_the_email_preference(django_capture_on_commit_callbacks):
    unit = UnitFactory()
    person = liaison(unit)
    NotificationPreference.objects.create(user=person, kind=Notification.Kind.DIRECTIVE_DEADLINE, email=False)
    today = dt.date(2026, 5, 4)
    DirectiveFactory(lead_unit=unit, deadline=today + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_directive_reminders", date=today.isoformat(), stdout=io.StringIO())
    assert Notification.objects.filter(recipient=person).count() == 1
    assert mail.outbox == []


def test_progress_posted_by_a_liaison_notifies_the_organizers_not_the_author():
    unit = UnitFactory()
    person = liaison(unit)
    boss = organizer()
    directive = DirectiveFactory(lead_unit=unit)
    question_services.directive_update_post(
        directive=directive, author=person, status="in_progress", progress=30, note="Đã bắt đầu."
    )
    assert list(Notification.objects.values_list("recipient_id", "kind")) == [(boss.pk, "progress_posted")]
    question_services.directive_update_post(directive=directive, author=boss, status="in_progress", progress=40)
    assert Notification.objects.count() == 1
    assert UserFactory  # the factory module stays imported for the helpers above
