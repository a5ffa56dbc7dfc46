"""The newcomer's walk of the design: the 2023 conference of the demo, as the organizer and as the public."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document as open_docx
from pypdf import PdfReader

from conferences.models import Conference
from documents.models import IssuedDocument, OrganizationProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def past(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    return Conference.objects.get(status=Conference.Status.CONCLUDED)


def test_demo_fills_the_profile_for_hung_yen(past):
    profile = OrganizationProfile.objects.get()
    assert (profile.parent_body, profile.issuing_body, profile.code, profile.place_name) == (
        "UBND TỈNH HƯNG YÊN",
        "SỞ NỘI VỤ",
        "SNV",
        "Hưng Yên",
    )


def test_organizer_downloads_every_document_then_issues_the_notice_and_the_public_reads_it(client, past):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="organizer"))
    base = f"/conferences/{past.slug}/documents/"
    for kind in ("plan", "invitation", "minutes", "notice", "report"):
        docx = client.get(base + f"{kind}.docx")
        assert docx.status_code == 200
        text = "\n".join(c.text for t in open_docx(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells)
        assert "UBND TỈNH HƯNG YÊN" in text and "SỞ NỘI VỤ" in text and "Hưng Yên, ngày" in text
        pdf = client.get(base + f"{kind}.pdf")
        assert pdf.status_code == 200 and PdfReader(io.BytesIO(pdf.content)).pages
    response = client.post(
        base + "notice/issue/", {"issued_on": timezone.localdate().isoformat(), "expected_version": 0}
    )
    assert response.status_code == 302
    issued = IssuedDocument.objects.get(conference=past, kind="notice")
    assert issued.number_text == "01/TB-SNV"
    client.logout()
    notice = client.get(base + "notice.pdf")
    assert notice.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(notice.streaming_content)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # page numbers from the second page on, none on the first
    assert len(reader.pages) >= 2 and reader.pages[1].extract_text().lstrip().startswith("2")
    assert not reader.pages[0].extract_text().lstrip().startswith("1")
    assert "Số: 01/TB-SNV" in text and "Lê Quang Hòa" in text
    for kind in ("plan", "invitation", "minutes", "report"):
        assert client.get(base + f"{kind}.pdf").status_code == 404
    assert "01/TB-SNV" in client.get(base).content.decode()
