"""The participant and attendance list as a spreadsheet: parsed back, counted, refused to members."""

import pytest

from conferences.models import Participant
from tests.core.spreadsheets import read_csv, read_xlsx, xlsx_rows
from tests.factories import ConferenceFactory, ParticipantFactory, UnitFactory, leader, member, organizer

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    conference = ConferenceFactory()
    unit = UnitFactory(name="Văn phòng Sở")
    ParticipantFactory(conference=conference, full_name="Lê Quang Hòa", role=Participant.Role.CHAIR, order=1)
    ParticipantFactory(conference=conference, full_name="=Vũ Quốc Khánh", unit=unit, order=2, attended=False)
    ParticipantFactory(conference=conference, full_name="Trần Thị B", unit=unit, order=3)
    return conference


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("role", [leader, organizer])
def test_participant_export_lists_every_participant_with_attendance(client, conference, fmt, role):
    client.force_login(role())
    response = client.get(f"/conferences/{conference.slug}/participants/export.{fmt}")
    rows = read_csv(response) if fmt == "csv" else xlsx_rows(read_xlsx(response))
    assert rows[0] == ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Vai trò", "Có mặt"]
    assert len(rows) - 1 == conference.participants.count() == 3
    assert [row[1] for row in rows[1:]] == ["Lê Quang Hòa", "'=Vũ Quốc Khánh", "Trần Thị B"]
    assert [row[5] for row in rows[1:]] == ["Có", "Không", "Có"]
    assert rows[2][3] == "Văn phòng Sở"


def test_participant_export_is_refused_to_members_and_hidden_from_them(client, conference):
    url = f"/conferences/{conference.slug}/participants/export.csv"
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(member())
    assert client.get(url).status_code == 403
    assert "participants/export" not in client.get(conference.get_absolute_url()).content.decode()
    client.force_login(leader())
    assert "participants/export.xlsx" in client.get(conference.get_absolute_url()).content.decode()


def test_participant_export_of_an_unpublished_conference_is_404_for_leaders(client):
    draft = ConferenceFactory(is_published=False)
    client.force_login(leader())
    assert client.get(f"/conferences/{draft.slug}/participants/export.csv").status_code == 404


@pytest.mark.parametrize("size", [1, 30])
def test_participant_export_query_count_does_not_grow(client, django_assert_num_queries, size):
    conference = ConferenceFactory()
    for _ in range(size):
        ParticipantFactory(conference=conference, unit=UnitFactory())
    client.force_login(organizer())
    with django_assert_num_queries(5):
        b"".join(client.get(f"/conferences/{conference.slug}/participants/export.xlsx").streaming_content)
