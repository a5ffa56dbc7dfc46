"""Load and faults on two app servers behind nginx: nothing acknowledged is lost, no e-mail is sent twice.

On loopback: nginx (deploy/nginx/dialogue-portal.conf) in front of two gunicorn instances, one PostgreSQL database
of its own, Redis as the cache (a redis-server of its own on --redis-port), the task worker and the scheduler, and
an SMTP sink (aiosmtpd) that records every message it accepts. 50 members log in, browse, submit and support
concerns for 2 minutes through nginx. Half-way, at once: one app server is killed (SIGKILL) and restarted 5 s later,
the SMTP sink is killed for 30 s, Redis is shut down and started again 3 s later; a little earlier the task worker is
killed (SIGKILL) in the middle of an SMTP conversation and restarted. When the load ends it waits for the outbox
to empty, then checks:

- every acknowledged submission exists exactly once, and each support count equals its Support rows and the
  toggles the members saw acknowledged;
- every e-mail of the outbox was received by the sink exactly once (its X-Portal-Message-Key), none failed;
- no 500 at any time; a 503 only with Retry-After.

    .venv/bin/python bench/load_fault.py        # database dp_load_fault on 127.0.0.1:5432 (LOAD_FAULT_DATABASE_URL)
    .venv/bin/python bench/load_fault.py --results bench/RESULTS.md   # also write the figures into that file

Needs nginx and redis-server (installed with apt-get when missing). Loopback only; bounded in time.
"""

import argparse
import contextlib
import email
import http.cookiejar
import importlib.util
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
NGINX_PORT = 8310  # its plain-HTTP redirect server takes the next port
APP_PORTS = (8321, 8322)
SMTP_PORT = 8325
SLUG_SQL = "SELECT slug, id FROM conferences_conference WHERE status = 'open' ORDER BY starts_at DESC LIMIT 1"
BASE = f"http://127.0.0.1:{NGINX_PORT}"
RESULTS_HEADING = "## Load and faults"
RESULTS_INTRO = (
    "`bench/load_fault.py` (`make bench-faults`; bench/README.md): nginx, two gunicorn instances, PostgreSQL, Redis,\n"
    "the task worker, the scheduler and an SMTP sink on loopback, 50 members for 2 minutes, faults half-way. Figures\n"
    "from the 2-core machine shared with other work, so the latencies are those of a busy machine."
)
TASK_QUEUES = {
    "db": ("Tasks in the database (db_worker)", "django_tasks_db.DatabaseBackend", ["db_worker", "--interval", "0.5"]),
    "rq": (
        "Tasks in Redis (RQ worker)",
        "django_tasks_rq.RQBackend",
        ["rqworker", "--job-class", "django_tasks_rq.Job", "default"],
    ),
}

CREATE_USERS = """
from django.contrib.auth.models import Group, User
group = Group.objects.get(name="Đoàn viên")
for i in range({n}):
    user, created = User.objects.get_or_create(username=f"load{{i}}", defaults={{"first_name": f"Tải {{i}}"}})
    user.email = f"load{{i}}@example.org"
    if created:
        user.set_password("load-test-password")
    user.save()
    user.groups.add(group)
"""


# --- the SMTP sink (a process of its own, so that it can be killed) --------------------------------------------------


