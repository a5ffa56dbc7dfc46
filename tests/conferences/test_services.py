"""The conference and unit services called directly, with plain values: what they save, and who the history names."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from conferences import services
from conferences.models import AgendaItem, Conference, Participant, Photo, Unit
from conferences.services import AgendaRow, ParticipantRow, PhotoRow
from core.stale import StaleEditError
from tests.conferences.pagedata import image_bytes, local
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    ConferenceFactory,
    ParticipantFactory,
    PhotoFactory,
    UnitFactory,
    organizer,
)

pytestmark = pytest.mark.django_db

STARTS = local("2027-03-26T08:00")
ENDS = local("2027-03-26T11:30")


def _fields(**overrides) -> dict:
    return {"title": "Đối thoại 2027", "starts_at": STARTS, "ends_at": ENDS, **overrides}


def _draft(**fields) -> Conference:
    return ConferenceFactory(
        status=Conference.Status.DRAFT, is_published=False, starts_at=STARTS, ends_at=ENDS, **fields
    )


def _update(conference: Conference, by, **kwargs) -> Conference:
    return services.conference_update(
        conference=conference, version=conference.version, by=by, **{**_fields(), **kwargs}
    )


def _photo(name: str = "anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(), content_type="image/jpeg")


# --- the conference page, as plain values ----------------------------------------------------------------------------


def test_conference_create_saves_rows_and_names_the_actor():
    by = organizer()

    conference = services.conference_create(
        **_fields(venue="Hội trường"),
        agenda=[AgendaRow(instance=None, values={"order": 1, "title": "Khai mạc", "start_time": dt.time(8, 30)})],
        participants=[ParticipantRow(instance=None, values={"full_name": "Nguyễn Văn A", "order": 1})],
        photos=[PhotoRow(instance=None, values={"image": _photo(), "caption": "Quang cảnh", "order": 1})],
        by=by,
    )

    assert (conference.status, conference.is_published, conference.created_by) == (Conference.Status.DRAFT, False, by)
    item = conference.agenda_items.get()
    assert item.starts_at == local("2027-03-26T08:30")
    assert conference.participants.get().full_name == "Nguyễn Văn A"
    assert default_storage.exists(conference.photos.get().image.name)
    for record in (conference, item, conference.participants.get(), conference.photos.get()):
        assert record.history.latest().history_user == by


def test_conference_create_refuses_dates_out_of_order():
    with pytest.raises(ValidationError):
        services.conference_create(**_fields(ends_at=STARTS - dt.timedelta(hours=1)), by=organizer())
    assert not Conference.objects.exists()


def test_conference_update_names_the_actor_on_every_written_row():
    conference = _draft()
    item = AgendaItemFactory(conference=conference, order=1)
    gone = ParticipantFactory(conference=conference)
    gone_pk = gone.pk
    by = organizer()

    _update(
        conference,
        by,
        title="Đối thoại 2027 (sửa)",
        agenda=[AgendaRow(instance=item, values={"title": "Khai mạc"})],
        participants=[ParticipantRow(instance=gone, delete=True)],
    )

    conference.refresh_from_db()
    assert conference.title == "Đối thoại 2027 (sửa)"
    assert conference.history.latest().history_user == by
    assert item.history.latest().history_user == by
    removal = Participant.history.get(id=gone_pk, history_type="-")
    assert removal.history_user == by


def test_conference_update_refuses_a_version_that_is_no_longer_current():
    conference = _draft()
    stale = conference.version

    _update(conference, organizer())
    with pytest.raises(StaleEditError):
        services.conference_update(conference=conference, version=stale, by=organizer(), **_fields(title="Lạc hậu"))

    conference.refresh_from_db()
    assert conference.title == "Đối thoại 2027"


def test_conference_update_swaps_agenda_numbers():
    conference = _draft()
    first, second = AgendaItemFactory(conference=conference, order=1), AgendaItemFactory(conference=conference, order=2)

    _update(
        conference,
        organizer(),
        agenda=[AgendaRow(instance=first, values={"order": 2}), AgendaRow(instance=second, values={"order": 1})],
    )

    assert list(AgendaItem.objects.filter(conference=conference).values_list("pk", "order").order_by("order")) == [
        (second.pk, 1),
        (first.pk, 2),
    ]


def test_conference_update_refuses_to_remove_a_participant_who_answered():
    conference = _draft()
    responder = ParticipantFactory(conference=conference)
    AnswerFactory(question__conference=conference, responder=responder)

    with pytest.raises(ValidationError) as error:
        _update(conference, organizer(), participants=[ParticipantRow(instance=responder, delete=True)])

    assert error.value.code == "in_use"
    assert Participant.objects.filter(pk=responder.pk).exists()


def test_conference_update_refuses_a_row_of_another_conference():
    conference, other = _draft(), _draft()
    foreign = AgendaItemFactory(conference=other, order=1)

    with pytest.raises(ValidationError):
        _update(conference, organizer(), agenda=[AgendaRow(instance=foreign, values={"title": "Lấy cắp"})])

    foreign.refresh_from_db()
    assert foreign.conference == other


def test_conference_update_replacing_a_photo_deletes_the_old_file_after_commit(django_capture_on_commit_callbacks):
    conference = _draft()
    photo = PhotoFactory(conference=conference)
    old_name = photo.image.name

    with django_capture_on_commit_callbacks(execute=True):
        _update(conference, organizer(), photos=[PhotoRow(instance=photo, values={"image": _photo("moi.jpg")})])

    photo.refresh_from_db()
    assert photo.image.name != old_name
    assert default_storage.exists(photo.image.name)
    assert not default_storage.exists(old_name)


def test_conference_update_keeping_a_photo_keeps_its_file(django_capture_on_commit_callbacks):
    conference = _draft()
    photo = PhotoFactory(conference=conference)

    with django_capture_on_commit_callbacks(execute=True):
        _update(conference, organizer(), photos=[PhotoRow(instance=photo, values={"image": photo.image, "order": 5})])

    photo.refresh_from_db()
    assert photo.order == 5
    assert default_storage.exists(photo.image.name)


def test_conference_update_rollback_removes_the_new_file(monkeypatch):
    conference = _draft()
    written = []

    def fail(self, *args, **kwargs):
        self.image.save(self.image.name, self.image.file, save=False)
        written.append(self.image.name)
        raise RuntimeError("disk full")

    monkeypatch.setattr(Photo, "save", fail)
    with pytest.raises(RuntimeError):
        _update(conference, organizer(), photos=[PhotoRow(instance=None, values={"image": _photo()})])

    assert written
    assert not default_storage.exists(written[0])


# --- lifecycle: the history names who did it -------------------------------------------------------------------------


def test_conference_transition_history_names_the_actor():
    conference = ConferenceFactory(status=Conference.Status.DRAFT, is_published=False)
    by = organizer()

    services.conference_transition(conference=conference, to=Conference.Status.OPEN, by=by)

    assert conference.history.latest().history_user == by
    assert conference.history.latest().status == Conference.Status.OPEN


def test_conference_set_published_history_names_the_actor():
    conference = ConferenceFactory(is_published=True)
    by = organizer()

    services.conference_set_published(conference=conference, published=False, by=by)

    assert conference.history.latest().history_user == by
    assert conference.history.latest().is_published is False


# --- units -----------------------------------------------------------------------------------------------------------


def test_unit_create_and_update_history_name_the_actor():
    creator, editor = organizer(), organizer()

    unit = services.unit_create(name="Phòng Tổ chức", by=creator)
    services.unit_update(unit=unit, name="Phòng Tổ chức cán bộ", by=editor)

    assert [(r.history_type, r.history_user) for r in unit.history.order_by("history_id")] == [
        ("+", creator),
        ("~", editor),
    ]


def test_unit_set_active_history_names_the_actor():
    unit = UnitFactory()
    by = organizer()

    services.unit_set_active(unit=unit, active=False, by=by)

    latest = unit.history.latest()
    assert (latest.is_active, latest.history_user) == (False, by)


def test_unit_delete_history_names_the_actor():
    unit = UnitFactory()
    pk = unit.pk
    by = organizer()

    services.unit_delete(unit=unit, by=by)

    assert not Unit.objects.filter(pk=pk).exists()
    assert Unit.history.get(id=pk, history_type="-").history_user == by


def test_conference_update_keeps_the_fields_not_given():
    conference = _draft(venue="Hội trường A")

    services.conference_update(conference=conference, version=conference.version, by=organizer(), title="Tên mới")

    conference.refresh_from_db()
    assert (conference.title, conference.venue) == ("Tên mới", "Hội trường A")


def test_conference_services_refuse_an_unknown_or_missing_field():
    with pytest.raises(TypeError):
        services.conference_create(title="Thiếu ngày", by=organizer())
    conference = _draft()
    with pytest.raises(TypeError):
        services.conference_update(conference=conference, version=conference.version, by=organizer(), place="X")
