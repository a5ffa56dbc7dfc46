"""Spreadsheet exports of a conference's concerns and of the directives board: parsed back, counted against the pages,
anonymity per role, filters, formula injection and the number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from conferences.models import Participant
from questions.models import Answer, Directive, Question, Topic
from tests.core.spreadsheets import read_csv, read_xlsx, xlsx_rows
from tests.factories import (
    AnswerFactory,
    ConclusionFactory,
    ConferenceFactory,
    DirectiveFactory,
    DirectiveUpdateFactory,
    ParticipantFactory,
    QuestionFactory,
    TopicFactory,
    UnitFactory,
    admin,
    leader,
    member,
    organizer,
)

pytestmark = pytest.mark.django_db

ANONYMOUS = "Ẩn danh"


def export(client, conference, fmt, query=""):
    return client.get(f"/conferences/{conference.slug}/questions/export.{fmt}{query}")


@pytest.fixture
def world():
    unit = UnitFactory(name="Văn phòng Sở")
    conference = ConferenceFactory(title="Hội nghị đối thoại năm 2026")
    author = member(first_name="Thị B", last_name="Trần")
    topic = Topic.objects.get_or_create(name="Chuyển đổi số", defaults={"slug": "chuyen-doi-so"})[0]
    approved = QuestionFactory(
        conference=conference, author=author, author_unit=unit, topic=topic, title="Máy tính cho đoàn viên"
    )
    anonymous = QuestionFactory(
        conference=conference, author=author, author_unit=unit, is_anonymous=True, title="Kiến nghị ẩn danh"
    )
    answered = QuestionFactory(
        conference=conference, status=Question.Status.ANSWERED, title="Chế độ phụ cấp", addressed_to_unit=unit
    )
    chair = ParticipantFactory(conference=conference, role=Participant.Role.CHAIR, full_name="Lê Quang Hòa")
    AnswerFactory(question=answered, responder=chair, body="Sở sẽ rà soát chế độ.", kind=Answer.Kind.AT_CONFERENCE)
    AnswerFactory(question=answered, responder=chair, body="Đã có văn bản.", is_published=False)
    hidden = [
        QuestionFactory(conference=conference, status=status, title=f"Không công khai {status}")
        for status in (Question.Status.PENDING, Question.Status.REJECTED, Question.Status.WITHDRAWN)
    ]
    return {
        "conference": conference,
        "author": author,
        "approved": approved,
        "anonymous": anonymous,
        "answered": answered,
        "hidden": hidden,
        "leader": leader(),
        "organizer": organizer(),
    }


def listed_count(client, conference, query="") -> int:
    return client.get(f"/conferences/{conference.slug}/questions/{query}").context["paginator"].count


# --- who may export ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_member_gets_403_and_anonymous_the_login_page(client, world, fmt):
    assert export(client, world["conference"], fmt)["Location"].startswith("/accounts/login/")
    client.force_login(world["author"])
    assert export(client, world["conference"], fmt).status_code == 403


def test_leader_gets_404_for_an_unpublished_conference(client, world):
    draft = ConferenceFactory(is_published=False)
    client.force_login(world["leader"])
    assert export(client, draft, "csv").status_code == 404


# --- what each viewer gets -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_leader_exports_what_the_list_shows_with_anonymity_kept(client, world, fmt):
    client.force_login(world["leader"])
    response = export(client, world["conference"], fmt)
    rows = read_csv(response) if fmt == "csv" else xlsx_rows(read_xlsx(response))
    header, body = rows[0], rows[1:]

    assert len(body) == listed_count(client, world["conference"]) == 3
    assert header[:3] == ["Mã kiến nghị", "Ngày gửi", "Tiêu đề"]
    by_title = {row[2]: dict(zip(header, row, strict=True)) for row in body}
    assert not any(title.startswith("Không công khai") for title in by_title)
    assert by_title["Kiến nghị ẩn danh"]["Người gửi"] == ANONYMOUS
    assert by_title["Kiến nghị ẩn danh"]["Đơn vị người gửi"] in ("", None)
    assert by_title["Máy tính cho đoàn viên"]["Người gửi"] == "Thị B Trần"
    assert by_title["Máy tính cho đoàn viên"]["Đơn vị người gửi"] == "Văn phòng Sở"
    answered = by_title["Chế độ phụ cấp"]
    assert answered["Trả lời"] == "Sở sẽ rà soát chế độ."  # the unpublished answer stays out
    assert answered["Người trả lời"] == "Lê Quang Hòa"
    assert answered["Gửi đến"] == "Văn phòng Sở"
    assert answered["Trạng thái"] == "Đã trả lời"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_organizer_exports_every_concern_received_with_every_name(client, world, fmt):
    client.force_login(world["organizer"])
    response = export(client, world["conference"], fmt)
    rows = read_csv(response) if fmt == "csv" else xlsx_rows(read_xlsx(response))
    header, body = rows[0], rows[1:]

    assert len(body) == Question.objects.filter(conference=world["conference"]).count() == 6
    by_title = {row[2]: dict(zip(header, row, strict=True)) for row in body}
    assert by_title["Kiến nghị ẩn danh"]["Người gửi"] == "Thị B Trần"
    assert by_title["Kiến nghị ẩn danh"]["Đơn vị người gửi"] == "Văn phòng Sở"
    assert {"Không công khai pending", "Không công khai rejected", "Không công khai withdrawn"} <= set(by_title)


def test_leader_who_wrote_an_anonymous_concern_sees_his_own_name(client, world):
    author = world["leader"]
    QuestionFactory(conference=world["conference"], author=author, is_anonymous=True, title="Của lãnh đạo")
    client.force_login(author)
    rows = read_csv(export(client, world["conference"], "csv"))
    authors = {row[2]: row[7] for row in rows[1:]}
    assert authors["Của lãnh đạo"] == author.get_full_name()
    assert authors["Kiến nghị ẩn danh"] == ANONYMOUS


def test_admin_exports_like_an_organizer(client, world):
    client.force_login(admin())
    assert len(read_csv(export(client, world["conference"], "csv"))) == 1 + 6


# --- filters ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["?q=chuyen+doi+so", "?status=answered", "?q=PHU+CAP&sort=supported"])
def test_filters_are_those_of_the_list(client, world, query):
    client.force_login(world["leader"])
    rows = read_csv(export(client, world["conference"], "csv", query))
    assert len(rows) - 1 == listed_count(client, world["conference"], query) == 1


def test_organizer_filters_by_any_status(client, world):
    client.force_login(world["organizer"])
    rows = read_csv(export(client, world["conference"], "csv", "?status=pending"))
    assert [row[2] for row in rows[1:]] == ["Không công khai pending"]


@pytest.mark.parametrize("query", ["?status=pending", "?status=junk&topic=nope&unit=abc&sort=%00", "?page=999"])
def test_junk_or_forbidden_filters_give_the_unfiltered_list(client, world, query):
    client.force_login(world["leader"])
    assert len(read_csv(export(client, world["conference"], "csv", query))) - 1 == 3


# --- the files themselves ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_formula_injection_is_neutralised_in_both_formats(client, world, payload):
    question = QuestionFactory(conference=world["conference"])
    # Straight into the table: saving through the model would trim the leading tab or carriage return.
    Question.objects.filter(pk=question.pk).update(title=payload, body=payload)
    client.force_login(world["organizer"])

    csv_rows = read_csv(export(client, world["conference"], "csv"))
    sheet = read_xlsx(export(client, world["conference"], "xlsx"))

    csv_titles = [row[2] for row in csv_rows[1:]]
    assert "'" + payload in csv_titles
    cells = [row[2] for row in sheet.iter_rows(min_row=2)]

    # An XML parser may read a carriage return back as a line feed (the standard library's does, lxml's does not).
    def as_read(text):
        return text.replace("\r", "\n")

    injected = [cell for cell in cells if as_read(cell.value.lstrip("'")) == as_read(payload)]
    assert len(injected) == 1
    assert as_read(injected[0].value) == "'" + as_read(payload) and injected[0].data_type == "s"


def test_xlsx_has_real_dates_a_frozen_header_and_widths(client, world):
    client.force_login(world["organizer"])
    response = export(client, world["conference"], "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == (f'attachment; filename="kien-nghi-{world["conference"].slug}.xlsx"')
    sheet = read_xlsx(response)
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["D"].width == 60
    submitted = sheet["B2"]
    assert isinstance(submitted.value, dt.datetime)
    assert submitted.number_format == "DD/MM/YYYY"
    assert submitted.value.date() == timezone.localdate(world["approved"].submitted_at)
    assert sheet.title == "Hội nghị đối thoại năm 2026"


def test_csv_dates_read_day_first(client, world):
    client.force_login(world["organizer"])
    response = export(client, world["conference"], "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert rows[1][1] == timezone.localdate(world["approved"].submitted_at).strftime("%d/%m/%Y")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("size", [1, 30])
def test_concern_export_query_count_does_not_grow(client, django_assert_num_queries, fmt, size):
    conference = ConferenceFactory()
    chair = ParticipantFactory(conference=conference, role=Participant.Role.CHAIR)
    for _ in range(size):
        question = QuestionFactory(conference=conference, topic=TopicFactory(), author_unit=UnitFactory())
        AnswerFactory(question=question, responder=chair)
    client.force_login(organizer())
    with django_assert_num_queries(6):
        b"".join(export(client, conference, fmt).streaming_content)


def test_the_list_page_offers_the_downloads_to_leaders_only(client, world):
    url = f"/conferences/{world['conference'].slug}/questions/?q=chuyen"
    client.force_login(world["author"])
    assert "export.xlsx" not in client.get(url).content.decode()
    client.force_login(world["leader"])
    content = client.get(url + "&page=1").content.decode()
    assert f"/conferences/{world['conference'].slug}/questions/export.xlsx?q=chuyen" in content
    assert f"/conferences/{world['conference'].slug}/questions/export.csv?q=chuyen" in content


# --- the directives board ------------------------------------------------------------------------------------------


@pytest.fixture
def board():
    unit, other = UnitFactory(name="Văn phòng Sở"), UnitFactory(name="Phòng Tổ chức cán bộ")
    conference = ConferenceFactory(title="Hội nghị năm 2025")
    conclusion = ConclusionFactory(conference=conference, is_published=True)
    late = DirectiveFactory(
        conclusion=conclusion,
        lead_unit=unit,
        content="=cmd|' /C calc'!A0",
        deadline=timezone.localdate() - dt.timedelta(days=3),
        status=Directive.Status.IN_PROGRESS,
        progress=40,
    )
    late.support_units.set([other])
    DirectiveUpdateFactory(directive=late)
    DirectiveFactory(conclusion=conclusion, lead_unit=other, status=Directive.Status.DONE, progress=100)
    draft = ConclusionFactory(conference=ConferenceFactory(), is_published=False)
    DirectiveFactory(conclusion=draft, lead_unit=unit)
    return {"late": late, "unit": unit, "conference": conference}


def board_count(client, query="") -> int:
    return client.get(f"/directives/{query}").context["paginator"].count


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("role", ["leader", "organizer"])
def test_directive_export_lists_what_the_board_shows(client, board, fmt, role):
    client.force_login(leader() if role == "leader" else organizer())
    response = client.get(f"/directives/export.{fmt}")
    rows = read_csv(response) if fmt == "csv" else xlsx_rows(read_xlsx(response))
    assert len(rows) - 1 == board_count(client) == (2 if role == "leader" else 3)
    header = rows[0]
    assert header == [
        "Hội nghị",
        "Số thứ tự",
        "Nội dung",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời hạn",
        "Trạng thái",
        "Tiến độ (%)",
        "Cập nhật gần nhất",
        "Quá hạn",
    ]
    late = dict(zip(header, rows[1], strict=True))
    assert late["Nội dung"] == "'=cmd|' /C calc'!A0"
    assert late["Đơn vị phối hợp"] == "Phòng Tổ chức cán bộ"
    assert late["Quá hạn"] == "Có"
    assert str(late["Tiến độ (%)"]) == "40"
    assert late["Cập nhật gần nhất"]


@pytest.mark.parametrize("query", ["?overdue=1", "?status=done", "?status=junk"])
def test_directive_export_takes_the_boards_filters(client, board, query):
    client.force_login(leader())
    rows = read_csv(client.get(f"/directives/export.csv{query}"))
    assert len(rows) - 1 == board_count(client, query)


def test_directive_export_is_refused_to_members(client, board):
    assert client.get("/directives/export.csv")["Location"].startswith("/accounts/login/")
    client.force_login(member())
    assert client.get("/directives/export.xlsx").status_code == 403
    assert "export.xlsx" not in client.get("/directives/").content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_directive_export_query_count_does_not_grow(client, django_assert_num_queries, size):
    conclusion = ConclusionFactory()
    for _ in range(size):
        directive = DirectiveFactory(conclusion=conclusion)
        directive.support_units.set([UnitFactory()])
    client.force_login(organizer())
    with django_assert_num_queries(5):
        b"".join(client.get("/directives/export.xlsx?status=not_started").streaming_content)


# --- the dashboard's figures ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_dashboard_export_holds_the_figures_of_the_page(client, world, fmt):
    client.force_login(world["leader"])
    page = client.get(f"/dashboard/?conference={world['conference'].pk}")
    assert f"/dashboard/export.{fmt}?conference={world['conference'].pk}" in page.content.decode()

    response = client.get(f"/dashboard/export.{fmt}?conference={world['conference'].pk}")
    rows = read_csv(response) if fmt == "csv" else xlsx_rows(read_xlsx(response))

    assert rows[0] == ["Bảng số liệu", "Nhóm", "Chỉ tiêu", "Giá trị"]
    totals = {row[2]: int(row[3]) for row in rows[1:] if row[1] in ("", None)}
    assert totals == {row["label"]: row["value"] for row in page.context["totals"]}
    assert totals["Đã nhận"] == 5  # six concerns, one withdrawn


def test_dashboard_export_is_refused_to_members(client, world):
    client.force_login(world["author"])
    assert client.get("/dashboard/export.csv").status_code == 403


@pytest.mark.parametrize("size", [1, 30])
def test_dashboard_export_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        QuestionFactory(topic=TopicFactory(), author_unit=UnitFactory())
    client.force_login(organizer())
    with django_assert_num_queries(8):
        b"".join(client.get("/dashboard/export.csv").streaming_content)