def run_sink(port: int, record: Path) -> None:
    """Accept every message and append its key to `record` before answering 250, as a mail server queues it.

    Each recipient is answered after 0.3 s (a server that checks the address), with `<record>.busy` present
    meanwhile, so that the harness can kill the worker in the middle of a conversation.
    """
    import asyncio

    from aiosmtpd.controller import Controller

    busy = record.with_suffix(".busy")

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            busy.touch()
            await asyncio.sleep(0.3)
            busy.unlink(missing_ok=True)
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            message = email.message_from_bytes(envelope.original_content or envelope.content)
            line = json.dumps({"key": message.get("X-Portal-Message-Key", ""), "to": envelope.rcpt_tos})
            with record.open("a") as handle:
                handle.write(line + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


# --- processes ---------------------------------------------------------------------------------------------------


class Service:
    """One process of the setup, in a process group of its own so that a kill takes its children (gunicorn's).

    A supervised one is started again 5 s after it exits by itself, as systemd's Restart=always does.
    """

    def __init__(self, name, argv, env, log_dir, ready=None, supervised=False):
        self.name, self.argv, self.env, self.ready = name, argv, env, ready
        self.log = (log_dir / f"{name}.log").open("ab")
        self.process = None
        self.held = False  # stopped on purpose: not the supervisor's to restart
        self.restarts = 0
        if supervised:
            threading.Thread(target=self._supervise, daemon=True).start()

    def start(self):
        self.held = False
        self.process = subprocess.Popen(
            self.argv, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        if self.ready:
            wait_until(self.ready, f"{self.name} to start")

    def kill(self, sig=signal.SIGKILL):
        self.held = True
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)

    def stop(self):
        self.kill(signal.SIGTERM)

    def _supervise(self):
        while True:
            time.sleep(1)
            if self.process and not self.held and self.process.poll() is not None:
                time.sleep(5)
                if not self.held and self.process.poll() is not None:
                    self.restarts += 1
                    self.start()


def wait_until(check, what, timeout=30, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(interval)
    raise SystemExit(f"timed out waiting for {what}")


def http_ok(url):
    return lambda: urllib.request.urlopen(url, timeout=2).status == 200


def port_open(port):
    import socket

    def check():
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True

    return check


def ensure_installed(command, package):
    if shutil.which(command) or Path("/usr/sbin", command).exists():
        return
    print(f"installing {package} ...", flush=True)
    if subprocess.run(["apt-get", "install", "-y", "-q", package], stdout=subprocess.DEVNULL).returncode:
        subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL, check=True)
        subprocess.run(["apt-get", "install", "-y", "-q", package], stdout=subprocess.DEVNULL, check=True)


def load_nginx_local():
    spec = importlib.util.spec_from_file_location("nginx_local", ROOT / "deploy" / "nginx" / "local.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- members -----------------------------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(BASE + path, data=body, headers=headers or {})
        if body is not None:
            req.add_header("Referer", BASE + path)
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.status = defaultdict(Counter)
        self.acknowledged = []  # submission tokens answered with the redirect to the confirmation
        self.toggles = Counter()  # (user, question): acknowledged support toggles
        self.unsure = set()  # (user, question) whose toggle got no clear answer: it may or may not have been saved
        self.no_retry_after = 0

    def record(self, page, started, status, headers=None):
        with self.lock:
            self.latency[page].append(time.monotonic() - started)
            self.status[page][status] += 1
            if status == 503 and not (headers and headers.get("Retry-After")):
                self.no_retry_after += 1


def member_session(index, slug, question_ids, support_ids, topic_ids, stats, deadline):
    client = Client()
    time.sleep(index * 0.1)  # password hashing is deliberately slow: stagger the logins
    for _attempt in range(5):
        started = time.monotonic()
        try:
            client.request("/accounts/login/")
            status, _, headers = client.request(
                "/accounts/login/",
                {"username": f"load{index}", "password": "load-test-password", "csrfmiddlewaretoken": client.csrf()},
            )
        except OSError:
            status, headers = 599, None
        stats.record("login", started, status, headers)
        if status == 302:
            break
        time.sleep(1)
    else:
        return
    rng = random.Random(index)
    while time.monotonic() < deadline:
        action = rng.choices(["home", "list", "detail", "submit", "support"], weights=[2, 3, 3, 1, 2])[0]
        started = time.monotonic()
        headers = None
        try:
            if action == "home":
                status, _, headers = client.request("/")
            elif action == "list":
                status, _, headers = client.request(f"/conferences/{slug}/questions/?sort=supported")
            elif action == "detail":
                status, _, headers = client.request(f"/questions/{rng.choice(question_ids)}/")
            elif action == "support":
                question = rng.choice(support_ids)
                status, _, headers = client.request(
                    f"/questions/{question}/support/", {"csrfmiddlewaretoken": client.csrf()}
                )
                with stats.lock:
                    if status == 302:
                        stats.toggles[(f"load{index}", question)] += 1
                    else:
                        stats.unsure.add((f"load{index}", question))
            else:
                token = str(uuid.uuid4())
                status, _, headers = client.request(
                    f"/conferences/{slug}/questions/new/",
                    {
                        "csrfmiddlewaretoken": client.csrf(),
                        "topic": rng.choice(topic_ids),
                        "title": f"Kiến nghị tải thử {token[:8]}",
                        "body": "Đề nghị Sở quan tâm trang bị thêm máy tính cho đoàn viên.",
                        "submission_token": token,
                    },
                )
                if status == 302:
                    with stats.lock:
                        stats.acknowledged.append(token)
        except OSError:
            status = 599  # connection refused or reset: nginx should never let this through
        stats.record(action, started, status, headers)


# --- checks of the proxy itself ----------------------------------------------------------------------------------


def check_proxy(slug):
    """What the sample nginx configuration promises, seen from a client. Returns a list of failures."""
    failures = []
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())["paths"]
    css = manifest["css/portal.css"]
    request = urllib.request.Request(f"{BASE}/static/{css}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=5) as response:
        if "immutable" not in response.headers.get("Cache-Control", ""):
            failures.append(f"hashed static file without a long cache lifetime: {response.headers}")
        if response.headers.get("Content-Encoding") != "gzip":
            failures.append("static CSS not sent gzipped")
    feed = f"{BASE}/conferences/{slug}/live/feed/"
    with urllib.request.urlopen(feed, timeout=5) as response:
        etag = response.headers.get("ETag", "")
    try:
        urllib.request.urlopen(urllib.request.Request(feed, headers={"If-None-Match": etag}), timeout=5)
        failures.append("the live feed answered 200 to its own ETag")
    except urllib.error.HTTPError as error:
        if error.code != 304 or error.headers.get("ETag") != etag:
            failures.append(f"live feed: {error.code}, ETag {error.headers.get('ETag')} instead of 304 {etag}")
    if not etag.startswith('"'):
        failures.append(f"the live feed's ETag was changed on the way: {etag}")
    try:
        urllib.request.urlopen(f"{BASE}/media/directives/evidence/2026/x.pdf", timeout=5)
        failures.append("nginx served a private upload")
    except urllib.error.HTTPError as error:
        if error.code != 404:
            failures.append(f"private upload path answered {error.code}")
    return failures


def both_down_answer():
    try:
        urllib.request.urlopen(BASE + "/", timeout=10)
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After")
    return 200, None


# --- the run -----------------------------------------------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0


def write_results(path: Path, subheading: str, text: str) -> None:
    """Replace this run's part of the shared results file (its subsection of "Load and faults"), leaving every
    other section, and the other task queue's subsection, as they are."""
    old = path.read_text() if path.exists() else "# Benchmark results\n"
    section_pattern = re.compile(rf"^{re.escape(RESULTS_HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if not section_pattern.search(old):
        old = old.rstrip() + f"\n\n{RESULTS_HEADING}\n\n{RESULTS_INTRO}\n"
    found = section_pattern.search(old)
    section = found.group(0)
    part = f"### {subheading}\n\n{text.strip()}\n\n"
    part_pattern = re.compile(rf"^### {re.escape(subheading)}\n.*?(?=^### |\Z)", re.S | re.M)
    if part_pattern.search(section):
        section = part_pattern.sub(lambda _: part, section)
    else:
        section = section.rstrip() + "\n\n" + part
    path.write_text((old[: found.start()] + section + old[found.end() :]).rstrip() + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--redis-port", type=int, default=6390, help="a redis-server of its own (restarted)")
    parser.add_argument("--tasks", choices=sorted(TASK_QUEUES), default="db", help="where tasks wait (default: db)")
    parser.add_argument(
        "--stop-postgres",
        metavar="CLUSTER",
        help="also stop this pg_ctlcluster cluster for 10 s (one of its own, serving LOAD_FAULT_DATABASE_URL)",
    )
    parser.add_argument("--no-faults", action="store_true", help="the same load without any fault")
    parser.add_argument("--drain-timeout", type=int, default=420, help="seconds to wait for the outbox to empty")
    parser.add_argument("--results", type=Path, help="write the figures into this Markdown file's section")
    parser.add_argument("--smtp-sink", nargs=2, metavar=("PORT", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.smtp_sink:
        return run_sink(int(args.smtp_sink[0]), Path(args.smtp_sink[1]))

    import psycopg2

    # Not DATABASE_URL: the run replaces the demo data, so it never takes the database a developer works on.
    database_url = os.environ.get("LOAD_FAULT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dp_load_fault")
    if not database_url.startswith("postgres"):
        sys.exit("Set LOAD_FAULT_DATABASE_URL to a PostgreSQL database of its own (it is replaced by the demo data)")
    if args.stop_postgres and (args.stop_postgres == "main" or ":5432/" in database_url):
        sys.exit("--stop-postgres stops a cluster of its own (not main, not port 5432): others use the machine's")
    ensure_installed("nginx", "nginx")
    ensure_installed("redis-server", "redis-server")
    dbname = urllib.parse.urlparse(database_url).path.lstrip("/")
    admin = psycopg2.connect(database_url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{dbname}"')
    admin.close()

    work = Path(tempfile.mkdtemp(prefix="load_fault-"))
    received = work / "received.jsonl"
    redis_url = f"redis://127.0.0.1:{args.redis_port}/0"
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SECURE_PROXY_SSL_HEADER="1",
        DJANGO_QUESTIONS_PER_HOUR="100000",
        DJANGO_LOGIN_FAILURE_LIMIT="1000",
        DJANGO_SITE_URL=BASE,
        REDIS_URL=redis_url,
        EMAIL_URL=f"smtp://127.0.0.1:{SMTP_PORT}",
        DJANGO_LOG_LEVEL="WARNING",
    )
    redis = Service(
        "redis",
        ["redis-server", "--port", str(args.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        env,
        work,
        ready=port_open(args.redis_port),
    )
    sink = Service(
        "smtp-sink",
        [PYTHON, __file__, "--smtp-sink", str(SMTP_PORT), str(received)],
        env,
        work,
        ready=port_open(SMTP_PORT),
    )
    apps = [
        Service(
            f"app{port}",
            [
                GUNICORN,
                "dialogue_portal.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            env,
            work,
            ready=http_ok(f"http://127.0.0.1:{port}/healthz"),
        )  # fmt: skip
        for port in APP_PORTS
    ]
    subheading, env["DJANGO_TASKS_BACKEND"], worker_command = TASK_QUEUES[args.tasks]
    worker = Service("worker", [PYTHON, "manage.py", *worker_command], env, work, supervised=True)
    scheduler = Service(
        "scheduler", [PYTHON, "manage.py", "run_scheduler", "--interval", "10"], env, work, supervised=True
    )
    nginx_conf = load_nginx_local().write(work / "nginx", ROOT, APP_PORTS, NGINX_PORT)
    nginx = Service(
        "nginx",
        ["nginx", "-c", str(nginx_conf), "-p", str(work / "nginx"), "-e", str(work / "nginx" / "error.log"),
         "-g", "daemon off;"],
        env,
        work,
        ready=port_open(NGINX_PORT),
    )  # fmt: skip
    services = [redis, sink, *apps, worker, scheduler, nginx]

    def manage(*argv):
        subprocess.run([PYTHON, "manage.py", *argv], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    events = []
    try:
        redis.start()
        print("preparing the database ...", flush=True)
        manage("migrate", "--no-input")
        manage("createcachetable")
        manage("load_demo", "--force")
        manage("collectstatic", "--no-input")
        manage("shell", "-c", CREATE_USERS.format(n=args.clients))
        db = psycopg2.connect(database_url)
        db.autocommit = True
        with db.cursor() as cursor:
            cursor.execute("DELETE FROM core_outboxmessage")  # the demo's own mail is not this run's
            cursor.execute("DELETE FROM django_tasks_database_dbtaskresult")
            cursor.execute(SLUG_SQL)
            slug, conference_id = cursor.fetchone()
            cursor.execute(
                "SELECT id FROM questions_question WHERE conference_id = %s AND status IN ('approved', 'answered')",
                [conference_id],
            )
            question_ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT id FROM questions_question WHERE conference_id = %s AND status = 'approved'", [conference_id]
            )
            support_ids = [row[0] for row in cursor.fetchall()]  # the concerns a member may support
            cursor.execute("SELECT id FROM questions_topic WHERE is_active")
            topic_ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT u.username, s.question_id FROM questions_support s JOIN auth_user u ON u.id = s.user_id "
                "WHERE u.username LIKE 'load%%'"
            )
            supported_before = set(cursor.fetchall())
        for service in services[1:]:
            service.start()
        proxy_failures = check_proxy(slug)

        stats = Stats()
        start = time.monotonic()
        deadline = start + args.duration
        threads = [
            threading.Thread(
                target=member_session, args=(i, slug, question_ids, support_ids, topic_ids, stats, deadline)
            )
            for i in range(args.clients)
        ]
        for thread in threads:
            thread.start()

        def at(seconds, what, action):
            time.sleep(max(0, start + seconds - time.monotonic()))
            action()
            events.append((round(time.monotonic() - start, 1), what))
            print(f"{events[-1][0]:>6} s  {what}", flush=True)

        if not args.no_faults:
            half = args.duration / 2

            def kill_worker_mid_send():
                wait_until(received.with_suffix(".busy").exists, "the worker to send", timeout=15, interval=0.01)
                worker.kill()

            at(half - 15, "task worker killed (SIGKILL) in the middle of an SMTP conversation", kill_worker_mid_send)
            at(half - 12, "task worker started", worker.start)
            at(half, "app server 1 killed (SIGKILL)", apps[0].kill)
            at(half, "SMTP sink killed", sink.kill)
            at(half, "Redis shut down", redis.stop)
            at(half + 3, "Redis started", redis.start)
            at(half + 5, "app server 1 started", apps[0].start)
            at(half + 30, "SMTP sink started", sink.start)
            sink_back = time.monotonic()
            if args.stop_postgres:
                version = sorted(os.listdir("/etc/postgresql"))[-1]
                ctl = ["pg_ctlcluster", "--skip-systemctl-redirect", version, args.stop_postgres]
                at(half + 35, "PostgreSQL stopped", lambda: subprocess.run([*ctl, "stop", "-m", "fast"], check=True))
                at(half + 45, "PostgreSQL started", lambda: subprocess.run([*ctl, "start"], check=True))
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - start
        db.close()  # a connection of before a PostgreSQL restart is gone
        db = psycopg2.connect(database_url)
        db.autocommit = True

        print("load over; waiting for the outbox to empty ...", flush=True)
        drain_started = time.monotonic()

        def outbox_settled():
            with db.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM core_outboxmessage WHERE status = 'queued'")
                return cursor.fetchone()[0] == 0

        try:
            wait_until(outbox_settled, "the outbox", timeout=args.drain_timeout)
            drained = time.monotonic()
        except SystemExit:
            drained = None
        time.sleep(2)  # a message the worker sent a moment ago is on its way into the sink's file
        for app in apps:
            app.kill(signal.SIGTERM)
        down_status, down_retry_after = both_down_answer()
    finally:
        for service in reversed(services):
            service.stop()
        if redis.process:
            subprocess.run(["redis-cli", "-p", str(args.redis_port), "shutdown", "nosave"], capture_output=True)

    # --- the report ---
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT submission_token::text, count(*) FROM questions_question "
            "WHERE submission_token::text = ANY(%s) GROUP BY 1",
            [stats.acknowledged],
        )
        found = dict(cursor.fetchall())
        cursor.execute(
            "SELECT count(*) FROM questions_question q WHERE q.support_count <> "
            "(SELECT count(*) FROM questions_support s WHERE s.question_id = q.id)"
        )
        wrong_counts = cursor.fetchone()[0]
        cursor.execute(
            "SELECT u.username, s.question_id FROM questions_support s JOIN auth_user u ON u.id = s.user_id "
            "WHERE u.username LIKE 'load%%'"
        )
        supported_after = set(cursor.fetchall())
        cursor.execute("SELECT key, status, attempts FROM core_outboxmessage")
        outbox = {key: (status, attempts) for key, status, attempts in cursor.fetchall()}
        cursor.execute(
            "SELECT count(*) FROM questions_question WHERE submission_token::text = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM core_outboxmessage o WHERE o.key = 'question:' || questions_question.id || ':received')",
            [stats.acknowledged],
        )
        without_receipt = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'")
        # Tasks the killed worker was running: their message was handed over again by the scheduler.
        left_running = cursor.fetchone()[0] if args.tasks == "db" else "n/a"
    db.close()

    missing = [t for t in stats.acknowledged if t not in found]
    duplicated = [t for t, n in found.items() if n != 1]
    support_mismatch = 0
    for pair, toggles in stats.toggles.items():
        if pair in stats.unsure:
            continue
        expected = (pair in supported_before) != (toggles % 2 == 1)
        support_mismatch += expected != (pair in supported_after)
    lines = [json.loads(line) for line in received.read_text().splitlines()] if received.exists() else []
    received_keys = Counter(line["key"] for line in lines)
    statuses = Counter(status for status, _ in outbox.values())
    not_received = [k for k, (status, _) in outbox.items() if status == "sent" and received_keys[k] == 0]
    received_twice = [k for k, n in received_keys.items() if n > 1]
    unknown = [k for k in received_keys if k not in outbox]
    retried = sum(1 for _, attempts in outbox.values() if attempts > 1)
    total = sum(len(v) for v in stats.latency.values())
    all_statuses = sum((stats.status[page] for page in stats.status), Counter())

    report = []
    report.append(
        f"{args.clients} members, {elapsed:.0f} s, {total} requests through nginx to 2 gunicorn instances "
        f"({args.workers} workers each), {total / elapsed:.0f} req/s; PostgreSQL, Redis cache, "
        f"{subheading[0].lower()}{subheading[1:]}, scheduler, SMTP sink."
    )
    report.append("")
    report.append("| page | requests | p50 ms | p95 ms | statuses |")
    report.append("|---|---:|---:|---:|---|")
    for page, values in sorted(stats.latency.items()):
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(stats.status[page].items()))
        report.append(
            f"| {page} | {len(values)} | {statistics.median(values) * 1000:.0f} | "
            f"{percentile(values, 0.95) * 1000:.0f} | {codes} |"
        )
    report.append("")
    if events:
        report.append("Faults (seconds after the start): " + "; ".join(f"{t} {what}" for t, what in events) + ".")
        report.append("")
    drain = f"{drained - sink_back:.0f} s after the sink returned" if drained and not args.no_faults else ""
    drain = drain or (f"{drained - drain_started:.0f} s after the load" if drained else "NOT within the timeout")
    checks = [
        ("acknowledged submissions", len(stats.acknowledged), None),
        ("acknowledged submissions missing", len(missing), 0),
        ("acknowledged submissions duplicated", len(duplicated), 0),
        ("acknowledged submissions without a queued receipt", without_receipt, 0),
        ("concerns whose support count differs from their Support rows", wrong_counts, 0),
        ("acknowledged support toggles", sum(stats.toggles.values()), None),
        ("members' supports not as their acknowledged toggles left them", support_mismatch, 0),
        ("responses 500", all_statuses[500], 0),
        ("responses 503 (outage)", all_statuses[503], None),
        ("responses 503 without Retry-After", stats.no_retry_after, 0),
        ("connections refused or reset (no HTTP answer)", all_statuses[599], 0),
        ("e-mails in the outbox", len(outbox), None),
        ("e-mails sent after more than one attempt", retried, None),
        ("tasks the killed db_worker left running (their message handed over again)", left_running, None),
        ("task worker restarts by the supervisor (it exited by itself)", worker.restarts, None),
        ("e-mails still queued or failed", statuses["queued"] + statuses["failed"], 0),
        ("e-mails marked sent but not received by the sink", len(not_received), 0),
        ("e-mails received twice", len(received_twice), 0),
        ("messages received that the outbox does not know", len(unknown), 0),
        ("proxy checks failed (static cache and gzip, feed 304 and ETag, private media)", len(proxy_failures), 0),
    ]
    report.append("| check | value |")
    report.append("|---|---:|")
    ok = True
    for label, value, expected in checks:
        report.append(f"| {label} | {value} |")
        ok = ok and (expected is None or value == expected)
    both_down_ok = down_status == 503 and bool(down_retry_after)
    ok = ok and both_down_ok and drained is not None
    report.append("")
    report.append(f"Outbox emptied {drain}. Both app servers down: nginx answers {down_status}, Retry-After "
                  f"{down_retry_after}.")  # fmt: skip
    report.append(f"RESULT: {'PASS' if ok else 'FAIL'}")
    text = "\n".join(report)
    print("\n" + text)
    for failure in proxy_failures:
        print("proxy:", failure)
    print(f"logs: {work}")
    if args.results:
        write_results(args.results, subheading, text)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
