"""The calendar files against RFC 5545: a VTIMEZONE for every TZID used, the required properties, a real ORGANIZER."""

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.factories import ConferenceFactory, UnitFactory

pytestmark = pytest.mark.django_db

# RFC 5545 §3.6: a VCALENDAR needs PRODID and VERSION; a VEVENT UID and DTSTAMP (and DTSTART with METHOD absent);
# a VTIMEZONE TZID and at least one STANDARD or DAYLIGHT sub-component, each with DTSTART, TZOFFSETFROM, TZOFFSETTO.
CALENDAR_REQUIRED = ("PRODID", "VERSION")
EVENT_REQUIRED = ("UID", "DTSTAMP", "DTSTART")
OBSERVANCE_REQUIRED = ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO")


def assert_conforms(body: bytes) -> Calendar:
    assert b"\r\n" in body  # content lines end with CRLF
    assert all(len(line) <= 75 for line in body.split(b"\r\n")), "content lines are folded at 75 octets"
    calendar = Calendar.from_ical(body)
    for name in CALENDAR_REQUIRED:
        assert name in calendar
    timezones = {str(tz["TZID"]): tz for tz in calendar.walk("VTIMEZONE")}
    for event in calendar.walk("VEVENT"):
        for name in EVENT_REQUIRED:
            assert name in event, name
        for name in ("DTSTART", "DTEND"):
            tzid = event[name].params.get("TZID")
            assert tzid in timezones, f"{name} names TZID={tzid} without its VTIMEZONE"
        if "ORGANIZER" in event:
            address = str(event["ORGANIZER"])
            assert address.startswith("mailto:") and "@" in address, f"empty or invalid ORGANIZER {address!r}"
    for tz in timezones.values():
        observances = tz.walk("STANDARD") + tz.walk("DAYLIGHT")
        assert observances
        for observance in observances:
            for name in OBSERVANCE_REQUIRED:
                assert name in observance
    return calendar


def test_conference_calendar_has_its_vtimezone_and_a_real_organizer(client):
    conference = ConferenceFactory(organizer_unit=UnitFactory(name="Chi đoàn Sở Nội vụ"))
    response = client.get(f"/conferences/{conference.slug}/calendar.ics")

    calendar = assert_conforms(response.content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    observances = calendar.walk("VTIMEZONE")[0].walk("STANDARD")
    current = max(observances, key=lambda observance: observance.decoded("DTSTART"))
    assert current.decoded("TZOFFSETTO") == dt.timedelta(hours=7)
    event = calendar.walk("VEVENT")[0]
    assert event["ORGANIZER"].params["CN"] == "Chi đoàn Sở Nội vụ"
    assert str(event["ORGANIZER"]) == "mailto:no-reply@localhost"


def test_conference_calendar_without_a_sender_address_has_no_organizer(client, settings):
    settings.DEFAULT_FROM_EMAIL = "Cổng đối thoại"
    conference = ConferenceFactory(organizer_unit=UnitFactory())
    body = client.get(f"/conferences/{conference.slug}/calendar.ics").content
    assert b"ORGANIZER" not in assert_conforms(body).to_ical()


def test_subscription_feed_lists_every_published_conference_in_order(client):
    later = ConferenceFactory(title="Hội nghị năm 2027", starts_at=timezone.now() + dt.timedelta(days=400))
    earlier = ConferenceFactory(title="Hội nghị năm 2025", starts_at=timezone.now() - dt.timedelta(days=300))
    ConferenceFactory(title="Hội nghị chưa công bố", is_published=False)

    response = client.get("/conferences/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = assert_conforms(response.content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [earlier.title, later.title]
    assert len(calendar.walk("VTIMEZONE")) == 1
    assert str(calendar["X-WR-CALNAME"])
    assert {str(e["UID"]) for e in calendar.walk("VEVENT")} == {
        f"conference-{c.pk}@testserver" for c in (earlier, later)
    }


def test_subscription_feed_is_linked_from_the_conference_list(client):
    content = client.get("/conferences/").content.decode()
    assert 'rel="alternate" type="text/calendar"' in content
    assert 'href="/conferences/calendar.ics"' in content


@pytest.mark.parametrize("size", [1, 30])
def test_subscription_feed_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        ConferenceFactory(organizer_unit=UnitFactory())
    with django_assert_num_queries(1):
        client.get("/conferences/calendar.ics")
