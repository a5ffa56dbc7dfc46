import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conferences.models import AgendaItem, Conference, Participant, Profile
from core.text import ascii_slug, fold, normalize
from tests.factories import AgendaItemFactory, ConferenceFactory, ParticipantFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_slug_of_vietnamese_title_is_readable_ascii():
    conference = ConferenceFactory(title="Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm 2023")
    assert conference.slug == "hoi-nghi-doi-thoai-giua-lanh-dao-so-voi-thanh-nien-nam-2023"


def test_slug_is_unique_when_titles_repeat():
    first = ConferenceFactory(title="Đối thoại 2024")
    second = ConferenceFactory(title="Đối thoại 2024")
    assert first.slug == "doi-thoai-2024"
    assert second.slug == "doi-thoai-2024-2"


def test_slug_unique_in_database():
    ConferenceFactory(slug="trung")
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceFactory(slug="trung")


def test_fold_removes_vietnamese_accents_and_d_stroke():
    assert fold("Chuyển Đổi Số") == "chuyen doi so"
    assert ascii_slug("Đảng ủy Sở") == "dang-uy-so"


def test_normalize_composes_decomposed_input():
    decomposed = "Ho\u0302\u0323i nghi\u0323"  # "Hội nghị" typed as base letters plus combining marks
    assert normalize(decomposed) == "Hội nghị"


def test_conference_ending_before_start_is_invalid():
    conference = ConferenceFactory.build(starts_at=timezone.now(), ends_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as excinfo:
        conference.full_clean()
    assert "ends_at" in excinfo.value.message_dict


def test_conference_ending_before_start_is_refused_by_database():
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Conference.objects.create(title="Sai giờ", starts_at=start, ends_at=start - dt.timedelta(hours=1))


def test_question_window_closing_before_opening_is_invalid():
    start = timezone.now()
    conference = ConferenceFactory.build(
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        questions_open_at=start - dt.timedelta(days=1),
        questions_close_at=start - dt.timedelta(days=2),
    )
    with pytest.raises(ValidationError) as excinfo:
        conference.full_clean()
    assert "questions_close_at" in excinfo.value.message_dict


def test_question_window_closing_after_conference_ends_is_invalid():
    start = timezone.now()
    conference = ConferenceFactory.build(
        starts_at=start, ends_at=start + dt.timedelta(hours=2), questions_close_at=start + dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as excinfo:
        conference.full_clean()
    assert "questions_close_at" in excinfo.value.message_dict


@pytest.mark.parametrize(
    ("status", "opens", "closes", "expected"),
    [
        (Conference.Status.OPEN, None, None, True),
        (Conference.Status.OPEN, -1, 1, True),
        (Conference.Status.OPEN, 1, 2, False),
        (Conference.Status.OPEN, -2, -1, False),
        (Conference.Status.DRAFT, None, None, False),
        (Conference.Status.CONCLUDED, None, None, False),
    ],
)
def test_conference_accepts_questions_only_when_open_and_in_window(status, opens, closes, expected):
    now = timezone.now()
    conference = ConferenceFactory(
        status=status,
        starts_at=now + dt.timedelta(days=5),
        questions_open_at=now + dt.timedelta(days=opens) if opens is not None else None,
        questions_close_at=now + dt.timedelta(days=closes) if closes is not None else None,
    )
    assert conference.accepts_questions is expected


def test_agenda_order_unique_per_conference():
    item = AgendaItemFactory(order=1)
    AgendaItemFactory(order=1)  # another conference may reuse the number
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(conference=item.conference, order=1, title="Trùng thứ tự")


def test_participant_needs_user_or_name():
    participant = Participant(conference=ConferenceFactory(), full_name="")
    with pytest.raises(ValidationError):
        participant.full_clean()


def test_participant_takes_name_from_user():
    user = UserFactory(first_name="Quốc", last_name="Khánh")
    participant = Participant.objects.create(conference=ConferenceFactory(), user=user)
    assert participant.full_name == user.get_full_name()


def test_participant_presenter_of_other_conference_is_invalid():
    item = AgendaItemFactory.build(conference=ConferenceFactory(), presenter=ParticipantFactory())
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    assert "presenter" in excinfo.value.message_dict


def test_profile_created_for_every_new_user():
    user = UserFactory()
    assert Profile.objects.filter(user=user).count() == 1


def test_unit_cannot_be_its_own_ancestor():
    parent = UnitFactory()
    child = UnitFactory(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError):
        parent.full_clean()


def test_conference_absolute_url_uses_slug():
    conference = ConferenceFactory(title="Đối thoại thanh niên")
    assert conference.get_absolute_url() == "/conferences/doi-thoai-thanh-nien/"


def test_conference_chair_is_the_chair_participant():
    conference = ConferenceFactory()
    ParticipantFactory(conference=conference, role=Participant.Role.LEADER)
    chair = ParticipantFactory(conference=conference, role=Participant.Role.CHAIR, full_name="Lê Quang Hòa")
    assert conference.chair == chair
