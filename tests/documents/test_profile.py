import pytest

from documents.models import OrganizationProfile
from tests.factories import organizer

pytestmark = pytest.mark.django_db

DATA = {
    "parent_body": "UBND TỈNH HƯNG YÊN",
    "issuing_body": "SỞ NỘI VỤ",
    "code": "SNV",
    "place_name": "Hưng Yên",
    "chair_title": "GIÁM ĐỐC",
    "notice_working_days": "5",
}


def test_profile_is_one_record_with_history_and_the_header_reads_it(client):
    client.force_login(organizer())
    assert client.post("/settings/organization/", DATA).status_code == 302
    assert client.post("/settings/organization/", {**DATA, "place_name": "Hưng Yên mới"}).status_code == 302
    assert OrganizationProfile.objects.count() == 1
    profile = OrganizationProfile.objects.get()
    assert profile.place_name == "Hưng Yên mới" and profile.history.count() == 2
    html = client.get("/").content.decode()
    assert "UBND TỈNH HƯNG YÊN · SỞ NỘI VỤ" in html


def test_profile_refuses_a_code_with_a_slash(client):
    client.force_login(organizer())
    assert client.post("/settings/organization/", {**DATA, "code": "S/NV"}).status_code == 400
    assert not OrganizationProfile.objects.exists()


def test_emails_sign_with_the_issuing_body(client):
    from core.mail import render_site_mail
    from tests.factories import AnswerFactory

    client.force_login(organizer())
    client.post("/settings/organization/", {**DATA, "public_url": "https://doithoai.example.vn"})
    answer = AnswerFactory()
    context = {"question": answer.question, "answer": answer, "url": "/", "recipient": answer.question.author}
    _, body = render_site_mail("questions/email/answered", context)
    assert "SỞ NỘI VỤ · https://doithoai.example.vn" in body
