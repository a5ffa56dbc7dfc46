import datetime as dt
import io
import subprocess
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from docx import Document as open_docx
from docx.shared import Mm
from pypdf import PdfReader

from conferences.models import Participant
from documents import services
from documents.content import ANONYMOUS, date_line
from documents.docx_builder import build_docx
from documents.models import IssuedDocument, NumberSequence
from documents.pdf import build_pdf
from questions.models import Conclusion
from tests.documents.conftest import concluded_conference
from tests.factories import ConferenceFactory, ParticipantFactory, QuestionFactory, leader, member, organizer

pytestmark = pytest.mark.django_db
KINDS = ("plan", "invitation", "minutes", "notice", "report")


def docx_text(content: bytes) -> tuple[object, str]:
    document = open_docx(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return document, "\n".join(parts)


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


# --- the form of the decree -----------------------------------------------------------------------------------------


def test_date_line_writes_a_zero_before_days_under_ten_and_months_one_and_two():
    assert date_line("Hưng Yên", dt.date(2024, 1, 5)) == "Hưng Yên, ngày 05 tháng 01 năm 2024"
    assert date_line("Hưng Yên", dt.date(2024, 2, 28)) == "Hưng Yên, ngày 28 tháng 02 năm 2024"
    assert date_line("Hưng Yên", dt.date(2023, 3, 30)) == "Hưng Yên, ngày 30 tháng 3 năm 2023"
    assert date_line("Hưng Yên", dt.date(2023, 12, 1)) == "Hưng Yên, ngày 01 tháng 12 năm 2023"


def test_issued_notice_docx_has_the_decree_page_fonts_header_and_recipients(profile):
    conference = concluded_conference()
    issued = services.document_issue(
        conference=conference, kind="notice", user=organizer(), issued_on=dt.date(2023, 4, 3)
    )
    assert issued.number_text == "01/TB-SNV"
    document, text = docx_text(issued.docx.read())
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    header = document.tables[0]
    # the motto's column is wide enough for the national name on one line, in Word (cells) and LibreOffice (grid)
    assert header.columns[1].width.mm > 100 and header.rows[0].cells[1].width.mm > 100
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text][:3] == ["UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ", "Số: 01/TB-SNV"]
    issuer = left.paragraphs[1].runs[0]
    assert issuer.bold and issuer.font.size.pt == 13 and issuer.font.name == "Times New Roman"
    assert not left.paragraphs[0].runs[0].bold
    national, motto = right.paragraphs[0].runs[0], right.paragraphs[1].runs[0]
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and national.bold and national.font.size.pt in (12, 13)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.bold and motto.font.size.pt in (13, 14)
    date = right.paragraphs[2].runs[0]
    assert date.text == "Hưng Yên, ngày 03 tháng 4 năm 2023" and date.italic
    fonts = issuer._element.rPr.rFonts
    assert {fonts.get(f"{{{fonts.nsmap['w']}}}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert "THÔNG BÁO" in text and "Kết luận của đồng chí Giám đốc Sở" in text
    assert "DỰ THẢO" not in text
    assert "TL. GIÁM ĐỐC" in text and "CHÁNH VĂN PHÒNG" in text and "Nguyễn Thị Thu" in text
    lines = text.split("\n")
    start = lines.index("Nơi nhận:")
    recipients = [line for line in lines[start + 1 :] if line.startswith("- ")]
    assert recipients[0] == "- Ban Giám đốc Sở;" and "- Văn phòng Sở;" in recipients
    assert recipients[-1] == "- Lưu: VT, Chi đoàn."
    body = [p for p in document.paragraphs if "Đề nghị các phòng thực hiện." in p.text][0]
    assert body.alignment == 3 and body.paragraph_format.first_line_indent >= Mm(10)  # justified, indented


def test_issued_notice_pdf_is_a4_with_embedded_fonts_and_the_same_text(profile):
    issued = services.document_issue(conference=concluded_conference(), kind="notice", user=organizer())
    reader, text = pdf_text(issued.pdf.read())
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210 and round(float(box.height) / 72 * 25.4) == 297
    for needed in (
        "UBND TỈNH HƯNG YÊN",
        "SỞ NỘI VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ):
        assert needed in text
    assert f"Số: {issued.number_text}" in text and "Nơi nhận:" in text and "- Lưu: VT, Chi đoàn." in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert any("Liberation-Serif" in name for name in fonts), fonts


@pytest.mark.parametrize("kind", KINDS)
def test_every_draft_opens_as_docx_and_pdf_with_the_draft_mark(profile, kind):
    conference = concluded_conference()
    draft = services.document_draft(conference=conference, kind=kind)
    _, text = docx_text(build_docx(draft))
    reader, pdf = pdf_text(build_pdf(draft))
    for content in (text, pdf):
        assert "DỰ THẢO" in content and "SỞ NỘI VỤ" in content
        assert "Hưng Yên, ngày" in content
    assert len(reader.pages) >= 1


def test_pdf_renders_to_png(profile, tmp_path):
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(build_pdf(services.document_draft(conference=concluded_conference(), kind="report")))
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page-*.png"))


def test_minutes_keep_anonymity_and_put_the_secretary_left_and_the_chair_right(profile):
    conference = concluded_conference(questions=2)
    named = conference.questions.filter(is_anonymous=False).first()
    hidden = conference.questions.filter(is_anonymous=True).first()
    document, text = docx_text(build_docx(services.document_draft(conference=conference, kind="minutes")))
    assert ANONYMOUS in text
    assert hidden.author.get_full_name() not in text
    assert named.author.get_full_name() in text
    signatures = document.tables[-1].rows[0].cells
    assert "THƯ KÝ" in signatures[0].text and "Phạm Thư Ký" in signatures[0].text
    assert "CHỦ TRÌ" in signatures[1].text and "Lê Quang Hòa" in signatures[1].text
    assert "Vắng mặt (1)" in text and "Người Vắng" in text


def test_report_has_an_appendix_of_every_public_concern(profile):
    conference = concluded_conference(questions=3)
    _, text = docx_text(build_docx(services.document_draft(conference=conference, kind="report")))
    assert "PHỤ LỤC" in text and "- UBND tỉnh Hưng Yên (để báo cáo);" in text
    for n in range(3):
        assert f"Kiến nghị công khai {n}" in text and f"Trả lời số {n}" in text


# --- bad input -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_bad_records_still_give_documents_that_open(kind):
    """No profile, no chair, no secretary, no conclusion, control characters and a 255-character name."""
    conference = ConferenceFactory(title="Hội nghị <script>alert(1)</script>\t\x01\x0b thử", venue="Hội\x02 trường")
    ParticipantFactory(conference=conference, role=Participant.Role.MEMBER, full_name="Đ" * 200, position="x" * 255)
    QuestionFactory(conference=conference, title="Ý kiến\x07 <b>đậm</b>", body="a\tb\x1fc")
    draft = services.document_draft(conference=conference, kind=kind)
    _, text = docx_text(build_docx(draft))
    _, pdf = pdf_text(build_pdf(draft))
    assert "<script>" in text and "\x01" not in text
    assert "alert(1)" in pdf


def test_documents_page_explains_what_is_missing(client):
    conference = ConferenceFactory()
    client.force_login(organizer())
    html = client.get(f"/conferences/{conference.slug}/documents/").content.decode()
    assert "/settings/organization/" in html
    response = client.post(
        f"/conferences/{conference.slug}/documents/notice/issue/", {"issued_on": "2023-04-03", "expected_version": "0"}
    )
    assert response.status_code == 400 and not IssuedDocument.objects.exists()


def test_notice_cannot_be_issued_without_a_conclusion(profile):
    conference = concluded_conference()
    Conclusion.objects.filter(conference=conference).delete()
    with pytest.raises(ValidationError):
        services.document_issue(conference=conference, kind="notice", user=organizer())
    assert not NumberSequence.objects.filter(last_number__gt=0).exists()


# --- issuing ---------------------------------------------------------------------------------------------------------


def test_numbers_run_per_year_without_gaps_across_kinds(profile):
    conference = concluded_conference()
    user = organizer()
    first = services.document_issue(conference=conference, kind="notice", user=user, issued_on=dt.date(2023, 4, 3))
    second = services.document_issue(conference=conference, kind="report", user=user, issued_on=dt.date(2023, 4, 4))
    next_year = services.document_issue(conference=conference, kind="plan", user=user, issued_on=dt.date(2024, 1, 2))
    assert (first.number, second.number, next_year.number) == (1, 2, 1)
    assert second.number_text == "02/BC-SNV" and next_year.number_text == "01/KH-SNV"


def test_issuing_twice_from_the_same_page_is_refused_clearly(profile):
    conference = concluded_conference()
    services.document_issue(conference=conference, kind="notice", user=organizer(), expected_version=0)
    with pytest.raises(ValidationError, match="01/TB-SNV"):
        services.document_issue(conference=conference, kind="notice", user=organizer(), expected_version=0)
    assert IssuedDocument.objects.count() == 1


def test_issued_document_never_changes_and_a_correction_names_the_one_it_replaces(profile):
    conference = concluded_conference()
    first = services.document_issue(
        conference=conference, kind="notice", user=organizer(), issued_on=dt.date(2023, 4, 3)
    )
    pdf, docx = first.pdf.read(), first.docx.read()
    assert services.sha256(pdf) == first.pdf_sha256 and services.sha256(docx) == first.docx_sha256
    Conclusion.objects.filter(conference=conference).update(body="Một nội dung khác hẳn.")
    conference.participants.filter(role=Participant.Role.CHAIR).update(full_name="Người Khác")
    first.refresh_from_db()
    first.pdf.open("rb")
    assert first.pdf.read() == pdf
    first.number = 99
    with pytest.raises(ValidationError):
        first.save()
    with pytest.raises(ValidationError):
        first.delete()
    correction = services.document_issue(
        conference=conference, kind="notice", user=organizer(), issued_on=dt.date(2023, 4, 10), expected_version=1
    )
    assert correction.replaces_id == first.pk and correction.version == 2 and correction.number == 2
    _, text = docx_text(correction.docx.read())
    assert "thay thế văn bản số 01/TB-SNV ngày 03/04/2023" in text and "Một nội dung khác hẳn." in text


def test_signed_scan_is_attached_with_its_hash_and_only_a_pdf(profile):
    issued = services.document_issue(conference=concluded_conference(), kind="notice", user=organizer())
    with pytest.raises(ValidationError):
        services.document_attach_scan(document=issued, user=None, upload=SimpleUploadedFile("a.pdf", b"not a pdf"))
    content = b"%PDF-1.4 signed"
    services.document_attach_scan(document=issued, user=None, upload=SimpleUploadedFile("a.pdf", content))
    issued.refresh_from_db()
    assert issued.signed_scan_sha256 == services.sha256(content)


# --- who downloads what ----------------------------------------------------------------------------------------------


def test_anonymous_downloads_the_issued_notice_of_a_published_conference_and_nothing_else(client, profile):
    conference = concluded_conference()
    base = f"/conferences/{conference.slug}/documents/"
    assert client.get(base + "notice.pdf").status_code == 404
    issued = services.document_issue(conference=conference, kind="notice", user=organizer())
    services.document_issue(conference=conference, kind="minutes", user=organizer())
    response = client.get(base + "notice.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == issued.pdf.read()
    for kind in ("plan", "invitation", "minutes", "report"):
        assert client.get(base + f"{kind}.docx").status_code == 404
    assert client.get(base + "notice.pdf?draft=1").status_code == 200  # the issued one: no draft for the public


def test_leaders_read_drafts_but_cannot_issue(client, profile):
    conference = concluded_conference()
    client.force_login(leader())
    base = f"/conferences/{conference.slug}/documents/"
    response = client.get(base + "minutes.docx")
    assert response.status_code == 200 and "du-thao" in response["Content-Disposition"]
    assert client.post(base + "minutes/issue/", {"issued_on": "2023-04-03", "expected_version": "0"}).status_code == 403
    client.force_login(member())
    assert client.get(base + "minutes.docx").status_code == 404


def test_organizer_issues_from_the_page(client, profile):
    conference = concluded_conference()
    client.force_login(organizer())
    url = f"/conferences/{conference.slug}/documents/notice/issue/"
    assert "Read the draft" in client.get(url).content.decode() or client.get(url).status_code == 200
    response = client.post(url, {"issued_on": "2023-04-03", "expected_version": "0"})
    assert response.status_code == 302
    html = client.get(f"/conferences/{conference.slug}/documents/").content.decode()
    assert "01/TB-SNV" in html


@pytest.mark.parametrize("size", [1, 30])
def test_documents_page_query_count_constant(client, django_assert_num_queries, profile, size):
    conference = concluded_conference(questions=size)
    for kind in ("notice", "report"):
        services.document_issue(conference=conference, kind=kind, user=organizer())
    client.force_login(organizer())
    with django_assert_num_queries(18):
        client.get(f"/conferences/{conference.slug}/documents/")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: SQLite serialises every write")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issues_take_consecutive_numbers():
    from documents.models import OrganizationProfile
    from tests.documents.conftest import HUNG_YEN

    OrganizationProfile.objects.create(**HUNG_YEN)
    conferences = [concluded_conference() for _ in range(4)]
    user = organizer()
    # four conferences at once, plus a double click on the first one's notice
    jobs = [(c, "notice") for c in conferences] + [(conferences[0], "notice")]
    barrier = threading.Barrier(len(jobs) + 1)
    errors = []

    def issue(conference, kind):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.document_issue(conference=conference, kind=kind, user=user, issued_on=dt.date(2023, 4, 3))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=10)
    for thread in threads:
        thread.join(timeout=60)
    numbers = sorted(IssuedDocument.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert NumberSequence.objects.get(code="SNV", year=2023).last_number == 4


def test_youth_union_issues_the_plan_in_its_own_form(profile):
    profile.youth_issues_plan, profile.youth_branch, profile.youth_code = True, "Chi đoàn Sở Nội vụ", "CĐSNV"
    profile.youth_parent = "ĐOÀN KHỐI CÁC CƠ QUAN TỈNH"
    profile.save()
    issued = services.document_issue(
        conference=concluded_conference(), kind="plan", user=organizer(), issued_on=dt.date(2023, 3, 1)
    )
    assert issued.number_text == "01-KH/CĐSNV" and issued.code == "CĐSNV"
    document, text = docx_text(issued.docx.read())
    left, right = document.tables[0].rows[0].cells
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in right.text and right.paragraphs[0].runs[0].underline
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "BCH CHI ĐOÀN SỞ NỘI VỤ" in left.text and "***" in left.text
    assert "TM. BAN CHẤP HÀNH" in text and "BÍ THƯ" in text
    _, pdf = pdf_text(issued.pdf.read())
    assert "Số: 01-KH/CĐSNV" in pdf and "ĐOÀN TNCS HỒ CHÍ MINH" in pdf


def test_conclusion_page_names_the_issued_notice(client, profile):
    conference = concluded_conference()
    services.document_issue(conference=conference, kind="notice", user=organizer(), issued_on=dt.date(2023, 4, 3))
    html = client.get(f"/conferences/{conference.slug}/conclusion/").content.decode()
    assert "01/TB-SNV" in html and "03/04/2023" in html
