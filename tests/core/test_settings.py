import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _run_settings(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_overrides)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_settings_refuse_to_start_without_secret_key_when_debug_off():
    # An empty variable, not a missing one: a .env file (written by `make run`) would fill a missing one.
    result = _run_settings(
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "", "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings"}
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_settings_refuse_short_secret_key_when_debug_off():
    result = _run_settings(
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "short", "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings"}
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_settings_start_with_real_secret_key_when_debug_off():
    result = _run_settings(
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 64, "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings"}
    )
    assert result.returncode == 0, result.stderr


def test_settings_database_url_selects_postgresql_with_persistent_connections():
    result = _run_settings(
        {
            "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
            "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_settings_default_database_is_sqlite_file():
    result = _run_settings({"DJANGO_SETTINGS_MODULE": "dialogue_portal.settings"})
    assert result.stdout.strip() == "django.db.backends.sqlite3"


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql", reason="PostgreSQL only"
)
def test_settings_postgresql_keeps_connections_and_checks_health():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_settings_vietnamese_first_in_ho_chi_minh_time():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_env_example_lists_every_variable_the_settings_read():
    read = set()
    source = (ROOT / "dialogue_portal" / "settings.py").read_text()
    for prefix in ('env.str("', 'env.bool("', 'env.int("', 'env.list("', 'env.db("', 'env.email_url("'):
        for chunk in source.split(prefix)[1:]:
            read.add(chunk.split('"')[0])
    example = (ROOT / ".env.example").read_text()
    missing = sorted(name for name in read if name not in example)
    assert not missing, f".env.example does not document {missing}"
