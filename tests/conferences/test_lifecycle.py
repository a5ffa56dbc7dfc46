"""The conference lifecycle: draft -> open -> in_session -> concluded -> archived, and publishing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conferences.models import Conference
from conferences.services import conference_set_published, conference_transition
from tests.factories import ConferenceFactory, organizer

pytestmark = pytest.mark.django_db

Status = Conference.Status


def _draft(**kwargs):
    return ConferenceFactory(status=Status.DRAFT, is_published=False, **kwargs)


def test_transition_walks_the_whole_lifecycle_in_order():
    user = organizer()
    conference = _draft()
    for status in (Status.OPEN, Status.IN_SESSION, Status.CONCLUDED, Status.ARCHIVED):
        conference = conference_transition(conference=conference, to=status, by=user)
        conference.refresh_from_db()
        assert conference.status == status
    assert conference.version == 5


def test_opening_publishes_and_opens_the_window_now():
    conference = _draft()
    before = timezone.now()
    conference = conference_transition(conference=conference, to=Status.OPEN, by=organizer())
    conference.refresh_from_db()
    assert conference.is_published
    assert before <= conference.questions_open_at <= timezone.now()
    assert conference.questions_close_at is None
    assert conference.accepts_questions


def test_opening_keeps_a_window_date_that_is_set():
    opens = timezone.now() + dt.timedelta(days=2)
    conference = _draft(questions_open_at=opens)
    conference_transition(conference=conference, to=Status.OPEN, by=organizer())
    conference.refresh_from_db()
    assert conference.questions_open_at == opens
    assert not conference.accepts_questions  # not yet


def test_starting_the_session_keeps_the_window_open_for_the_hall():
    conference = ConferenceFactory(status=Status.OPEN, questions_open_at=timezone.now() - dt.timedelta(days=3))
    conference_transition(conference=conference, to=Status.IN_SESSION, by=organizer())
    conference.refresh_from_db()
    assert conference.questions_close_at is None
    assert conference.accepts_questions


def test_concluding_closes_the_window_now_unless_set():
    conference = ConferenceFactory(status=Status.IN_SESSION, questions_open_at=timezone.now() - dt.timedelta(days=3))
    conference_transition(conference=conference, to=Status.CONCLUDED, by=organizer())
    conference.refresh_from_db()
    assert conference.questions_close_at <= timezone.now()
    assert not conference.accepts_questions


def test_closing_never_goes_past_the_end_of_the_conference():
    start = timezone.now() - dt.timedelta(days=1)
    conference = ConferenceFactory(
        status=Status.IN_SESSION,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        questions_open_at=start - dt.timedelta(days=7),
    )
    conference_transition(conference=conference, to=Status.CONCLUDED, by=organizer())
    conference.refresh_from_db()
    assert conference.questions_close_at == conference.ends_at
    conference.full_clean()


@pytest.mark.parametrize(
    ("status", "to"),
    [
        (Status.DRAFT, Status.IN_SESSION),
        (Status.DRAFT, Status.CONCLUDED),
        (Status.OPEN, Status.ARCHIVED),
        (Status.OPEN, Status.OPEN),
        (Status.CONCLUDED, Status.OPEN),
        (Status.ARCHIVED, Status.DRAFT),
        (Status.ARCHIVED, "bogus"),
    ],
)
def test_transition_out_of_order_is_refused(status, to, settings):
    settings.LANGUAGE_CODE = "en"
    conference = ConferenceFactory(status=status)
    with pytest.raises(ValidationError) as excinfo:
        conference_transition(conference=conference, to=to, by=organizer())
    assert "cannot be moved to" in excinfo.value.messages[0]
    conference.refresh_from_db()
    assert conference.status == status
    assert conference.version == 1


def test_opening_a_conference_that_has_ended_is_refused(settings):
    settings.LANGUAGE_CODE = "en"
    start = timezone.now() - dt.timedelta(days=2)
    conference = _draft(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    with pytest.raises(ValidationError, match="already ended"):
        conference_transition(conference=conference, to=Status.OPEN, by=organizer())


def test_transition_with_dates_that_cannot_fit_is_refused_with_a_clear_message(settings):
    settings.LANGUAGE_CODE = "en"
    conference = ConferenceFactory(status=Status.IN_SESSION, questions_open_at=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as excinfo:
        conference_transition(conference=conference, to=Status.CONCLUDED, by=organizer())
    assert "Concerns must close after they open." in excinfo.value.messages[0]
    conference.refresh_from_db()
    assert conference.status == Status.IN_SESSION


def test_publish_and_unpublish():
    conference = _draft()
    conference_set_published(conference=conference, published=True, by=organizer())
    conference.refresh_from_db()
    assert conference.is_published
    with pytest.raises(ValidationError):
        conference_set_published(conference=conference, published=True, by=organizer())
    conference_set_published(conference=conference, published=False, by=organizer())
    conference.refresh_from_db()
    assert not conference.is_published
    assert conference.version == 3


# --- the pages: a confirmation first, then a POST --------------------------------------------------------------------


def test_action_asks_for_confirmation_and_changes_nothing_on_get(client, settings):
    settings.LANGUAGE_CODE = "en"
    conference = _draft()
    client.force_login(organizer())
    response = client.get(f"/conferences/{conference.slug}/actions/open/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "members may submit concerns" in content
    assert "Yes: Open for concerns" in content
    conference.refresh_from_db()
    assert conference.status == Status.DRAFT


def test_action_post_carries_it_out(client, settings):
    settings.LANGUAGE_CODE = "en"
    conference = _draft()
    client.force_login(organizer())
    response = client.post(f"/conferences/{conference.slug}/actions/open/", follow=True)
    assert "The conference is published and open for concerns." in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == Status.OPEN


def test_action_out_of_order_shows_why_and_offers_no_button(client, settings):
    settings.LANGUAGE_CODE = "en"
    conference = _draft()
    client.force_login(organizer())
    content = client.get(f"/conferences/{conference.slug}/actions/archive/").content.decode()
    assert "This cannot be done while the conference is" in content
    assert "Yes: Archive" not in content
    response = client.post(f"/conferences/{conference.slug}/actions/archive/", follow=True)
    assert "cannot be moved to" in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == Status.DRAFT


def test_action_unknown_is_404(client):
    conference = _draft()
    client.force_login(organizer())
    assert client.post(f"/conferences/{conference.slug}/actions/explode/").status_code == 404


def test_detail_offers_organizers_only_the_next_step(client):
    conference = ConferenceFactory(status=Status.OPEN)
    client.force_login(organizer())
    content = client.get(conference.get_absolute_url()).content.decode()
    assert f"/conferences/{conference.slug}/actions/start/" in content
    assert f"/conferences/{conference.slug}/actions/unpublish/" in content
    assert f"/conferences/{conference.slug}/actions/open/" not in content
    assert f"/conferences/{conference.slug}/actions/archive/" not in content
    assert f"/conferences/{conference.slug}/edit/" in content


def test_detail_shows_no_actions_to_others(client):
    conference = ConferenceFactory(status=Status.OPEN)
    content = client.get(conference.get_absolute_url()).content.decode()
    assert "/actions/" not in content
    assert "/edit/" not in content
