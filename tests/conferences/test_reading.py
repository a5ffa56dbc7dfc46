"""Finding and reading conferences: search, the detail page's summaries, the calendar file, the home page."""

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from conferences.models import Conference, Participant
from questions.models import Question, Topic
from tests.factories import (
    ConferenceFactory,
    ParticipantFactory,
    QuestionFactory,
    UnitFactory,
    organizer,
)

pytestmark = pytest.mark.django_db


# --- search ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["doi thoai", "ĐỐI THOẠI", "Đối thoại", "đoi thoai", "doi   thoai 2027", "hoi truong"]
)
def test_search_is_accent_and_case_insensitive(client, query):
    ConferenceFactory(title="Hội nghị đối thoại năm 2027", venue="Hội trường Sở")
    ConferenceFactory(title="Tập huấn chuyển đổi số", venue="Phòng họp")
    response = client.get("/conferences/", {"q": query})
    assert [c.title for c in response.context["conferences"]] == ["Hội nghị đối thoại năm 2027"]


def test_search_looks_at_theme_and_combines_with_filters(client):
    ConferenceFactory(title="Hội nghị A", theme="Chuyển đổi số", status=Conference.Status.OPEN)
    ConferenceFactory(title="Hội nghị B", theme="Chuyển đổi số", status=Conference.Status.CONCLUDED)
    response = client.get("/conferences/", {"q": "chuyen doi so", "status": "open"})
    assert [c.title for c in response.context["conferences"]] == ["Hội nghị A"]


def test_search_without_match_shows_empty_state(client, settings):
    settings.LANGUAGE_CODE = "en"
    ConferenceFactory(title="Hội nghị đối thoại")
    response = client.get("/conferences/", {"q": "không có gì"})
    assert list(response.context["conferences"]) == []
    assert "No conference matches." in response.content.decode()


def test_search_text_follows_title_changes():
    conference = ConferenceFactory(title="Đối thoại")
    assert conference.search_text.startswith("doi thoai")
    conference.title = "Hội nghị Đảng ủy"
    conference.save(update_fields=["title"])
    conference.refresh_from_db()
    assert conference.search_text.startswith("hoi nghi dang uy")


def test_list_newest_first_and_drafts_marked_for_organizers(client):
    ConferenceFactory(title="Cũ", starts_at=timezone.now() - dt.timedelta(days=400))
    ConferenceFactory(title="Mới", starts_at=timezone.now() + dt.timedelta(days=30))
    ConferenceFactory(title="Nháp", is_published=False, status=Conference.Status.DRAFT)
    assert [c.title for c in client.get("/conferences/").context["conferences"]] == ["Mới", "Cũ"]
    client.force_login(organizer())
    response = client.get("/conferences/")
    assert [c.title for c in response.context["conferences"]] == ["Mới", "Nháp", "Cũ"]
    assert "Chưa công bố" in response.content.decode() or "Not published" in response.content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_list_query_count_constant_for_organizer_with_search(client, django_assert_num_queries, size):
    for _ in range(size):
        ConferenceFactory(is_published=False)
    client.force_login(organizer())
    with django_assert_num_queries(6):
        client.get("/conferences/", {"q": "hoi nghi"})


# --- the detail page -------------------------------------------------------------------------------------------------


def test_detail_summarises_concerns_by_status_and_topic_and_shows_the_most_supported(client):
    conference = ConferenceFactory()
    digital, training = Topic.objects.get(name="Chuyển đổi số"), Topic.objects.get(name="Đào tạo, bồi dưỡng")
    for support in (3, 9, 5, 1):
        QuestionFactory(conference=conference, topic=digital, support_count=support, title=f"Kiến nghị {support}")
    QuestionFactory(conference=conference, topic=training, status=Question.Status.PENDING, support_count=50)
    QuestionFactory(conference=conference, topic=training, status=Question.Status.REJECTED)
    response = client.get(conference.get_absolute_url())
    counts = {value: n for value, _label, n in response.context["question_counts"]}
    assert counts == {"pending": 1, "approved": 4, "answered": 0}  # the public sees these
    assert response.context["question_total"] == 6
    assert [(r["topic__name"], r["n"]) for r in response.context["topic_counts"]] == [
        ("Chuyển đổi số", 4),
        ("Đào tạo, bồi dưỡng", 1),
    ]
    assert [q.title for q in response.context["most_supported"]] == ["Kiến nghị 9", "Kiến nghị 5", "Kiến nghị 3"]

    client.force_login(organizer())
    counts = {value: n for value, _label, n in client.get(conference.get_absolute_url()).context["question_counts"]}
    assert counts["rejected"] == 1


