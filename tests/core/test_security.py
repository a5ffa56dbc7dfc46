import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.factories import member

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_deploy_check_passes_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" * 30 + "Z9#x" * 10,
        DJANGO_ALLOWED_HOSTS="doithoai.example.gov.vn",
        DJANGO_SETTINGS_MODULE="dialogue_portal.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_response_carries_security_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_carry_no_inline_script_or_style(client):
    content = client.get("/conferences/").content.decode()
    assert "<script>" not in content and " style=" not in content


def test_login_locked_after_repeated_failures_with_clear_message(client):
    member(username="doanvien")
    for _ in range(4):
        assert _login(client, "doanvien", "sai-mat-khau").status_code == 200
    assert _login(client, "doanvien", "sai-mat-khau").status_code == 429  # the fifth failure locks
    response = _login(client, "doanvien", "demo12345")
    assert response.status_code == 429
    assert "15 phút" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_cool_off(client):
    member(username="doanvien")
    for _ in range(5):
        _login(client, "doanvien", "sai-mat-khau")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    response = _login(client, "doanvien", "demo12345")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_lockout_of_one_username_leaves_others_alone(client):
    member(username="doanvien")
    member(username="doanvien2")
    for _ in range(5):
        _login(client, "doanvien", "sai-mat-khau")
    assert _login(client, "doanvien2", "demo12345").status_code == 302


@pytest.mark.parametrize("password", ["ngan12345", "password123", "1234567890"])
def test_weak_new_password_refused(client, password):
    user = member()
    client.force_login(user)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "demo12345", "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password("demo12345")


def test_session_renewed_at_login(client):
    member(username="doanvien")
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})  # an anonymous session exists
    client.session.save()
    before = client.session.session_key
    _login(client, "doanvien", "demo12345")
    assert client.session.session_key != before


def test_session_ends_when_user_deactivated(client):
    user = member()
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 200
    user.is_active = False
    user.save()
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_vietnamese_by_default_whatever_the_browser_asks(client):
    response = client.get("/conferences/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()


def test_english_when_chosen_with_the_switcher(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/conferences/", HTTP_ACCEPT_LANGUAGE="vi")
    assert '<html lang="en">' in response.content.decode()


def test_database_outage_gives_clean_503_page(client, monkeypatch):
    from django.db import OperationalError

    from conferences import views

    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(views.HomeView, "get_context_data", unreachable)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "tạm thời" in response.content.decode()


def test_other_errors_stay_500(client, monkeypatch):
    from conferences import views

    def broken(*args, **kwargs):
        raise ValueError("bug")

    monkeypatch.setattr(views.HomeView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()
