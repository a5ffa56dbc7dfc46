"""The one page that creates and edits a conference with its agenda, participants and photos."""

import datetime as dt
import struct
import zlib

import pytest
from django.utils import timezone

from conferences.forms import ConferencePage
from conferences.models import AgendaItem, Conference, Participant, Photo
from conferences.services import conference_create
from tests.conferences.pagedata import (
    agenda_rows,
    image_bytes,
    local,
    new_conference_data,
    page_data,
    participant_rows,
    set_rows,
    upload,
)
from tests.factories import (
    AgendaItemFactory,
    AnswerFactory,
    ConferenceFactory,
    ParticipantFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    organizer,
)

pytestmark = pytest.mark.django_db

TITLE_2027 = "Hội nghị đối thoại giữa lãnh đạo Sở với thanh niên năm 2027"


@pytest.fixture
def organizer_client(client):
    client.force_login(organizer())
    return client


def _nothing_saved():
    assert Conference.objects.count() == 0
    assert AgendaItem.objects.count() == 0
    assert Participant.objects.count() == 0
    assert Photo.objects.count() == 0


def _full_new_data():
    data = new_conference_data()
    set_rows(data, "agenda", agenda_rows(5))
    set_rows(data, "participants", participant_rows(8))
    set_rows(data, "photos", [{"caption": "Quang cảnh", "order": "1"}, {"caption": "Phát biểu", "order": "2"}])
    data["photos-0-image"] = upload("quang-canh.jpg")
    data["photos-1-image"] = upload("phat-bieu.png", image_bytes("PNG"), "image/png")
    return data


# --- creating --------------------------------------------------------------------------------------------------------


def test_create_saves_the_whole_page_as_a_draft(organizer_client):
    response = organizer_client.post("/conferences/new/", _full_new_data())

    conference = Conference.objects.get()
    assert response.status_code == 302
    assert response["Location"] == conference.get_absolute_url()
    assert conference.title == TITLE_2027
    assert conference.slug == "hoi-nghi-doi-thoai-giua-lanh-dao-so-voi-thanh-nien-nam-2027"
    assert conference.status == Conference.Status.DRAFT
    assert not conference.is_published
    assert conference.created_by.username.startswith("user")
    assert conference.starts_at == local("2027-03-26T08:00")
    assert [i.title for i in conference.agenda_items.order_by("order")] == [f"Mục {n}" for n in range(1, 6)]
    assert conference.participants.count() == 8
    assert sorted(p.caption for p in conference.photos.all()) == ["Phát biểu", "Quang cảnh"]
    assert conference.photos.get(caption="Phát biểu").image.name.endswith(".png")


def test_create_page_shows_one_empty_row_per_section(organizer_client):
    response = organizer_client.get("/conferences/new/")
    content = response.content.decode()
    assert response.status_code == 200
    for prefix in ("agenda", "participants", "photos"):
        assert f'name="{prefix}-TOTAL_FORMS" value="1"' in content
        assert f'<template id="{prefix}-empty-form">' in content
        assert f'data-formset-add="{prefix}"' in content
    assert "js/formset.js" in content
    assert "<script>" not in content  # no inline script


def test_create_normalises_decomposed_vietnamese(organizer_client):
    data = new_conference_data(title="Ho\u0302\u0323i nghi\u0323 đối thoại")
    set_rows(data, "participants", [{"full_name": "Nguye\u0302\u0303n Va\u0306n A", "role": "member"}])
    organizer_client.post("/conferences/new/", data)
    conference = Conference.objects.get()
    assert conference.title == "Hội nghị đối thoại"
    assert conference.participants.get().full_name == "Nguyễn Văn A"


def test_create_stores_line_breaks_as_typed_without_carriage_returns(organizer_client):
    data = new_conference_data(description="Dòng một\r\nDòng hai")
    organizer_client.post("/conferences/new/", data)
    assert Conference.objects.get().description == "Dòng một\nDòng hai"


def test_create_orders_unnumbered_rows_last(organizer_client):
    data = new_conference_data()
    rows = [{"order": "5", "title": "Năm"}, {"order": "", "title": "Sau"}, {"title": "Cuối"}]
    set_rows(data, "agenda", [{**row, "kind": "other"} for row in rows])
    organizer_client.post("/conferences/new/", data)
    assert [(i.order, i.title) for i in AgendaItem.objects.order_by("order")] == [(5, "Năm"), (6, "Sau"), (7, "Cuối")]


