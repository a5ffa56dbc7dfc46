"""Load-and-fault test: gunicorn on PostgreSQL, concurrent members browsing, submitting and supporting.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dp_load .venv/bin/python bench/load_fault.py
    DATABASE_URL=... .venv/bin/python bench/load_fault.py --fault      # stop PostgreSQL for 10 s half-way
    # a separate cluster keeps other users of the machine's database unharmed during --fault:
    #   pg_createcluster 15 loadtest --port 5433 && pg_ctlcluster 15 loadtest start
    #   DATABASE_URL=postgres://postgres@127.0.0.1:5433/dp_load ... --fault --cluster loadtest

Loopback only; bounded in time. Prints requests, errors and p95 latency per page, then checks the database:
every acknowledged submission exists exactly once, and each support count equals its Support rows.
"""

import argparse
import http.cookiejar
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PORT = 8200
BASE = f"http://127.0.0.1:{PORT}"
SLUG_SQL = "SELECT slug, id FROM conferences_conference WHERE status = 'open' ORDER BY starts_at DESC LIMIT 1"


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


CREATE_USERS = """
from django.contrib.auth.models import Group, User
group = Group.objects.get(name="Đoàn viên")
for i in range({n}):
    user, created = User.objects.get_or_create(username=f"load{{i}}", defaults={{"first_name": f"Tải {{i}}"}})
    if created:
        user.set_password("load-test-password")
        user.save()
        user.groups.add(group)
"""


class Client:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(BASE + path, data=body)
        if body is not None:
            req.add_header("Referer", BASE + path)
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read().decode(errors="replace"), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.status = defaultdict(lambda: defaultdict(int))
        self.acknowledged = []  # submission tokens answered with a redirect to the confirmation
        self.outage = (0.0, 0.0)
        self.errors_outside_outage = []

    def record(self, page, started, status):
        with self.lock:
            self.latency[page].append(time.monotonic() - started)
            self.status[page][status] += 1
            # Requests sent while the database is down, or in the few seconds it takes to accept connections again.
            in_outage = self.outage[0] - 5 <= started <= self.outage[1] + 5
            if status >= 500 and not in_outage:
                self.errors_outside_outage.append((page, status))


