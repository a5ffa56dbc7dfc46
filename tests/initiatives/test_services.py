"""The rules of the registry, through its services: registering, editing, progress, and each step of the lifecycle."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from core.stale import StaleEditError
from initiatives import permissions, services
from initiatives.models import Initiative, InitiativePhoto, InitiativeUpdate
from tests.factories import InitiativeFactory
from tests.initiatives.conftest import png, ten_megabyte_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english(english):
    """The messages are asserted as written (the Vietnamese catalogue is tested by the view tests)."""


def details(unit, **overrides):
    values = {
        "name": "Đội hình thanh niên hướng dẫn dịch vụ công trực tuyến",
        "kind": Initiative.Kind.PROJECT,
        "unit": unit,
        "person_in_charge": None,
        "person_in_charge_name": "Vũ Quốc Khánh",
        "member_count": 12,
        "content": "Hướng dẫn người dân nộp hồ sơ trực tuyến.",
        "expected_result": "500 lượt người dân được hướng dẫn.",
        "place": "Bộ phận Một cửa",
        "starts_on": dt.date(2026, 4, 1),
        "ends_on": dt.date(2026, 10, 31),
        "budget": 5_000_000,
        "budget_source": "Kinh phí Chi đoàn",
        "conference": None,
    }
    return {**values, **overrides}


def test_branch_member_registers_an_initiative_for_the_branch(people):
    initiative = services.initiative_register(
        by=people["branch_member"], details=details(people["branch"]), members=[people["liaison"]]
    )

    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REGISTERED
    assert initiative.registered_by == people["branch_member"]
    assert list(initiative.members.all()) == [people["liaison"]]
    assert initiative.history.count() == 1


def test_liaison_registers_for_the_unit_he_is_liaison_of(people):
    initiative = services.initiative_register(by=people["liaison"], details=details(people["branch"]))
    assert initiative.unit == people["branch"]


def test_member_cannot_register_for_another_unit(people):
    with pytest.raises(ValidationError) as error:
        services.initiative_register(by=people["other_member"], details=details(people["branch"]))
    assert "unit" in error.value.message_dict
    assert not Initiative.objects.exists()


def test_member_without_unit_cannot_register(people):
    with pytest.raises(PermissionDenied):
        services.initiative_register(by=people["no_unit"], details=details(people["branch"]))


def test_organizer_registers_for_any_unit(people):
    initiative = services.initiative_register(by=people["organizer"], details=details(people["other_unit"]))
    assert initiative.unit == people["other_unit"]


def test_end_before_start_is_refused_and_nothing_saved(people):
    with pytest.raises(ValidationError) as error:
        services.initiative_register(
            by=people["branch_member"],
            details=details(people["branch"], starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 4, 30)),
        )
    assert error.value.message_dict["ends_on"] == ["The initiative cannot end before it starts."]
    assert not Initiative.objects.exists()


def test_negative_budget_is_refused(people):
    with pytest.raises(ValidationError) as error:
        services.initiative_register(by=people["branch_member"], details=details(people["branch"], budget=-1))
    assert "budget" in error.value.message_dict
    assert not Initiative.objects.exists()


def test_the_database_refuses_what_the_services_refuse(people):
    initiative = InitiativeFactory(unit=people["branch"])
    for change in ({"ends_on": initiative.starts_on - dt.timedelta(days=1)}, {"status": "recognised"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Initiative.objects.filter(pk=initiative.pk).update(**change)


def test_person_in_charge_is_needed(people):
    with pytest.raises(ValidationError) as error:
        services.initiative_register(
            by=people["branch_member"], details=details(people["branch"], person_in_charge_name="  ")
        )
    assert "person_in_charge_name" in error.value.message_dict


def test_person_in_charge_may_be_a_user_without_a_typed_name(people):
    initiative = services.initiative_register(
        by=people["branch_member"],
        details=details(people["branch"], person_in_charge=people["liaison"], person_in_charge_name=""),
    )
    assert initiative.person_in_charge_label == people["liaison"].get_full_name()


def test_text_is_stored_nfc(people):
    import unicodedata

    name = unicodedata.normalize("NFD", "Số hóa tài liệu")
    initiative = services.initiative_register(by=people["branch_member"], details=details(people["branch"], name=name))
    assert initiative.name == unicodedata.normalize("NFC", name)
    assert "so hoa tai lieu" in initiative.search_text


def test_edit_by_the_branch_keeps_history_and_refuses_a_stale_form(initiative, people):
    version = initiative.version
    services.initiative_edit(
        initiative=initiative,
        by=people["liaison"],
        details=details(people["branch"], name="Tên mới"),
        version=version,
    )
    initiative.refresh_from_db()
    assert initiative.name == "Tên mới" and initiative.version == version + 1
    assert initiative.history.count() == 2
    with pytest.raises(StaleEditError):
        services.initiative_edit(
            initiative=initiative, by=people["liaison"], details=details(people["branch"]), version=version
        )
    initiative.refresh_from_db()
    assert initiative.name == "Tên mới"


def test_another_units_member_cannot_edit(initiative, people):
    with pytest.raises(PermissionDenied):
        services.initiative_edit(initiative=initiative, by=people["other_member"], details=details(people["branch"]))


def test_member_cannot_move_an_initiative_to_another_unit(initiative, people):
    with pytest.raises(ValidationError) as error:
        services.initiative_edit(
            initiative=initiative, by=people["branch_member"], details=details(people["other_unit"])
        )
    assert "unit" in error.value.message_dict
    initiative.refresh_from_db()
    assert initiative.unit == people["branch"]


# --- the lifecycle ---------------------------------------------------------------------------------------------------


def test_the_whole_lifecycle_leaves_a_step_on_the_page_and_in_the_history(initiative, people):
    services.initiative_start(initiative=initiative, by=people["branch_member"])
    services.initiative_complete(
        initiative=initiative,
        by=people["liaison"],
        result="Đã số hóa 20.000 trang.",
        completed_on=dt.date(2026, 5, 30),
    )
    services.initiative_recognise(
        initiative=initiative,
        by=people["organizer"],
        level=Initiative.Level.HIGHER,
        decision_number="25-QĐ/ĐTN",
        decision_date=dt.date(2026, 6, 5),
    )

    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.RECOGNISED
    assert (initiative.decision_number, initiative.decision_date) == ("25-QĐ/ĐTN", dt.date(2026, 6, 5))
    steps = list(InitiativeUpdate.objects.filter(initiative=initiative).values_list("previous_status", "status"))
    assert steps == [("registered", "in_progress"), ("in_progress", "completed"), ("completed", "recognised")]
    assert list(initiative.history.order_by("history_id").values_list("status", flat=True)) == [
        "registered",
        "in_progress",
        "completed",
        "recognised",
    ]


def test_only_organizers_record_recognition(initiative, people):
    initiative.status = Initiative.Status.COMPLETED
    initiative.completed_on = dt.date(2026, 5, 1)
    initiative.save()
    for who in ("branch_member", "liaison", "leader"):
        with pytest.raises(PermissionDenied):
            services.initiative_recognise(
                initiative=initiative,
                by=people[who],
                level="branch",
                decision_number="1-QĐ",
                decision_date=dt.date(2026, 5, 2),
            )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.COMPLETED


def test_recognition_needs_a_decision_number_and_a_sensible_date(initiative, people):
    initiative.status = Initiative.Status.COMPLETED
    initiative.completed_on = dt.date(2026, 5, 1)
    initiative.save()
    with pytest.raises(ValidationError) as error:
        services.initiative_recognise(
            initiative=initiative, by=people["organizer"], level="x", decision_number=" ", decision_date=None
        )
    assert set(error.value.message_dict) == {"level", "decision_number", "decision_date"}
    with pytest.raises(ValidationError) as error:
        services.initiative_recognise(
            initiative=initiative,
            by=people["organizer"],
            level="branch",
            decision_number="1-QĐ",
            decision_date=dt.date(2026, 4, 1),
        )
    assert "decision_date" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.initiative_recognise(
            initiative=initiative,
            by=people["organizer"],
            level="branch",
            decision_number="1-QĐ",
            decision_date=timezone.localdate() + dt.timedelta(days=1),
        )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.COMPLETED and not InitiativeUpdate.objects.exists()


def test_steps_out_of_order_are_refused_with_a_message(initiative, people):
    with pytest.raises(ValidationError) as error:
        services.initiative_complete(
            initiative=initiative, by=people["branch_member"], result="Xong", completed_on=dt.date(2026, 4, 1)
        )
    assert "no longer possible" in error.value.messages[0]
    services.initiative_start(initiative=initiative, by=people["branch_member"])
    with pytest.raises(ValidationError):
        services.initiative_start(initiative=initiative, by=people["branch_member"])
    assert InitiativeUpdate.objects.count() == 1


def test_completion_needs_a_result_and_a_date_within_the_initiative(initiative, people):
    services.initiative_start(initiative=initiative, by=people["branch_member"])
    with pytest.raises(ValidationError) as error:
        services.initiative_complete(initiative=initiative, by=people["branch_member"], result="", completed_on=None)
    assert set(error.value.message_dict) == {"result", "completed_on"}
    with pytest.raises(ValidationError) as error:
        services.initiative_complete(
            initiative=initiative, by=people["branch_member"], result="Xong", completed_on=dt.date(2026, 2, 1)
        )
    assert error.value.message_dict["completed_on"] == ["The initiative cannot be completed before it starts."]


def test_cancel_needs_a_reason_and_hides_it_from_the_public(initiative, people):
    with pytest.raises(ValidationError):
        services.initiative_cancel(initiative=initiative, by=people["liaison"], reason=" ")
    services.initiative_cancel(initiative=initiative, by=people["liaison"], reason="Trùng với kế hoạch của Sở.")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.CANCELLED
    assert initiative.cancellation_reason == "Trùng với kế hoạch của Sở."
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.initiatives_readable_by(AnonymousUser()).exists()
    assert not permissions.initiatives_readable_by(people["other_member"]).exists()
    assert permissions.initiatives_readable_by(people["branch_member"]).exists()
    # Once cancelled, the branch no longer edits it or posts on it.
    assert not permissions.can_work_on(people["branch_member"], initiative)
    assert permissions.can_work_on(people["organizer"], initiative)


def test_another_units_member_takes_no_step(initiative, people):
    for step in (services.initiative_start, services.initiative_cancel):
        kwargs = {"reason": "Không"} if step is services.initiative_cancel else {}
        with pytest.raises(PermissionDenied):
            step(initiative=initiative, by=people["other_member"], **kwargs)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REGISTERED


# --- progress updates ------------------------------------------------------------------------------------------------


def test_progress_update_with_photos_and_evidence(initiative, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence = SimpleUploadedFile("Báo cáo kết quả.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    update = services.initiative_post_update(
        initiative=initiative,
        author=people["branch_member"],
        note="Đã số hóa 5.000 trang.",
        photos=[png("a.png"), png("b.png")],
        evidence=evidence,
    )
    assert update.photos.count() == 2
    assert update.evidence.name.startswith("initiatives/evidence/") and update.evidence_name == "Báo cáo kết quả.pdf"
    assert not update.is_transition


def test_an_empty_update_is_refused(initiative, people):
    with pytest.raises(ValidationError) as error:
        services.initiative_post_update(initiative=initiative, author=people["branch_member"], note="  ")
    assert "note" in error.value.message_dict


@override_settings(PHOTO_MAX_BYTES=8 * 1024 * 1024)
def test_a_ten_megabyte_photo_is_refused_and_nothing_saved(initiative, people):
    with pytest.raises(ValidationError) as error:
        services.initiative_post_update(
            initiative=initiative, author=people["branch_member"], note="Ảnh", photos=[png(), ten_megabyte_photo()]
        )
    assert error.value.message_dict["photos"][0] == "The photo is 10.0\xa0MB; a photo may be at most 8.0\xa0MB."
    assert not InitiativeUpdate.objects.exists() and not InitiativePhoto.objects.exists()


def test_evidence_of_the_wrong_type_is_refused(initiative, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as error:
        services.initiative_post_update(
            initiative=initiative,
            author=people["branch_member"],
            evidence=SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream"),
        )
    assert "evidence" in error.value.message_dict
    assert not InitiativeUpdate.objects.exists()


def test_other_units_member_cannot_post_progress(initiative, people):
    with pytest.raises(PermissionDenied):
        services.initiative_post_update(initiative=initiative, author=people["other_member"], note="Xin chào")