def test_create_participant_from_account_takes_name_unit_and_position_from_profile(organizer_client):
    unit = UnitFactory(name="Văn phòng Sở")
    user = UserFactory(first_name="Lê Quang", last_name="Hòa")
    user.profile.unit = unit
    user.profile.position = "Giám đốc Sở"
    user.profile.save()
    data = new_conference_data()
    set_rows(data, "participants", [{"user": str(user.pk), "full_name": "", "role": "chair"}])
    organizer_client.post("/conferences/new/", data)
    participant = Participant.objects.get()
    assert (participant.full_name, participant.unit, participant.position) == ("Lê Quang Hòa", unit, "Giám đốc Sở")


def test_create_empty_extra_rows_are_ignored(organizer_client):
    response = organizer_client.post("/conferences/new/", new_conference_data())
    assert response.status_code == 302
    conference = Conference.objects.get()
    assert not conference.agenda_items.exists() and not conference.participants.exists()


def test_create_row_marked_for_deletion_is_not_saved_even_if_half_typed(organizer_client):
    data = new_conference_data()
    half_typed = {"title": "", "kind": "other", "duration_minutes": "x", "DELETE": True}
    set_rows(data, "agenda", [{"title": "Giữ"}, half_typed])
    assert organizer_client.post("/conferences/new/", data).status_code == 302
    assert [i.title for i in AgendaItem.objects.all()] == ["Giữ"]


# --- bad input: a clear message on the form, nothing saved -----------------------------------------------------------


def _post_invalid(client, data) -> str:
    response = client.post("/conferences/new/", data)
    assert response.status_code == 200
    _nothing_saved()
    content = response.content.decode()
    assert 'id="form-errors"' in content
    return content