def member_session(index, slug, question_ids, topic_ids, stats, deadline):
    client = Client()
    time.sleep(index * 0.1)  # password hashing is deliberately slow: stagger the logins
    for _attempt in range(3):
        started = time.monotonic()
        try:
            client.request("/accounts/login/")
            status, _, _ = client.request(
                "/accounts/login/",
                {"username": f"load{index}", "password": "load-test-password", "csrfmiddlewaretoken": client.csrf()},
            )
        except OSError:
            status = 599
        stats.record("login", started, status)
        if status == 302:
            break
    else:
        return
    rng = random.Random(index)
    while time.monotonic() < deadline:
        action = rng.choices(["home", "list", "detail", "submit", "support"], weights=[2, 3, 3, 1, 2])[0]
        started = time.monotonic()
        try:
            if action == "home":
                status, _, _ = client.request("/")
            elif action == "list":
                status, _, _ = client.request(f"/conferences/{slug}/questions/?sort=supported")
            elif action == "detail":
                status, _, _ = client.request(f"/questions/{rng.choice(question_ids)}/")
            elif action == "support":
                status, _, _ = client.request(
                    f"/questions/{rng.choice(question_ids)}/support/", {"csrfmiddlewaretoken": client.csrf()}
                )
            else:
                token = str(uuid.uuid4())
                status, _, _ = client.request(
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
            status = 599  # connection refused or reset
        stats.record(action, started, status)


def p95(values):
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values, default=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--fault", action="store_true", help="stop PostgreSQL for 10 s half-way")
    parser.add_argument(
        "--cluster", default="main", help="the pg_ctlcluster cluster that serves DATABASE_URL (stopped by --fault)"
    )
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database on this machine, e.g. postgres://postgres@127.0.0.1/dp_load"
        )

    dbname = urllib.parse.urlparse(database_url).path.lstrip("/")
    admin = psycopg2.connect(database_url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{dbname}"')
    admin.close()

    env = dict(
        os.environ,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_QUESTIONS_PER_HOUR="100000",
        DJANGO_LOGIN_FAILURE_LIMIT="1000",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6"),
        EMAIL_URL="dummymail://",
        DJANGO_LOG_LEVEL="ERROR",
    )
    print("preparing the database ...", flush=True)
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo", "--force")
    manage(env, "collectstatic", "--no-input")
    manage(env, "shell", "-c", CREATE_USERS.format(n=args.clients))

    db = psycopg2.connect(database_url)
    db.autocommit = True
    with db.cursor() as cursor:
        cursor.execute(SLUG_SQL)
        slug, conference_id = cursor.fetchone()
        cursor.execute(
            "SELECT id FROM questions_question WHERE conference_id = %s AND status IN ('approved', 'answered')",
            [conference_id],
        )
        question_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT id FROM questions_topic WHERE is_active")
        topic_ids = [row[0] for row in cursor.fetchall()]
    db.close()

    server = subprocess.Popen(
        [GUNICORN, "dialogue_portal.wsgi", "--workers", str(args.workers), "--bind", f"127.0.0.1:{PORT}",
         "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(BASE + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        stats = Stats()
        start = time.monotonic()
        deadline = start + args.duration
        threads = [
            threading.Thread(target=member_session, args=(i, slug, question_ids, topic_ids, stats, deadline))
            for i in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        if args.fault:
            time.sleep(args.duration / 2)
            version = sorted(os.listdir("/etc/postgresql"))[0]
            print("stopping PostgreSQL for 10 s ...", flush=True)
            stats.outage = (time.monotonic(), time.monotonic() + 10)
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, args.cluster, "stop", "-m", "fast"])
            time.sleep(10)
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, args.cluster, "start"], check=True)
            stats.outage = (stats.outage[0], time.monotonic())
            print("PostgreSQL is back.", flush=True)
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - start
        healthz_after = urllib.request.urlopen(BASE + "/healthz", timeout=5).status
    finally:
        server.terminate()
        server.wait(timeout=30)

    total = sum(len(v) for v in stats.latency.values())
    print(f"\n{args.clients} clients, {elapsed:.0f} s, {total} requests, {total / elapsed:.0f} req/s")
    print(f"{'page':<8} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8}  statuses")
    for page, values in sorted(stats.latency.items()):
        statuses = ", ".join(f"{code}×{n}" for code, n in sorted(stats.status[page].items()))
        p50_ms, p95_ms = statistics.median(values) * 1000, p95(values) * 1000
        print(f"{page:<8} {len(values):>8} {p50_ms:>8.0f} {p95_ms:>8.0f}  {statuses}")

    db = psycopg2.connect(database_url)
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
    db.close()
    missing = [t for t in stats.acknowledged if t not in found]
    duplicated = [t for t, n in found.items() if n != 1]
    outage_statuses = defaultdict(int)
    print(f"\nacknowledged submissions: {len(stats.acknowledged)}, missing: {len(missing)}, "
          f"duplicated: {len(duplicated)}")  # fmt: skip
    print(f"questions whose support count differs from their Support rows: {wrong_counts}")
    print(f"server errors outside the outage: {len(stats.errors_outside_outage)}")
    if args.fault:
        for page in stats.status:
            for code in (503, 500, 599):
                outage_statuses[code] += stats.status[page].get(code, 0)
        print(f"during the outage: 503×{outage_statuses[503]}, 500×{outage_statuses[500]}, "
              f"refused×{outage_statuses[599]}; /healthz afterwards: {healthz_after}")  # fmt: skip
    ok = not missing and not duplicated and not wrong_counts and not stats.errors_outside_outage
    ok = ok and (not args.fault or (outage_statuses[500] == 0 and healthz_after == 200))
    print("RESULT:", "PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
