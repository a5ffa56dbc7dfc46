import datetime as dt

from conferences import services
from conferences.models import Participant
from tests.factories import (
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    ParticipantFactory,
    UnitFactory,
    member,
)


def liaison(unit, **kwargs):
    """A member of the unit, appointed its liaison by the organizers."""
    user = member(**kwargs)
    user.profile.unit = unit
    user.profile.save()
    services.liaison_appoint(unit=unit, user=user, by=None)
    return user


def concluded(issued_on=dt.date(2023, 3, 30), **kwargs):
    conference = ConferenceFactory(status="concluded", **kwargs)
    chair = ParticipantFactory(conference=conference, role=Participant.Role.CHAIR, full_name="Lê Quang Hòa")
    conclusion = ConclusionFactory(conference=conference, issued_on=issued_on, signed_by=chair)
    return conclusion


def directive(unit=None, **kwargs):
    return DirectiveFactory(lead_unit=unit or UnitFactory(), **kwargs)
