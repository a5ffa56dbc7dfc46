"""Several processes on one database, as `make run` and a deployment have them: what one changes, all see at once.

These tests start real processes (gunicorn, manage.py) on a temporary SQLite file, without Redis, with DEBUG off.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

SETUP = """
from django.utils import timezone
from conferences.models import Conference
from questions.models import Question
from tests.factories import ConferenceFactory, QuestionFactory, member
conference = ConferenceFactory(slug="hai-may-chu", status=Conference.Status.IN_SESSION, is_published=True)
QuestionFactory(conference=conference, status=Question.Status.APPROVED, title="Kiến nghị đã duyệt")
QuestionFactory(conference=conference, status=Question.Status.PENDING, title="Kiến nghị chờ duyệt")
member(username="doanvien")
"""

APPROVE = """
from questions import services
from questions.models import Question
from tests.factories import organizer
question = Question.objects.get(title="Kiến nghị chờ duyệt")
services.question_approve(question=question, moderator=organizer())
"""

SUBMIT = """
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from conferences.models import Conference
from questions import services
author = get_user_model().objects.get(username="doanvien")
conference = Conference.objects.get(slug="hai-may-chu")
try:
    services.question_submit(conference=conference, author=author, title="Một kiến nghị", body="Nội dung kiến nghị.")
    print("saved")
except ValidationError:
    print("refused")
"""

WRITE_MANY = """
from conferences.models import Conference
from questions import services
from tests.factories import member
author = member()
conference = Conference.objects.get(slug="hai-may-chu")
for n in range(15):
    services.question_submit(
        conference=conference, author=author, title=f"Kiến nghị {n}", body="Nội dung.", check_window=False
    )
print("done")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory):
    """A migrated SQLite file and the environment of a production process without Redis (one for the module: the
    tests below change different records)."""
    tmp_path = tmp_path_factory.mktemp("processes")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "x" * 64,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_QUESTIONS_PER_HOUR": "2",
            "PYTHONPATH": str(ROOT),
        }
    )
    for command in (["migrate", "--no-input"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    _shell(env, SETUP)
    return env


def _shell(env: dict, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()  # the shell may first say what it imported
    return lines[-1] if lines else ""


def _serve(env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(GUNICORN), "dialogue_portal.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"gunicorn on port {port} did not start")


def _feed(port: int, etag: str = "") -> tuple[int, str, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/conferences/hai-may-chu/live/feed/", headers={"If-None-Match": etag} if etag else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["ETag"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["ETag"], ""


def test_two_servers_agree_on_the_live_feed_and_a_third_process_moves_both(shared_db):
    port_a, port_b = _free_port(), _free_port()
    servers = [_serve(shared_db, port_a), _serve(shared_db, port_b)]
    try:
        status, etag, body = _feed(port_a)
        assert status == 200 and "Kiến nghị đã duyệt" in body and "Kiến nghị chờ duyệt" not in body
        assert _feed(port_b, etag)[0] == 304  # the other server agrees nothing changed

        _shell(shared_db, APPROVE)  # a change made in another process

        for port in (port_a, port_b):
            status, new_etag, body = _feed(port, etag)
            assert status == 200 and new_etag != etag and "Kiến nghị chờ duyệt" in body
        assert _feed(port_b, _feed(port_a)[1])[0] == 304
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def test_the_submission_limit_is_counted_across_processes(shared_db):
    results = [_shell(shared_db, SUBMIT) for _ in range(3)]  # three processes, a limit of two an hour
    assert results == ["saved", "saved", "refused"]


def test_sqlite_takes_eight_concurrent_writers_without_an_error(shared_db):
    with ThreadPoolExecutor(max_workers=8) as pool:
        outputs = list(pool.map(lambda _: _shell(shared_db, WRITE_MANY), range(8)))
    assert outputs == ["done"] * 8
    count = _shell(
        shared_db,
        "from questions.models import Question; print(Question.objects.filter(title__startswith='Kiến nghị ').count())",
    )
    assert int(count) == 8 * 15 + 2
