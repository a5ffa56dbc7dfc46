"""The registry's pages as people use them: the list with its filters, search and export, registering, the
initiative's page, progress with photos and evidence, the lifecycle's steps, and the links from other pages."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from initiatives import services
from initiatives.models import Initiative, InitiativePhoto, InitiativeUpdate
from tests.factories import (
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    InitiativeFactory,
    InitiativeUpdateFactory,
    UnitFactory,
    member,
)
from tests.initiatives.conftest import png, ten_megabyte_photo

pytestmark = pytest.mark.django_db


def form_data(unit, **overrides):
    data = {
        "name": "Đội hình thanh niên hướng dẫn dịch vụ công trực tuyến",
        "kind": "project",
        "unit": unit.pk,
        "person_in_charge_name": "Vũ Quốc Khánh",
        "member_count": "12",
        "content": "Hướng dẫn người dân nộp hồ sơ trực tuyến.",
        "expected_result": "500 lượt người dân được hướng dẫn.",
        "place": "Bộ phận Một cửa",
        "starts_on": "2026-04-01",
        "ends_on": "2026-10-31",
        "budget": "5000000",
        "budget_source": "Kinh phí Chi đoàn",
    }
    return {**data, **overrides}


# --- the list ---------------------------------------------------------------------------------------------------------


def test_public_list_shows_initiatives_but_not_cancelled_ones(client, initiative, people):
    InitiativeFactory(unit=people["branch"], name="Công trình đã hủy", status=Initiative.Status.CANCELLED)
    response = client.get(reverse("initiatives:list"))
    body = response.content.decode()
    assert "Số hóa tài liệu" in body and "Chi đoàn Sở Nội vụ" in body and "Vũ Quốc Khánh" in body
    assert "Công trình đã hủy" not in body
    client.force_login(people["branch_member"])
    assert "Công trình đã hủy" in client.get(reverse("initiatives:list")).content.decode()


def test_list_filters_by_year_unit_and_status(client, people):
    InitiativeFactory(
        unit=people["branch"], name="Năm 2024", starts_on=dt.date(2024, 3, 1), ends_on=dt.date(2024, 6, 1)
    )
    InitiativeFactory(unit=people["other_unit"], name="Của Văn phòng", status=Initiative.Status.IN_PROGRESS)
    InitiativeFactory(unit=people["branch"], name="Đang đăng ký")

    def names(**query):
        response = client.get(reverse("initiatives:list"), query)
        return {initiative.name for initiative in response.context["initiatives"]}

    assert names(year="2024") == {"Năm 2024"}
    assert names(unit=people["other_unit"].pk) == {"Của Văn phòng"}
    assert names(status="registered") == {"Năm 2024", "Đang đăng ký"}
    assert names(status="bogus") == {"Năm 2024", "Của Văn phòng", "Đang đăng ký"}  # junk: the whole list


@pytest.mark.parametrize("query", ["so hoa tai lieu", "SỐ HÓA", "Số hóa", "khanh", "mot cua"])
def test_search_folds_accents_and_case(client, people, query):
    InitiativeFactory(unit=people["branch"], name="Số hóa tài liệu lưu trữ", place="Bộ phận Một cửa")
    InitiativeFactory(
        unit=people["branch"],
        name="Tuyên truyền an toàn thông tin",
        content="Buổi nói chuyện chuyên đề về bảo mật.",
        place="Hội trường",
        expected_result="100 đoàn viên tham dự.",
        person_in_charge_name="Lê Văn B",
    )
    response = client.get(reverse("initiatives:list"), {"q": query})
    assert [i.name for i in response.context["initiatives"]] == ["Số hóa tài liệu lưu trữ"]


def test_list_is_paginated(client, people):
    for n in range(25):
        InitiativeFactory(unit=people["branch"], name=f"Công trình {n}")
    first = client.get(reverse("initiatives:list"))
    assert len(first.context["initiatives"]) == 20
    assert len(client.get(reverse("initiatives:list"), {"page": 2}).context["initiatives"]) == 5


@pytest.mark.parametrize("size", [1, 30])
def test_list_query_count_constant_for_anonymous(client, people, django_assert_num_queries, size):
    for n in range(size):
        InitiativeFactory(unit=people["branch"], person_in_charge=people["branch_member"], name=f"Công trình {n}")
    with django_assert_num_queries(4):
        response = client.get(reverse("initiatives:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 30])
def test_list_query_count_constant_for_a_member(client, people, django_assert_num_queries, size):
    for n in range(size):
        unit = people["branch"] if n % 2 else UnitFactory()
        InitiativeFactory(unit=unit, person_in_charge=people["branch_member"], name=f"Công trình {n}")
    client.force_login(people["branch_member"])
    with django_assert_num_queries(9):
        response = client.get(reverse("initiatives:list"), {"status": "registered"})
    assert response.status_code == 200


def test_export_xlsx_reads_back_with_the_lists_filters(client, people):
    conference = ConferenceFactory(title="Hội nghị đối thoại năm 2026")
    directive = DirectiveFactory(conclusion=ConclusionFactory(conference=conference), order=2, content="Kế hoạch")
    shown = InitiativeFactory(
        unit=people["branch"], name="=Số hóa", budget=5_000_000, conference=conference, member_count=8
    )
    shown.directives.set([directive])
    InitiativeFactory(unit=people["other_unit"], name="Của Văn phòng")
    client.force_login(people["other_member"])
    response = client.get(reverse("initiatives:export_xlsx"), {"unit": people["branch"].pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("STT", "Tên", "Loại", "Chi đoàn, đơn vị")
    assert len(rows) == 2
    row = rows[1]
    assert row[1] == "'=Số hóa"  # never a formula
    assert row[3] == "Chi đoàn Sở Nội vụ" and row[4] == "Vũ Quốc Khánh" and row[5] == 8 and row[11] == 5_000_000
    assert row[18] == "Hội nghị đối thoại năm 2026"
    assert "2. Kế hoạch" in row[19]


def test_export_is_for_signed_in_users(client, initiative):
    response = client.get(reverse("initiatives:export_xlsx"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- the initiative's page --------------------------------------------------------------------------------------------


def test_public_page_names_no_member_taking_part(client, initiative, people):
    initiative.members.set([people["branch_member"]])
    initiative.member_count = 12
    initiative.save()
    body = client.get(initiative.get_absolute_url()).content.decode()
    assert "Vũ Quốc Khánh" in body and "12 đoàn viên" in body
    assert people["branch_member"].get_full_name() not in body
    client.force_login(people["other_member"])
    assert people["branch_member"].get_full_name() in client.get(initiative.get_absolute_url()).content.decode()


def test_cancelled_initiative_is_a_404_for_others(client, initiative, people):
    services.initiative_cancel(initiative=initiative, by=people["organizer"], reason="Không còn phù hợp.")
    assert client.get(initiative.get_absolute_url()).status_code == 404
    client.force_login(people["other_member"])
    assert client.get(initiative.get_absolute_url()).status_code == 404
    client.force_login(people["liaison"])
    assert "Không còn phù hợp." in client.get(initiative.get_absolute_url()).content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_detail_query_count_constant(client, initiative, people, django_assert_num_queries, size):
    conference = ConferenceFactory()
    initiative.conference = conference
    initiative.save()
    initiative.directives.set([DirectiveFactory(conclusion=ConclusionFactory(conference=conference))])
    initiative.members.set([member() for _ in range(size)])
    for n in range(size):
        update = InitiativeUpdateFactory(initiative=initiative, author=people["liaison"], note=f"Cập nhật {n}")
        InitiativePhoto.objects.create(update=update, image=png(f"anh-{n}.png"))
    client.force_login(people["branch_member"])
    with django_assert_num_queries(10):
        response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["updates"]) == size


def test_page_offers_the_branch_its_steps_and_organizers_the_recognition(client, initiative, people):
    client.force_login(people["branch_member"])
    body = client.get(initiative.get_absolute_url()).content.decode()
    assert reverse("initiatives:step", args=[initiative.pk, "start"]) in body
    assert reverse("initiatives:edit", args=[initiative.pk]) in body
    client.force_login(people["other_member"])
    body = client.get(initiative.get_absolute_url()).content.decode()
    assert reverse("initiatives:edit", args=[initiative.pk]) not in body and 'id="update"' not in body
    initiative.status, initiative.completed_on = Initiative.Status.COMPLETED, dt.date(2026, 5, 1)
    initiative.save()
    client.force_login(people["organizer"])
    assert (
        reverse("initiatives:step", args=[initiative.pk, "recognise"])
        in client.get(initiative.get_absolute_url()).content.decode()
    )


# --- registering and editing -----------------------------------------------------------------------------------------


def test_member_registers_through_the_form(client, people):
    client.force_login(people["branch_member"])
    form = client.get(reverse("initiatives:create")).context["form"]
    assert list(form.fields["unit"].queryset) == [people["branch"]]
    response = client.post(reverse("initiatives:create"), form_data(people["branch"]))
    initiative = Initiative.objects.get()
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.registered_by == people["branch_member"] and initiative.budget == 5_000_000


def test_form_errors_are_clear_and_translated(client, people):
    client.force_login(people["branch_member"])
    response = client.post(
        reverse("initiatives:create"),
        form_data(people["branch"], starts_on="2026-05-01", ends_on="2026-04-01", budget="-5000"),
    )
    body = response.content.decode()
    assert "Kinh phí không được là số âm." in body
    assert not Initiative.objects.exists()
    response = client.post(
        reverse("initiatives:create"), form_data(people["branch"], starts_on="2026-05-01", ends_on="2026-04-01")
    )
    assert "Công trình không thể kết thúc trước khi bắt đầu." in response.content.decode()
    assert not Initiative.objects.exists()


def test_member_cannot_pick_another_unit_in_a_forged_post(client, people):
    client.force_login(people["branch_member"])
    response = client.post(reverse("initiatives:create"), form_data(people["other_unit"]))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Initiative.objects.exists()


def test_edit_form_refuses_a_stale_save(client, initiative, people):
    client.force_login(people["liaison"])
    version = initiative.version
    data = form_data(people["branch"], version=str(version))
    assert client.post(reverse("initiatives:edit", args=[initiative.pk]), data).status_code == 302
    response = client.post(reverse("initiatives:edit", args=[initiative.pk]), {**data, "name": "Tên khác"})
    assert response.status_code == 409
    initiative.refresh_from_db()
    assert initiative.name == data["name"]


# --- progress and steps ----------------------------------------------------------------------------------------------


def test_progress_with_photos_and_evidence_through_the_page(client, initiative, people, settings):
    client.force_login(people["liaison"])
    response = client.post(
        reverse("initiatives:update", args=[initiative.pk]),
        {
            "note": "Đã số hóa 5.000 trang.",
            "photos": [png("Ảnh 1.png"), png("anh2.jpg", fmt="JPEG")],
            "evidence": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    update = InitiativeUpdate.objects.get()
    assert update.photos.count() == 2
    body = client.get(initiative.get_absolute_url()).content.decode()
    assert "Đã số hóa 5.000 trang." in body and update.photos.first().image.url in body
    download = client.get(reverse("initiatives:evidence", args=[update.pk]))
    assert download["Content-Disposition"].startswith("attachment") and b"".join(download.streaming_content)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (ten_megabyte_photo, "Ảnh có dung lượng 10,0\xa0MB; mỗi ảnh tối đa 8,0\xa0MB."),
        (lambda: SimpleUploadedFile("tai-lieu.exe", b"MZ\x90", content_type="image/png"), "Chỉ tải lên được ảnh"),
        (lambda: SimpleUploadedFile("gia.png", b"not a picture", content_type="image/png"), "không phải là ảnh"),
    ],
    ids=["10MB", "wrong-type", "not-a-picture"],
)
def test_bad_photos_are_refused_with_a_clear_message(client, initiative, people, settings, upload, message):
    settings.PHOTO_MAX_BYTES = 8 * 1024 * 1024
    client.force_login(people["branch_member"])
    response = client.post(
        reverse("initiatives:update", args=[initiative.pk]), {"note": "Ảnh buổi ra quân", "photos": [png(), upload()]}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InitiativeUpdate.objects.exists() and not InitiativePhoto.objects.exists()


def test_evidence_of_the_wrong_type_is_refused_on_the_page(client, initiative, people):
    client.force_login(people["branch_member"])
    response = client.post(
        reverse("initiatives:update", args=[initiative.pk]),
        {"note": "Báo cáo", "evidence": SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")},
    )
    assert response.status_code == 400 and "đính kèm tệp PDF" in response.content.decode()
    assert not InitiativeUpdate.objects.exists()


def test_steps_through_the_pages(client, initiative, people):
    client.force_login(people["branch_member"])
    assert client.post(reverse("initiatives:step", args=[initiative.pk, "start"])).status_code == 302
    response = client.post(reverse("initiatives:step", args=[initiative.pk, "complete"]), {"result": ""})
    assert response.status_code == 400
    client.post(
        reverse("initiatives:step", args=[initiative.pk, "complete"]),
        {"result": "Đã số hóa 20.000 trang.", "completed_on": "2026-05-30"},
    )
    assert client.get(reverse("initiatives:step", args=[initiative.pk, "recognise"])).status_code == 403
    client.force_login(people["organizer"])
    response = client.post(
        reverse("initiatives:step", args=[initiative.pk, "recognise"]),
        {"level": "branch", "decision_number": "15-QĐ/CĐ", "decision_date": "2026-06-01"},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.RECOGNISED and initiative.decision_number == "15-QĐ/CĐ"
    body = client.get(initiative.get_absolute_url()).content.decode()
    assert "15-QĐ/CĐ" in body and "01/06/2026" in body
    # A second click on an old page says why, and changes nothing.
    response = client.post(
        reverse("initiatives:step", args=[initiative.pk, "recognise"]),
        {"level": "branch", "decision_number": "16-QĐ/CĐ", "decision_date": "2026-06-01"},
    )
    assert response.status_code == 400 and "không còn thực hiện được" in response.content.decode()


def test_unknown_step_is_a_404(client, initiative, people):
    client.force_login(people["organizer"])
    assert client.get(reverse("initiatives:step", args=[initiative.pk, "delete"])).status_code == 404


# --- links from other pages ------------------------------------------------------------------------------------------


def test_conference_directive_and_home_pages_link_the_initiative(client, initiative, people):
    conference = ConferenceFactory(title="Hội nghị đối thoại năm 2026")
    directive = DirectiveFactory(conclusion=ConclusionFactory(conference=conference), content="Kế hoạch hành động")
    initiative.conference = conference
    initiative.save()
    initiative.directives.set([directive])
    url = initiative.get_absolute_url()
    assert url in client.get(conference.get_absolute_url()).content.decode()
    assert url in client.get(reverse("home")).content.decode()
    page = client.get(url).content.decode()
    assert conference.get_absolute_url() in page and "Kế hoạch hành động" in page
    client.force_login(people["other_member"])
    assert url in client.get(reverse("followup:directive", args=[directive.pk])).content.decode()


def test_the_footer_and_the_user_menu_link_the_registry(client, people):
    client.force_login(people["other_member"])
    assert client.get(reverse("home")).content.decode().count(f'href="{reverse("initiatives:list")}"') >= 3
