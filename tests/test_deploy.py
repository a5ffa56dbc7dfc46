"""The sample deployment files: the nginx configuration passes `nginx -t`, the systemd units run what exists."""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def nginx_local():
    spec = importlib.util.spec_from_file_location("nginx_local", DEPLOY / "nginx" / "local.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
def test_sample_nginx_configuration_is_valid(tmp_path):
    config = nginx_local().write(tmp_path, ROOT, (18401, 18402), 18400)
    result = subprocess.run(
        [NGINX, "-t", "-c", str(config), "-p", str(tmp_path), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_localised_configuration_keeps_what_the_sample_promises():
    text = nginx_local().render_site(ROOT, (18401, 18402), 18400)
    assert "server 127.0.0.1:18401" in text and "server 127.0.0.1:18402" in text
    assert "listen 127.0.0.1:18400;" in text and "ssl_certificate" not in text and "/srv/" not in text
    assert f"alias {ROOT}/staticfiles/;" in text
    assert "keepalive" in text and "X-Forwarded-Proto $scheme" in (DEPLOY / "nginx" / "proxy-params.conf").read_text()
    assert (DEPLOY / "nginx" / "503.html").read_text().count("Thử lại") == 1


def test_upload_limit_covers_the_largest_upload(settings):
    from documents.services import SCAN_MAX_BYTES

    text = (DEPLOY / "nginx" / "dialogue-portal.conf").read_text()
    limit_mb = int(re.search(r"client_max_body_size (\d+)m;", text).group(1))
    largest = max(SCAN_MAX_BYTES, settings.PHOTO_MAX_BYTES, settings.EVIDENCE_MAX_BYTES)
    assert largest < limit_mb * 1024 * 1024


def test_systemd_units_run_commands_that_exist():
    commands = get_commands()
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert len(units) == 3
    for unit in units:
        exec_start = re.search(r"^ExecStart=(.*(?:\\\n.*)*)", unit.read_text(), re.M).group(1)
        if "manage.py" in exec_start:
            assert exec_start.split("manage.py", 1)[1].split()[0] in commands
        else:
            assert "gunicorn dialogue_portal.wsgi" in exec_start


@pytest.mark.skipif(importlib.util.find_spec("django_tasks_rq") is None, reason='needs pip install ".[rq]"')
def test_rq_task_backend_is_configured_from_the_environment():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_TASKS_BACKEND": "django_tasks_rq.RQBackend",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.RQ_QUEUES['default']['URL'], 'django_tasks_rq' in settings.INSTALLED_APPS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["redis://127.0.0.1:1/0", "True"], result.stderr
