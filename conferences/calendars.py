"""iCalendar files of conferences: one conference as a file to import, and every published one as a feed to subscribe.

Outlook and other strict clients refuse an event whose TZID names a time zone the file does not define (RFC 5545
§3.2.19), so every calendar carries the VTIMEZONE of the site's zone. An ORGANIZER must be a calendar address; the
portal's sender address stands for the organizing unit, named in the CN parameter.
"""

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from conferences.models import Conference

PRODID = "-//Dialogue Portal//Cong doi thoai//VI"


def new_calendar(*, name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add("name", name)
    return calendar


def organizer_address(conference: Conference) -> vCalAddress | None:
    """mailto: the portal's sender, named after the organizing unit; None when no real address is configured."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if "@" not in address:
        return None
    organizer = vCalAddress(f"mailto:{address}")
    name = conference.organizer_unit.name if conference.organizer_unit else _("Dialogue Portal")
    organizer.params["cn"] = vText(name)
    return organizer


def conference_event(conference: Conference, *, host: str, url: str) -> Event:
    event = Event()
    event.add("uid", f"conference-{conference.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(conference.starts_at))
    event.add("dtend", timezone.localtime(conference.ends_at))
    event.add("summary", conference.title)
    if conference.venue:
        event.add("location", conference.venue)
    if conference.theme:
        event.add("description", conference.theme)
    organizer = organizer_address(conference)
    if organizer is not None:
        event.add("organizer", organizer)
    event.add("url", url)
    event.add("last-modified", conference.updated_at)
    return event


def calendar_of(conferences, *, host: str, url_for, name: str = "") -> bytes:
    """The conferences as one calendar, with the VTIMEZONE blocks their times refer to."""
    calendar = new_calendar(name=name)
    for conference in conferences:
        calendar.add_component(conference_event(conference, host=host, url=url_for(conference)))
    calendar.add_missing_timezones()
    return calendar.to_ical()