def test_create_refuses_end_before_start(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    data = _full_new_data()
    data["ends_at"] = "2027-03-26T07:00"
    content = _post_invalid(organizer_client, data)
    assert "The conference must end after it starts." in content


def test_create_refuses_two_agenda_rows_with_the_same_order(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    data = _full_new_data()
    data["agenda-3-order"] = "2"
    content = _post_invalid(organizer_client, data)
    assert "Two agenda items have the same number: 2." in content
    assert "Duplicate number." in content


def test_create_refuses_an_empty_title(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    content = _post_invalid(organizer_client, {**_full_new_data(), "title": "   "})
    assert "This field is required." in content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "Đ" * 256, "This text is 256 characters long; at most 255 characters are allowed."),
        ("venue", "v" * 300, "This text is 300 characters long; at most 255 characters are allowed."),
        ("participants-0-full_name", "N" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("agenda-0-title", "T" * 256, "This text is 256 characters long; at most 255 characters are allowed."),
        ("photos-0-caption", "C" * 501, "Ensure this value has at most 500 characters (it has 501)."),
        ("agenda-0-duration_minutes", "100000", "Ensure this value is less than or equal to 1440."),
        ("agenda-0-order", "1000", "Ensure this value is less than or equal to 999."),
        ("participants-0-order", "-1", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_create_refuses_overlong_or_out_of_range_values(organizer_client, settings, field, value, message):
    settings.LANGUAGE_CODE = "en"
    content = _post_invalid(organizer_client, {**_full_new_data(), field: value})
    assert message in content


def test_create_refuses_participant_without_user_or_name(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    data = _full_new_data()
    data.update({"participants-2-full_name": "", "participants-2-position": "Chuyên viên"})
    content = _post_invalid(organizer_client, data)
    assert content.count("Choose an existing user or type the participant&#x27;s name.") == 1
    assert "participant_has_name_or_user" not in content


def test_create_refuses_unparseable_dates(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    content = _post_invalid(organizer_client, {**_full_new_data(), "starts_at": "30/02/2027 8h"})
    assert "Write the date and time as day/month/year hours:minutes, for example 30/03/2023 14:30." in content


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims a huge size in its header (a decompression bomb), without the pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ghi-chu.jpg", b"Day la van ban, khong phai anh.", "This file is not a photo, or it is damaged."),
        ("trang.jpg", b"<html><body><script>alert(1)</script></body></html>", "This file is not a photo"),
        ("anh.gif", image_bytes("GIF"), "Only JPEG, PNG or WebP photos can be uploaded."),
        ("anh-gif.jpg", image_bytes("GIF"), "Only JPEG, PNG or WebP photos can be uploaded."),
        ("anh.php", image_bytes(), "Only JPEG, PNG or WebP photos can be uploaded."),
        ("lai.jpg", image_bytes() + b"<?php system($_GET['c']); ?>", "hides something other than a picture"),
        ("bom.png", _png_header(30_000, 30_000), "far too many pixels"),
    ],
)
def test_create_refuses_bad_photo_files(organizer_client, settings, name, content, message):
    settings.LANGUAGE_CODE = "en"
    data = _full_new_data()
    data["photos-1-image"] = upload(name, content)
    response_content = _post_invalid(organizer_client, data)
    assert message in response_content


def test_create_refuses_photo_too_large_in_bytes(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    settings.PHOTO_MAX_BYTES = 500
    data = _full_new_data()
    data["photos-0-image"] = upload("lon.png", image_bytes("PNG", size=(400, 400), color=None), "image/png")
    content = _post_invalid(organizer_client, data)
    assert "a photo may be at most 500" in content


def test_create_refuses_photo_with_too_many_pixels(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    settings.PHOTO_MAX_PIXELS = 1_000_000
    data = _full_new_data()
    data["photos-0-image"] = upload("rong.png", image_bytes("PNG", size=(1200, 1000)), "image/png")
    content = _post_invalid(organizer_client, data)
    assert "1200 × 1000 pixels" in content


def test_create_accepts_png_named_jpg_and_stores_it_as_png(organizer_client):
    data = _full_new_data()
    data["photos-0-image"] = upload("that-ra-la-png.jpg", image_bytes("PNG"))
    assert organizer_client.post("/conferences/new/", data).status_code == 302
    assert Photo.objects.get(caption="Quang cảnh").image.name.endswith("that-ra-la-png.png")


def test_create_accepts_a_long_vietnamese_file_name_and_stores_it_short_and_ascii(organizer_client):
    data = _full_new_data()
    data["photos-0-image"] = upload("Ảnh " + "hội nghị đối thoại " * 10 + ".JPG")
    assert organizer_client.post("/conferences/new/", data).status_code == 302
    name = Photo.objects.get(caption="Quang cảnh").image.name
    assert name.startswith("conferences/photos/") and name.endswith(".jpg")
    assert name.isascii() and len(name) <= 100
    assert "anh-hoi-nghi-doi-thoai" in name


def test_create_accepts_webp(organizer_client):
    data = _full_new_data()
    data["photos-0-image"] = upload("anh.webp", image_bytes("WEBP"), "image/webp")
    assert organizer_client.post("/conferences/new/", data).status_code == 302
    assert Photo.objects.get(caption="Quang cảnh").image.name.endswith(".webp")


def test_create_keeps_typed_rows_when_the_page_comes_back_with_errors(organizer_client):
    data = _full_new_data()
    data["title"] = ""
    data["agenda-4-title"] = "Kết luận Hội nghị do đồng chí Giám đốc trình bày"
    content = _post_invalid(organizer_client, data)
    assert 'name="agenda-TOTAL_FORMS" value="5"' in content
    assert "Kết luận Hội nghị do đồng chí Giám đốc trình bày" in content
    assert 'value="Đại biểu 8"' in content


def test_create_rolls_back_the_whole_page_when_a_later_part_fails(monkeypatch):
    data = _full_new_data()
    files = {key: data.pop(key) for key in ("photos-0-image", "photos-1-image")}
    page = ConferencePage(instance=Conference(), data=data, files=files)
    assert page.is_valid()

    def fail(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Photo, "save", fail)
    with pytest.raises(RuntimeError):
        conference_create(by=organizer(), **page.to_service_kwargs())
    _nothing_saved()


# --- editing ---------------------------------------------------------------------------------------------------------


def _conference_with_rows():
    conference = ConferenceFactory(
        title="Đối thoại 2027",
        starts_at=local("2027-03-26T08:00"),
        ends_at=local("2027-03-26T11:30"),
        status=Conference.Status.DRAFT,
    )
    for order in (1, 2, 3):
        AgendaItemFactory(conference=conference, order=order, title=f"Mục {order}")
    for order in (1, 2):
        ParticipantFactory(conference=conference, order=order, full_name=f"Đại biểu {order}")
    PhotoFactory(conference=conference, caption="Ảnh cũ")
    return conference


def test_edit_page_shows_saved_rows(organizer_client):
    conference = _conference_with_rows()
    response = organizer_client.get(f"/conferences/{conference.slug}/edit/")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="agenda-INITIAL_FORMS" value="3"' in content
    assert 'value="Đại biểu 2"' in content
    assert "Ảnh cũ" in content
    assert f'name="version" value="{conference.version}"' in content


def test_edit_saves_changes_adds_and_removes_rows(organizer_client, django_capture_on_commit_callbacks):
    conference = _conference_with_rows()
    data = page_data(conference)
    data["title"] = "Đối thoại năm 2027 (sửa)"
    data["agenda-1-DELETE"] = "on"
    set_rows(data, "agenda", [{"order": "4", "title": "Mục mới", "kind": "other"}])
    data["participants-0-position"] = "Bí thư Chi đoàn"
    data["photos-0-DELETE"] = "on"
    old_photo = conference.photos.get().image.name

    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(f"/conferences/{conference.slug}/edit/", data)

    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.title == "Đối thoại năm 2027 (sửa)"
    assert conference.slug == "doi-thoai-2027"  # addresses stay stable
    assert conference.version == 2
    assert [i.title for i in conference.agenda_items.order_by("order")] == ["Mục 1", "Mục 3", "Mục mới"]
    assert conference.participants.get(order=1).position == "Bí thư Chi đoàn"
    assert not conference.photos.exists()
    from django.core.files.storage import default_storage

    assert not default_storage.exists(old_photo)


def test_edit_swaps_agenda_numbers_without_a_clash(organizer_client):
    conference = _conference_with_rows()
    data = page_data(conference)
    data["agenda-0-order"], data["agenda-1-order"] = "2", "1"
    assert organizer_client.post(f"/conferences/{conference.slug}/edit/", data).status_code == 302
    assert [i.title for i in conference.agenda_items.order_by("order")] == ["Mục 2", "Mục 1", "Mục 3"]


def test_edit_agenda_start_time_is_on_the_conference_day_and_follows_it(organizer_client):
    conference = _conference_with_rows()
    data = page_data(conference)
    data["agenda-0-start_time"] = "08:15"
    organizer_client.post(f"/conferences/{conference.slug}/edit/", data)
    item = conference.agenda_items.get(order=1)
    assert item.starts_at == local("2027-03-26T08:15")

    conference.refresh_from_db()
    data = page_data(conference)
    data["starts_at"], data["ends_at"] = "2027-04-02T08:00", "2027-04-02T11:30"
    organizer_client.post(f"/conferences/{conference.slug}/edit/", data)
    item.refresh_from_db()
    assert item.starts_at == local("2027-04-02T08:15")


def test_edit_refuses_removing_a_participant_who_answered(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    conference = _conference_with_rows()
    responder = conference.participants.get(order=1)
    AnswerFactory(question__conference=conference, responder=responder)
    data = page_data(conference)
    data["participants-0-DELETE"] = "on"
    data["title"] = "Không được lưu"
    response = organizer_client.post(f"/conferences/{conference.slug}/edit/", data)
    assert response.status_code == 200
    assert "answered concerns or signed the conclusion" in response.content.decode()
    conference.refresh_from_db()
    assert conference.title == "Đối thoại 2027"
    assert Participant.objects.filter(pk=responder.pk).exists()


def test_edit_refuses_removing_a_participant_who_still_presents(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    conference = _conference_with_rows()
    presenter = conference.participants.get(order=1)
    AgendaItem.objects.filter(conference=conference, order=1).update(presenter=presenter)
    data = page_data(conference)
    data["participants-0-DELETE"] = "on"
    response = organizer_client.post(f"/conferences/{conference.slug}/edit/", data)
    assert "This participant is being removed; choose another presenter." in response.content.decode()
    assert Participant.objects.filter(pk=presenter.pk).exists()


def test_edit_presenter_choices_are_this_conference_participants(organizer_client):
    conference = _conference_with_rows()
    other = ParticipantFactory(full_name="Người hội nghị khác")
    data = page_data(conference)
    data["agenda-0-presenter"] = str(other.pk)
    response = organizer_client.post(f"/conferences/{conference.slug}/edit/", data)
    assert response.status_code == 200
    assert conference.agenda_items.get(order=1).presenter is None


def test_edit_unit_and_user_choices_keep_inactive_ones_in_use(organizer_client):
    conference = _conference_with_rows()
    unit = UnitFactory(name="Phòng đã giải thể", is_active=False)
    UnitFactory(name="Phòng không dùng nữa", is_active=False)
    user = UserFactory(first_name="Đã", last_name="Nghỉ", is_active=False)
    Participant.objects.filter(conference=conference, order=1).update(unit=unit, user=user)
    content = organizer_client.get(f"/conferences/{conference.slug}/edit/").content.decode()
    assert "Phòng đã giải thể" in content
    assert "Phòng không dùng nữa" not in content
    assert "Đã Nghỉ" in content
    # Saving unchanged keeps them.
    organizer_client.post(f"/conferences/{conference.slug}/edit/", page_data(conference))
    participant = conference.participants.get(order=1)
    assert (participant.unit, participant.user) == (unit, user)


# --- two organizers at once ------------------------------------------------------------------------------------------


def test_edit_refuses_a_stale_save_and_shows_what_changed(client, settings):
    settings.LANGUAGE_CODE = "en"
    conference = _conference_with_rows()
    first, second = organizer(), organizer()
    first_data = page_data(conference)  # the first organizer opens the page
    second_data = page_data(conference)  # so does the second

    client.force_login(second)
    second_data["venue"] = "Phòng họp tầng 3"
    set_rows(second_data, "agenda", [{"order": "9", "title": "Mục của người thứ hai"}])
    assert client.post(f"/conferences/{conference.slug}/edit/", second_data).status_code == 302

    client.force_login(first)
    first_data["title"] = "Tiêu đề của người thứ nhất"
    response = client.post(f"/conferences/{conference.slug}/edit/", first_data)

    assert response.status_code == 409
    content = response.content.decode()
    assert "Somebody else saved this conference while you were editing it" in content
    assert dict(response.context["changes"]) == {"Venue": "Phòng họp tầng 3", "Agenda": "Changed; 4 rows now"}
    assert "Tiêu đề của người thứ nhất" in content  # what the user typed is still on the form
    conference.refresh_from_db()
    assert conference.title == "Đối thoại 2027"  # nothing of the stale save was written
    assert conference.venue == "Phòng họp tầng 3"
    assert conference.version == 2

    # Saving again from the page that came back is a deliberate overwrite, and goes through.
    resubmitted = response.context["form"].data.copy()
    assert resubmitted["version"] == "2"
    assert client.post(f"/conferences/{conference.slug}/edit/", resubmitted).status_code == 302
    conference.refresh_from_db()
    assert conference.title == "Tiêu đề của người thứ nhất"
    assert conference.version == 3


def test_edit_stale_after_a_lifecycle_action(client, settings):
    settings.LANGUAGE_CODE = "en"
    conference = _conference_with_rows()
    client.force_login(organizer())
    data = page_data(conference)
    client.post(f"/conferences/{conference.slug}/actions/open/")
    response = client.post(f"/conferences/{conference.slug}/edit/", data)
    assert response.status_code == 409
    labels = [label for label, _value in response.context["changes"]]
    assert labels == ["Concerns open at"]
    conference.refresh_from_db()
    assert conference.status == Conference.Status.OPEN


def test_edit_without_version_is_treated_as_stale(organizer_client):
    conference = _conference_with_rows()
    data = page_data(conference)
    del data["version"]
    data["title"] = "Không có phiên bản"
    assert organizer_client.post(f"/conferences/{conference.slug}/edit/", data).status_code == 409
    conference.refresh_from_db()
    assert conference.title == "Đối thoại 2027"


def test_edit_row_removed_by_somebody_else_gets_a_clear_message(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    conference = _conference_with_rows()
    data = page_data(conference)
    AgendaItem.objects.filter(conference=conference, order=2).delete()
    response = organizer_client.post(f"/conferences/{conference.slug}/edit/", data)
    assert response.status_code == 200
    assert "Somebody else removed this row meanwhile" in response.content.decode()


# --- the edit page costs the same with few or many rows --------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 30])
def test_edit_page_query_count_constant(client, django_assert_num_queries, size):
    conference = ConferenceFactory()
    unit = UnitFactory()
    for i in range(size):
        user = UserFactory()
        AgendaItemFactory(conference=conference, order=i + 1)
        ParticipantFactory(conference=conference, unit=unit, user=user)
        PhotoFactory(conference=conference)
    client.force_login(organizer())
    with django_assert_num_queries(12):
        response = client.get(f"/conferences/{conference.slug}/edit/")
    assert response.status_code == 200


def test_page_renders_quickly_far_in_the_future(organizer_client):
    """Dates are shown in local time on the inputs."""
    conference = ConferenceFactory(starts_at=timezone.make_aware(dt.datetime(2027, 3, 26, 8, 0)))
    content = organizer_client.get(f"/conferences/{conference.slug}/edit/").content.decode()
    assert 'value="26/03/2027 08:00"' in content


@pytest.mark.parametrize("with_photo", [False, True])
def test_the_choose_again_warning_shows_only_when_files_were_sent(organizer_client, settings, with_photo):
    settings.LANGUAGE_CODE = "en"
    data = new_conference_data(ends_at="2020-01-01T08:00")  # before the start: the page comes back with errors
    if with_photo:
        set_rows(data, "photos", [{"caption": "Quang cảnh", "order": "1"}])
        data["photos-0-image"] = upload("anh.jpg", image_bytes())
    content = _post_invalid(organizer_client, data)
    assert ("Browsers forget chosen files" in content) == with_photo
