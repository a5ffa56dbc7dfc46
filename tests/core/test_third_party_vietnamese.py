"""No English in the Vietnamese interface, including what Django and the third-party apps say: the password rules,
the login error, the admin's sections (the lockout records of django-axes, the task queue, the sessions) and the
audit history pages."""

import re

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from questions.models import Question
from tests.factories import QuestionFactory, admin

pytestmark = pytest.mark.django_db

# Words that only an English sentence of these messages would hold.
ENGLISH = re.compile(
    r"\b(password|too short|must contain|characters?|common|entirely|numeric|similar|enter a correct|"
    r"access attempts?|access failures?|access logs?|access attempt expirations?|axes|sessions?|task results?|"
    r"tasks database|change history|changed by|date/time|revert|locked out|attempt time|failed logins|"
    r"user agent|ip address|expires at|meta data|form data|skip to main content|toggle theme|model name|add link|"
    r"show counts|core)\b",
    re.IGNORECASE,
)


def _validation_messages(password: str, user=None) -> list[str]:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize("password", ["abc", "12345678901234", "password123", "nguyenvana99"])
def test_password_rules_speak_vietnamese(password, django_user_model):
    user = django_user_model(username="nguyenvana", first_name="Văn A", last_name="Nguyễn")
    with translation.override("vi"):
        messages = _validation_messages(password, user) + [
            str(text) for text in password_validation.password_validators_help_texts()
        ]
    assert messages
    english = [m for m in messages if ENGLISH.search(m)]
    assert not english, english


def test_a_short_password_is_refused_in_vietnamese():
    with translation.override("vi"):
        assert _validation_messages("ngan")[0].startswith("Mật khẩu này quá ngắn")
        assert "10 ký tự" in _validation_messages("ngan")[0]


def test_the_login_error_speaks_vietnamese(client):
    with translation.override("vi"):
        form = AuthenticationForm(RequestFactory().get("/"), data={"username": "ai-do", "password": "sai-mat-khau"})
        assert not form.is_valid()
        message = form.non_field_errors()[0]
    assert "tên đăng nhập" in message.lower()
    assert not ENGLISH.search(message)
    response = client.post("/accounts/login/", {"username": "ai-do", "password": "sai"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert message in response.content.decode()


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/axes/accessattempt/",
        "/admin/axes/accessfailurelog/",
        "/admin/axes/accesslog/",
        "/admin/django_tasks_database/dbtaskresult/",
    ],
)
def test_admin_sections_speak_vietnamese(client, path):
    client.force_login(admin())
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    english = sorted({m.group(0) for m in ENGLISH.finditer(_visible_text(response.content.decode()))})
    assert not english, f"English on {path}: {english}"


def test_the_audit_history_page_speaks_vietnamese(client):
    concern = QuestionFactory(status=Question.Status.PENDING)
    concern.title = "Sửa lại tiêu đề"
    concern.save()
    client.force_login(admin())
    response = client.get(f"/admin/questions/question/{concern.pk}/history/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    english = sorted({m.group(0) for m in ENGLISH.finditer(_visible_text(response.content.decode()))})
    assert not english, english
