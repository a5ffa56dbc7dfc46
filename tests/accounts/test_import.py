import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts import services
from accounts.importing import check_rows, read_member_file, split_full_name
from core import roles
from tests.factories import UnitFactory, UserFactory, organizer

pytestmark = pytest.mark.django_db

User = get_user_model()
HEADER = ["username", "full name", "email", "unit", "position", "phone"]


def _csv(rows, header=HEADER, name="members.csv", delimiter=","):
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return SimpleUploadedFile(name, ("\ufeff" + "\n".join(lines)).encode("utf-8"), content_type="text/csv")


def _xlsx(rows, header=HEADER, name="members.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def units():
    return UnitFactory(name="Phòng Công chức, viên chức", short_name="CCVC"), UnitFactory(
        name="Văn phòng Sở", short_name="VP"
    )


GOOD = [
    ["nguyenvana", "Nguyễn Văn A", "a@example.org", "CCVC", "Chuyên viên", "0912345678"],
    ["tranthib", "Trần Thị B", "b@example.org", "văn phòng sở", "Văn thư", ""],
]


def test_read_good_csv_and_xlsx_give_the_same_rows(units):
    for uploaded in (_csv(GOOD), _xlsx([[*row[:5], 912345678 if row[5] else None] for row in GOOD])):
        rows = check_rows(read_member_file(uploaded))
        assert [row.errors for row in rows] == [[], []]
        assert [row.unit_id for row in rows] == [units[0].pk, units[1].pk]
        assert rows[0].full_name == "Nguyễn Văn A"


def test_read_csv_with_semicolons_and_vietnamese_headers(units):
    header = ["Tên đăng nhập", "Họ và tên", "Email", "Đơn vị", "Chức vụ", "Điện thoại"]
    rows = check_rows(read_member_file(_csv(GOOD, header=header, delimiter=";")))
    assert [row.username for row in rows] == ["nguyenvana", "tranthib"]
    assert not any(row.errors for row in rows)


def test_check_rows_reports_an_error_per_bad_row(english, units):
    UserFactory(username="taken", email="taken@example.org")
    rows = check_rows(
        read_member_file(
            _csv(
                [
                    ["ok", "Người Tốt", "ok@example.org", "VP", "", ""],
                    ["taken", "Trùng tên", "x1@example.org", "VP", "", ""],
                    ["x2", "Trùng thư", "TAKEN@example.org", "VP", "", ""],
                    ["ok", "Trùng trong tệp", "x3@example.org", "VP", "", ""],
                    ["x4", "Thư trùng trong tệp", "ok@example.org", "VP", "", ""],
                    ["x5", "Đơn vị lạ", "x5@example.org", "Phòng Không Có", "", ""],
                    ["", "", "x6@example.org", "VP", "", ""],
                    ["x7", "Thư sai", "khong-phai-thu", "VP", "", ""],
                    ["x 8", "Tên có dấu cách", "x8@example.org", "VP", "", "abc"],
                ]
            )
        )
    )
    errors = {row.line: " ".join(row.errors) for row in rows}
    assert errors[2] == ""
    assert "already taken" in errors[3]
    assert "already uses the e-mail" in errors[4]
    assert "already on line 2" in errors[5]
    assert "already on line 2" in errors[6]
    assert "no unit called Phòng Không Có" in errors[7]
    assert "username is missing" in errors[8] and "full name is missing" in errors[8]
    assert "not a valid e-mail" in errors[9]
    assert "may contain only" in errors[10] and "not a phone number" in errors[10]


@pytest.mark.parametrize(
    ("uploaded", "message"),
    [
        (SimpleUploadedFile("a.txt", b"username"), "Upload a .csv or .xlsx file."),
        (SimpleUploadedFile("a.csv", b""), "The file is empty."),
        (SimpleUploadedFile("a.csv", "tên,khác\nx,y".encode()), "must name the columns"),
        (SimpleUploadedFile("a.csv", b"username,full name,email,unit"), "no member"),
        (SimpleUploadedFile("a.csv", "username,đơn".encode("cp1258")), "not in UTF-8"),
        (SimpleUploadedFile("a.xlsx", b"PK\x03\x04 not really a workbook"), "could not be read"),
        (SimpleUploadedFile("a.csv", b"x" * (1024 * 1024 + 1)), "larger than 1 MB"),
    ],
)
def test_read_unusable_file_is_refused_with_a_clear_message(english, uploaded, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        read_member_file(uploaded)
    assert message in " ".join(error.value.messages)


def test_read_too_many_rows_is_refused(english, units):
    from django.core.exceptions import ValidationError

    rows = [[f"u{i}", "Tên", f"u{i}@example.org", "VP", "", ""] for i in range(1001)]
    with pytest.raises(ValidationError) as error:
        read_member_file(_csv(rows))
    assert "at most 1000" in " ".join(error.value.messages)


def test_split_full_name_vietnamese_order():
    assert split_full_name("Nguyễn Văn An") == ("Nguyễn Văn", "An")
    assert split_full_name("An") == ("An", "")


def test_member_import_leaves_out_a_row_taken_since_the_preview(units, django_capture_on_commit_callbacks):
    rows = check_rows(read_member_file(_csv(GOOD)))
    UserFactory(username="tranthib", email="other@example.org")  # taken between the preview and the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        created, skipped = services.member_import(rows=rows, base_url="http://portal.test")
    assert [user.username for user in created] == ["nguyenvana"]
    assert [row.line for row in skipped] == [3]
    assert User.objects.get(username="nguyenvana").profile.unit == units[0]
    assert [message.to for message in mail.outbox] == [["a@example.org"]]


def test_member_import_with_no_good_row_saves_nothing(units, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    rows = check_rows(read_member_file(_csv(GOOD[:1])))
    UserFactory(username="nguyenvana")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.member_import(rows=rows, base_url="http://portal.test")
    assert mail.outbox == []


def test_import_pages_preview_then_create_in_one_go(client, english, units, django_capture_on_commit_callbacks):
    client.force_login(organizer())
    response = client.post("/accounts/members/import/", {"file": _xlsx(GOOD)})
    content = response.content.decode()
    assert "2 members are ready to be created. Nothing has been saved yet." in content
    assert not User.objects.filter(username="nguyenvana").exists()
    token = response.context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/members/import/confirm/", {"token": token}, follow=True)
    assert "2 member accounts created" in response.content.decode()
    created = User.objects.filter(username__in=["nguyenvana", "tranthib"])
    assert created.count() == 2
    assert all(list(user.groups.values_list("name", flat=True)) == [roles.MEMBER] for user in created)
    assert User.objects.get(username="nguyenvana").profile.unit == units[0]
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all("/accounts/reset/" in message.body for message in mail.outbox)
    # the same preview cannot be confirmed twice
    response = client.post("/accounts/members/import/confirm/", {"token": token}, follow=True)
    assert "This preview has expired" in response.content.decode()
    assert User.objects.filter(username__in=["nguyenvana", "tranthib"]).count() == 2


def test_import_page_reports_each_bad_row_and_imports_the_good_ones(
    client, english, units, django_capture_on_commit_callbacks
):
    client.force_login(organizer())
    bad = [*GOOD, ["nguyenvana", "Trùng", "c@example.org", "Không có", "", ""], ["x y", "", "bad", "VP", "", "12"]]
    response = client.post("/accounts/members/import/", {"file": _csv(bad)})
    content = response.content.decode()
    assert "2 rows have problems and will not be imported" in content
    assert "You can import the 2 rows that are right now" in content
    assert "Line 4:" in content and "already on line 2" in content and "no unit called Không có" in content
    assert "Line 5:" in content and "The full name is missing." in content and "12 is not a phone number." in content
    assert "Create 2 accounts" in content
    assert not User.objects.filter(username__in=["nguyenvana", "tranthib"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/members/import/confirm/", {"token": response.context["token"]}, follow=True)
    assert "2 member accounts created" in response.content.decode()
    assert set(User.objects.filter(email__endswith="@example.org").values_list("username", flat=True)) >= {
        "nguyenvana",
        "tranthib",
    }
    assert not User.objects.filter(email="c@example.org").exists()


def test_import_page_with_only_bad_rows_has_no_confirm_button(client, english, units):
    client.force_login(organizer())
    response = client.post("/accounts/members/import/", {"file": _csv([["a", "", "a@example.org", "?", "", ""]])})
    content = response.content.decode()
    assert "1 row has a problem" in content and "Correct the file and upload it again." in content
    assert "/accounts/members/import/confirm/" not in content


def test_import_page_unusable_file_is_a_form_error(client, english):
    client.force_login(organizer())
    response = client.post("/accounts/members/import/", {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert "Upload a .csv or .xlsx file." in response.content.decode()


def test_import_confirm_with_wrong_token_creates_nothing(client, english, units):
    client.force_login(organizer())
    client.post("/accounts/members/import/", {"file": _csv(GOOD)})
    response = client.post("/accounts/members/import/confirm/", {"token": "forged"}, follow=True)
    assert "This preview has expired" in response.content.decode()
    assert not User.objects.filter(username="nguyenvana").exists()
