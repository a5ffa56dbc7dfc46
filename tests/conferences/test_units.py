"""Units at /units/: organizers list, create, edit, deactivate and delete them."""

import pytest
from django.core.exceptions import ValidationError

from conferences import services
from conferences.models import Liaison, Unit
from conferences.services import unit_delete, unit_set_active, unit_usage
from tests.factories import (
    ConferenceFactory,
    DirectiveFactory,
    ParticipantFactory,
    UnitFactory,
    UserFactory,
    member,
    organizer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_client(client):
    client.force_login(organizer(username="organizer_user"))
    return client


def test_unit_list_shows_counts_and_marks_inactive(organizer_client):
    unit = UnitFactory(name="Văn phòng Sở")
    for _ in range(2):
        user = UserFactory()
        user.profile.unit = unit
        user.profile.save()
    ParticipantFactory(unit=unit)
    UnitFactory(name="Phòng cũ", is_active=False)
    response = organizer_client.get("/units/")
    rows = {u.name: u for u in response.context["units"]}
    assert (rows["Văn phòng Sở"].profile_count, rows["Văn phòng Sở"].participant_count) == (2, 1)
    assert [u.name for u in response.context["units"]] == ["Văn phòng Sở", "Phòng cũ"]  # active first
    assert "Phòng cũ" in response.content.decode()


def test_unit_list_sorts_the_vietnamese_way(organizer_client):
    for name in ("Đảng ủy Sở", "Văn phòng Sở", "Ban Giám đốc", "Đoàn thanh niên", "Chi đoàn"):
        UnitFactory(name=name)
    names = [u.name for u in organizer_client.get("/units/").context["units"]]
    assert names == ["Ban Giám đốc", "Chi đoàn", "Đảng ủy Sở", "Đoàn thanh niên", "Văn phòng Sở"]


def test_unit_list_search_folds_accents(organizer_client):
    UnitFactory(name="Phòng Cải cách hành chính", short_name="CCHC")
    UnitFactory(name="Thanh tra Sở")
    response = organizer_client.get("/units/", {"q": "cai cach"})
    assert [u.name for u in response.context["units"]] == ["Phòng Cải cách hành chính"]
    response = organizer_client.get("/units/", {"state": "inactive"})
    assert list(response.context["units"]) == []


def test_unit_list_paginates(organizer_client):
    for _ in range(30):
        UnitFactory()
    assert len(organizer_client.get("/units/").context["units"]) == 25
    assert len(organizer_client.get("/units/", {"page": 2}).context["units"]) == 5


@pytest.mark.parametrize("size", [1, 30])
def test_unit_list_query_count_constant(client, django_assert_num_queries, size):
    for _ in range(size):
        unit = UnitFactory(parent=UnitFactory())
        ParticipantFactory(unit=unit)
        services.liaison_appoint(unit=unit, user=member(), by=None)
    client.force_login(organizer())
    with django_assert_num_queries(6):
        client.get("/units/")


def test_unit_create_normalises_and_saves(organizer_client):
    response = organizer_client.post(
        "/units/new/", {"name": "Pho\u0300ng Co\u0302ng chu\u031b\u0301c", "short_name": "CC", "kind": "division"}
    )
    assert response.status_code == 302
    assert Unit.objects.get().name == "Phòng Công chức"


def test_unit_create_refuses_duplicate_name_ignoring_case(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    UnitFactory(name="Thanh tra Sở")
    response = organizer_client.post("/units/new/", {"name": "THANH TRA SỞ", "kind": "division"})
    assert response.status_code == 200
    assert "A unit with this name already exists." in response.content.decode()
    assert Unit.objects.count() == 1


def test_unit_create_refuses_empty_and_overlong_names(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    response = organizer_client.post("/units/new/", {"name": " ", "kind": "division"})
    assert "This field is required." in response.content.decode()
    response = organizer_client.post("/units/new/", {"name": "P" * 201, "kind": "division"})
    assert "at most 200 characters" in response.content.decode()
    assert not Unit.objects.exists()


def test_unit_edit_refuses_a_parent_cycle(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    parent = UnitFactory(name="Ban Giám đốc")
    child = UnitFactory(name="Văn phòng", parent=parent)
    response = organizer_client.post(
        f"/units/{parent.pk}/edit/", {"name": "Ban Giám đốc", "kind": "leadership", "parent": child.pk}
    )
    assert response.status_code == 200
    assert "cannot be its own parent" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None


def test_unit_edit_saves(organizer_client):
    unit = UnitFactory(name="Phòng A")
    response = organizer_client.post(f"/units/{unit.pk}/edit/", {"name": "Phòng A mới", "kind": "board"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.kind) == ("Phòng A mới", "board")


def test_unit_deactivate_and_reactivate_through_confirmation(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    unit = UnitFactory()
    content = organizer_client.get(f"/units/{unit.pk}/deactivate/").content.decode()
    assert "no longer offered" in content
    unit.refresh_from_db()
    assert unit.is_active  # the confirmation page changes nothing
    organizer_client.post(f"/units/{unit.pk}/deactivate/")
    unit.refresh_from_db()
    assert not unit.is_active
    organizer_client.post(f"/units/{unit.pk}/activate/")
    unit.refresh_from_db()
    assert unit.is_active


def test_unit_in_use_cannot_be_deleted(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    unit = UnitFactory(name="Văn phòng Sở")
    ParticipantFactory(unit=unit)
    ConferenceFactory(organizer_unit=unit)
    DirectiveFactory(lead_unit=unit)
    content = organizer_client.get(f"/units/{unit.pk}/delete/").content.decode()
    assert "This unit is in use and cannot be deleted" in content
    assert "Yes: Delete" not in content
    response = organizer_client.post(f"/units/{unit.pk}/delete/", follow=True)
    assert "is in use" in response.content.decode()
    assert Unit.objects.filter(pk=unit.pk).exists()
    assert dict(unit_usage(unit)) == {"participants": 1, "conferences": 1, "directives": 1}


def test_unit_used_only_as_supporting_unit_or_parent_cannot_be_deleted():
    supporting = UnitFactory()
    DirectiveFactory().support_units.add(supporting)
    parent = UnitFactory()
    UnitFactory(parent=parent)
    for unit in (supporting, parent):
        with pytest.raises(ValidationError):
            unit_delete(unit=unit, by=organizer())


def test_unused_unit_is_deleted_after_confirmation(organizer_client, settings):
    settings.LANGUAGE_CODE = "en"
    unit = UnitFactory(name="Phòng tạm")
    assert "Yes: Delete" in organizer_client.get(f"/units/{unit.pk}/delete/").content.decode()
    assert Unit.objects.filter(pk=unit.pk).exists()
    organizer_client.post(f"/units/{unit.pk}/delete/")
    assert not Unit.objects.filter(pk=unit.pk).exists()


def test_unit_set_active_twice_is_refused():
    unit = UnitFactory()
    with pytest.raises(ValidationError):
        unit_set_active(unit=unit, active=True, by=organizer())


def test_unit_unknown_action_is_404(organizer_client):
    unit = UnitFactory()
    assert organizer_client.post(f"/units/{unit.pk}/explode/").status_code == 404
    assert organizer_client.get("/units/999999/edit/").status_code == 404


def test_units_sort_as_a_vietnamese_list_everywhere(client):
    """Đ sorts among the D's (the databases' byte order put it after Z), in the list and in every choice of unit."""
    for name in ["Văn phòng Sở", "Đảng ủy Sở", "Chi đoàn Sở", "Ban Giám đốc Sở", "Phòng Tổ chức cán bộ", "Dân vận"]:
        UnitFactory(name=name)
    expected = ["Ban Giám đốc Sở", "Chi đoàn Sở", "Dân vận", "Đảng ủy Sở", "Phòng Tổ chức cán bộ", "Văn phòng Sở"]
    assert list(Unit.objects.values_list("name", flat=True)) == expected
    renamed = Unit.objects.get(name="Dân vận")
    renamed.name = "Ấn phẩm"
    renamed.save(update_fields=["name"])
    assert Unit.objects.first().name == "Ấn phẩm"
    client.force_login(organizer())
    html = client.get("/units/").content.decode()
    positions = [
        html.index(name) for name in ["Ấn phẩm", "Ban Giám đốc Sở", "Chi đoàn Sở", "Đảng ủy Sở", "Văn phòng Sở"]
    ]
    assert positions == sorted(positions)


# --- liaisons --------------------------------------------------------------------------------------------------------


def test_unit_liaisons_page_appoints_lists_and_records_who(organizer_client):
    unit = UnitFactory(name="Văn phòng Sở")
    person = member(first_name="Nguyễn Văn", last_name="An")
    response = organizer_client.post(f"/units/{unit.pk}/liaisons/", {"user": person.pk})
    assert response.status_code == 302
    liaison = Liaison.objects.get(unit=unit)
    assert liaison.user == person and liaison.appointed_by.username == "organizer_user"
    assert liaison.history.count() == 1
    page = organizer_client.get("/units/").content.decode()
    assert "Nguyễn Văn An" in page


def test_unit_liaisons_page_refuses_a_second_appointment_and_an_inactive_unit(organizer_client):
    unit = UnitFactory()
    person = member()
    services.liaison_appoint(unit=unit, user=person, by=None)
    response = organizer_client.post(f"/units/{unit.pk}/liaisons/", {"user": person.pk})
    assert response.status_code == 400 and Liaison.objects.count() == 1
    closed = UnitFactory(is_active=False)
    response = organizer_client.post(f"/units/{closed.pk}/liaisons/", {"user": person.pk})
    assert response.status_code == 400 and not Liaison.objects.filter(unit=closed).exists()


def test_liaison_remove_asks_then_ends_the_appointment(organizer_client):
    unit = UnitFactory()
    liaison = services.liaison_appoint(unit=unit, user=member(), by=None)
    url = f"/units/{unit.pk}/liaisons/{liaison.pk}/remove/"
    assert organizer_client.get(url).status_code == 200 and Liaison.objects.exists()
    assert organizer_client.post(url).status_code == 302
    assert not Liaison.objects.exists()
    assert Liaison.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize("size", [1, 30])
def test_unit_liaisons_page_query_count_constant(client, django_assert_num_queries, size):
    unit = UnitFactory()
    for _ in range(size):
        services.liaison_appoint(unit=unit, user=member(), by=None)
    client.force_login(organizer())
    with django_assert_num_queries(6):
        assert client.get(f"/units/{unit.pk}/liaisons/").status_code == 200
