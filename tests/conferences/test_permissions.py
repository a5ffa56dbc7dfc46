"""Who may do what on the conference and unit pages, for every role from anonymous to admin.

Conferences and units belong to nobody in particular (organizers manage them all), so "another member" is the same
case as "member" here.
"""

import pytest

from conferences.models import Conference, Unit
from tests.factories import ConferenceFactory, UnitFactory, admin, leader, member, organizer

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "member": member,
    "other_member": member,
    "leader": leader,
    "organizer": organizer,
    "admin": admin,
}
EXPECTED = {
    "anonymous": "login",
    "member": 403,
    "other_member": 403,
    "leader": 403,
    "organizer": "allowed",
    "admin": "allowed",
}


def _client_for(client, role):
    if ROLES[role]:
        client.force_login(ROLES[role]())
    return client


def _urls(conference: Conference, unit: Unit) -> list[tuple[str, str]]:
    slug = conference.slug
    return [
        ("get", "/conferences/new/"),
        ("post", "/conferences/new/"),
        ("get", f"/conferences/{slug}/edit/"),
        ("post", f"/conferences/{slug}/edit/"),
        ("get", f"/conferences/{slug}/actions/open/"),
        ("post", f"/conferences/{slug}/actions/open/"),
        ("post", f"/conferences/{slug}/actions/publish/"),
        ("get", "/units/"),
        ("get", "/units/new/"),
        ("post", "/units/new/"),
        ("get", f"/units/{unit.pk}/edit/"),
        ("post", f"/units/{unit.pk}/edit/"),
        ("get", f"/units/{unit.pk}/deactivate/"),
        ("post", f"/units/{unit.pk}/deactivate/"),
        ("get", f"/units/{unit.pk}/delete/"),
        ("post", f"/units/{unit.pk}/delete/"),
    ]


@pytest.mark.parametrize("role", list(ROLES))
def test_organizer_pages_per_role(client, role):
    conference = ConferenceFactory(status=Conference.Status.DRAFT, is_published=False, title="Bản nháp")
    unit = UnitFactory(name="Phòng thử")
    client = _client_for(client, role)
    for method, url in _urls(conference, unit):
        response = getattr(client, method)(url)
        expected = EXPECTED[role]
        if expected == "login":
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next="), url
        elif expected == 403:
            assert response.status_code == 403, url
        else:
            assert response.status_code in (200, 302, 409), url  # 409: an empty edit form carries no version
    conference.refresh_from_db()
    unit_exists = Unit.objects.filter(pk=unit.pk).exists()
    if EXPECTED[role] == "allowed":
        assert conference.status == Conference.Status.OPEN  # the POSTs went through
        assert not unit_exists  # an unused unit: deactivated, then deleted
    else:
        assert conference.status == Conference.Status.DRAFT
        assert not conference.is_published
        assert conference.title == "Bản nháp"
        assert Unit.objects.get(pk=unit.pk).is_active


@pytest.mark.parametrize("role", list(ROLES))
def test_unpublished_conference_is_hidden_from_all_but_organizers(client, role):
    conference = ConferenceFactory(is_published=False, status=Conference.Status.DRAFT, title="Nháp kín")
    client = _client_for(client, role)
    expected = 200 if EXPECTED[role] == "allowed" else 404
    assert client.get(conference.get_absolute_url()).status_code == expected
    assert client.get(f"/conferences/{conference.slug}/calendar.ics").status_code == expected
    listed = "Nháp kín" in client.get("/conferences/").content.decode()
    assert listed == (expected == 200)


@pytest.mark.parametrize("role", list(ROLES))
def test_published_conference_is_readable_by_everyone(client, role):
    conference = ConferenceFactory(is_published=True)
    client = _client_for(client, role)
    assert client.get(conference.get_absolute_url()).status_code == 200
    assert client.get(f"/conferences/{conference.slug}/calendar.ics").status_code == 200
    assert client.get("/").status_code == 200
