import datetime as dt

import pytest

from documents.selectors import notice_deadline
from documents.workdays import add_working_days, is_working_day
from tests.factories import ConferenceFactory


def test_tet_is_skipped():
    # Tết Giáp Thìn: 08/02 to 14/02/2024 off; Wednesday 07/02 + 1 working day is Thursday 15/02.
    assert not is_working_day(dt.date(2024, 2, 12))
    assert add_working_days(dt.date(2024, 2, 7), 1) == dt.date(2024, 2, 15)
    assert add_working_days(dt.date(2024, 2, 5), 5) == dt.date(2024, 2, 19)


def test_reunification_and_labour_day_are_skipped():
    # 2025: Wednesday 30/4, Thursday 1/5 and Friday 2/5 off; Tuesday 29/4 + 1 is Monday 5/5.
    assert add_working_days(dt.date(2025, 4, 29), 1) == dt.date(2025, 5, 5)


def test_weekends_are_skipped():
    assert add_working_days(dt.date(2023, 3, 30), 5) == dt.date(2023, 4, 6)  # Thursday + 5 = next Thursday


@pytest.mark.django_db
def test_notice_is_due_five_working_days_after_the_session():
    conference = ConferenceFactory(
        starts_at=dt.datetime(2024, 2, 5, 1, tzinfo=dt.UTC), ends_at=dt.datetime(2024, 2, 5, 4, tzinfo=dt.UTC)
    )
    deadline = notice_deadline(conference=conference)
    assert deadline.due_on == dt.date(2024, 2, 19) and deadline.is_late


@pytest.mark.django_db
def test_conference_page_and_dashboard_show_organizers_the_late_notice(client):
    from conferences.models import Conference
    from tests.factories import member, organizer

    conference = ConferenceFactory(
        status=Conference.Status.CONCLUDED,
        starts_at=dt.datetime(2024, 2, 5, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2024, 2, 5, 4, tzinfo=dt.UTC),
    )
    client.force_login(organizer())
    for url in (
        conference.get_absolute_url(),
        f"/dashboard/?conference={conference.pk}",
        f"/conferences/{conference.slug}/documents/",
    ):
        html = client.get(url).content.decode()
        assert "19/02/2024" in html and "alert-danger" in html, url
    client.force_login(member())
    assert "19/02/2024" not in client.get(conference.get_absolute_url()).content.decode()