def test_detail_groups_participants_by_role_then_unit(client):
    conference = ConferenceFactory()
    office, archive = UnitFactory(name="Văn phòng Sở"), UnitFactory(name="Trung tâm Lưu trữ")
    ParticipantFactory(conference=conference, role=Participant.Role.MEMBER, unit=office, full_name="A", order=1)
    ParticipantFactory(conference=conference, role=Participant.Role.MEMBER, unit=None, full_name="D", order=2)
    ParticipantFactory(conference=conference, role=Participant.Role.MEMBER, unit=archive, full_name="B", order=3)
    ParticipantFactory(conference=conference, role=Participant.Role.MEMBER, unit=office, full_name="C", order=4)
    ParticipantFactory(conference=conference, role=Participant.Role.CHAIR, unit=office, full_name="Chủ trì", order=9)
    groups = client.get(conference.get_absolute_url()).context["participant_groups"]
    assert [label for label, _units in groups] == ["Chủ trì", "Đoàn viên"]
    members = groups[1][1]
    assert [(unit.name if unit else None, [p.full_name for p in people]) for unit, people in members] == [
        ("Văn phòng Sở", ["A", "C"]),
        ("Trung tâm Lưu trữ", ["B"]),
        (None, ["D"]),
    ]


def test_detail_links_the_calendar_file_and_has_a_print_stylesheet(client):
    conference = ConferenceFactory()
    content = client.get(conference.get_absolute_url()).content.decode()
    assert f"/conferences/{conference.slug}/calendar.ics" in content
    assert "js/print.js" in content
    assert 'class="col-lg-7 print-full"' in content


# --- the calendar file -----------------------------------------------------------------------------------------------


def test_calendar_file_parses_back(client):
    start = timezone.make_aware(dt.datetime(2027, 3, 26, 8, 0))
    conference = ConferenceFactory(
        title="Hội nghị đối thoại năm 2027",
        theme="Thanh niên với chuyển đổi số",
        venue="Hội trường Sở Nội vụ",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3, minutes=30),
        organizer_unit=UnitFactory(name="Chi đoàn Sở Nội vụ"),
    )
    response = client.get(f"/conferences/{conference.slug}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{conference.slug}.ics"'

    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Hội nghị đối thoại năm 2027"
    assert str(event["LOCATION"]) == "Hội trường Sở Nội vụ"
    assert str(event["DESCRIPTION"]) == "Thanh niên với chuyển đổi số"
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=7)
    assert event.decoded("DTEND") == start + dt.timedelta(hours=3, minutes=30)
    assert str(event["UID"]) == f"conference-{conference.pk}@testserver"
    assert str(event["URL"]) == f"http://testserver/conferences/{conference.slug}/"
    assert "DTSTAMP" in event


def test_calendar_file_of_unknown_conference_is_404(client):
    assert client.get("/conferences/khong-co/calendar.ics").status_code == 404


# --- the home page ---------------------------------------------------------------------------------------------------


def test_home_features_the_next_conference_when_none_is_running(client):
    ConferenceFactory(status=Conference.Status.CONCLUDED, starts_at=timezone.now() - dt.timedelta(days=300))
    upcoming = ConferenceFactory(status=Conference.Status.DRAFT, starts_at=timezone.now() + dt.timedelta(days=20))
    response = client.get("/")
    assert response.context["featured"] == upcoming
    assert response.context["featured_kind"] == "next"


@pytest.mark.parametrize(
    ("status", "kind", "label"),
    [
        (Conference.Status.OPEN, "next", "Hội nghị sắp tới"),
        (Conference.Status.IN_SESSION, "current", "Hội nghị đang diễn ra"),
    ],
)
def test_home_calls_a_conference_current_only_while_its_session_runs(client, status, kind, label):
    conference = ConferenceFactory(status=status, starts_at=timezone.now() + dt.timedelta(days=20))
    response = client.get("/")
    assert response.context["featured"] == conference
    assert response.context["featured_kind"] == kind
    assert label in response.content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_detail_query_count_constant_for_organizer(client, django_assert_num_queries, size):
    conference = ConferenceFactory(status=Conference.Status.OPEN, organizer_unit=UnitFactory())
    for i in range(size):
        ParticipantFactory(conference=conference, unit=UnitFactory(), order=i)
        QuestionFactory(
            conference=conference, topic=Topic.objects.order_by("pk")[i % Topic.objects.count()], support_count=i
        )
    client.force_login(organizer())
    with django_assert_num_queries(14):  # + the satisfaction totals, the youth initiatives launched there
        response = client.get(conference.get_absolute_url())
    assert len(response.context["actions"]) == 2  # start the session, unpublish
