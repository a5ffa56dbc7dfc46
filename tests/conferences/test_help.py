"""The help page: what each role does, in order, the user's own role first; the organizers' contact; and the
"submit a concern" button where a conference takes concerns."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from conferences import services
from conferences.models import Conference
from documents.models import OrganizationProfile
from tests.factories import ConferenceFactory, UnitFactory, admin, leader, member, organizer

pytestmark = pytest.mark.django_db

SECTIONS = re.compile(r'<section id="(member|liaison|leader|organizer|admin)"')


def _sections(client) -> list[str]:
    response = client.get("/help/")
    assert response.status_code == 200
    return SECTIONS.findall(response.content.decode())


def test_help_shows_every_role_in_the_order_of_the_chain_to_a_visitor(client):
    assert _sections(client) == ["member", "liaison", "leader", "organizer", "admin"]
    content = client.get("/help/").content.decode()
    assert "Hướng dẫn: việc cần làm, từng bước" in content
    assert "Vai trò của bạn</span>" not in content


@pytest.mark.parametrize(
    ("make_user", "first"),
    [
        (member, ["member"]),
        (leader, ["leader", "member"]),
        (organizer, ["organizer", "member"]),
        (admin, ["admin", "organizer", "leader", "member"]),
    ],
)
def test_help_puts_the_users_own_roles_first(client, make_user, first):
    client.force_login(make_user())
    sections = _sections(client)
    assert sections[: len(first)] == first
    assert sorted(sections) == sorted(["member", "liaison", "leader", "organizer", "admin"])


def test_help_puts_the_liaison_steps_first_for_a_liaison(client):
    person = member()
    services.liaison_appoint(unit=UnitFactory(), user=person, by=None)
    client.force_login(person)
    assert _sections(client)[:2] == ["liaison", "member"]


def test_help_shows_the_organizers_contact_from_the_organization_profile(client):
    content = client.get("/help/").content.decode()
    assert "Ban Chấp hành Chi đoàn hoặc Văn phòng Sở" in content  # no contact yet: whom to ask in general
    OrganizationProfile.objects.create(
        issuing_body="SỞ NỘI VỤ",
        code="SNV",
        place_name="Hưng Yên",
        chair_title="GIÁM ĐỐC",
        contact_name="Văn phòng Sở – Ban Chấp hành Chi đoàn",
        contact_email="chidoan@snv.example.gov.vn",
        contact_phone="0221 3863 123",
    )
    content = client.get("/help/").content.decode()
    assert "Văn phòng Sở – Ban Chấp hành Chi đoàn" in content
    assert 'href="mailto:chidoan@snv.example.gov.vn"' in content
    assert 'href="tel:02213863123"' in content


def test_the_footer_links_to_help(client):
    assert 'href="/help/"' in client.get("/").content.decode()


def test_help_costs_the_same_queries_for_any_number_of_conferences(client, django_assert_num_queries):
    client.force_login(member())
    client.get("/help/")
    with django_assert_num_queries(4):
        client.get("/help/")
    ConferenceFactory.create_batch(30)
    with django_assert_num_queries(4):
        client.get("/help/")


def _open_conference(**kwargs):
    now = timezone.now()
    return ConferenceFactory(
        status=Conference.Status.OPEN,
        is_published=True,
        questions_open_at=now - dt.timedelta(days=1),
        questions_close_at=now + dt.timedelta(days=7),
        starts_at=now + dt.timedelta(days=10),
        ends_at=now + dt.timedelta(days=10, hours=3),
        **kwargs,
    )


def _submit_buttons(content: str, conference) -> int:
    return content.count(
        f'class="btn btn-primary mb-3 submit-concern" href="/conferences/{conference.slug}/questions/new/"'
    )


def test_the_submit_button_opens_the_conference_page_above_the_agenda(client):
    conference = _open_conference()
    client.force_login(member())
    content = client.get(conference.get_absolute_url()).content.decode()
    assert _submit_buttons(content, conference) == 1
    assert content.index("submit-concern") < content.index('id="agenda-title"')
    home = client.get("/").content.decode()
    assert f'href="/conferences/{conference.slug}/questions/new/">Gửi kiến nghị</a>' in home


def test_a_visitor_is_offered_the_button_too_and_logs_in_from_it(client):
    conference = _open_conference()
    assert _submit_buttons(client.get(conference.get_absolute_url()).content.decode(), conference) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"status": Conference.Status.CONCLUDED},
        {"questions_close_at": timezone.now() - dt.timedelta(hours=1)},
    ],
)
def test_no_submit_button_when_the_window_is_closed(client, change):
    conference = _open_conference()
    Conference.objects.filter(pk=conference.pk).update(**change)
    client.force_login(member())
    assert "submit-concern" not in client.get(conference.get_absolute_url()).content.decode()
    assert "submit-concern" not in client.get("/").content.decode()


def test_the_live_page_links_a_phone_to_the_form_and_back(client):
    conference = _open_conference()
    content = client.get(f"/conferences/{conference.slug}/live/").content.decode()
    assert f'href="/conferences/{conference.slug}/questions/new/">Gửi kiến nghị</a>' in content
    assert f'href="/conferences/{conference.slug}/">Quay lại hội nghị</a>' in content
