"""The in-process half of the benchmark, run by bench/run.py in a process of its own per database.

    python bench/probe.py seed --concerns 10000     # migrate, demo data, N concerns (once per database)
    python bench/probe.py plan                      # pages to drive, sessions, queries and bytes per page (JSON)
    python bench/probe.py import                    # seconds to import 1,000 members (rolled back)

`plan` renders every page once through Django's test client to warm it, then once more inside
CaptureQueriesContext: the SQL count and the HTML size of a warm request. It also times the concern search in-process
(server time, no network) and shows PostgreSQL's plan for it.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue_portal.settings")

SEARCH = "chuyen doi so"


def seed(concerns: int) -> dict:
    from django.core.management import call_command

    from bench.seed import seed as add_rows
    from bench.seed import vacuum

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", force=True, verbosity=0)
    started = time.perf_counter()
    info = add_rows(concerns)
    info["seconds"] = round(time.perf_counter() - started, 1)
    vacuum()
    return info


def _client(user=None):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def pages() -> tuple[list[dict], dict]:
    """(name, role, path, headers, status) of every page, and the session cookie of each role."""
    from django.contrib.auth import get_user_model

    from bench.seed import MAIN_SLUG
    from conferences.models import Conference
    from questions.models import Directive, Question

    User = get_user_model()
    users = {"member": User.objects.get(username="member"), "organizer": User.objects.get(username="organizer")}
    main = Conference.objects.get(slug=MAIN_SLUG)
    concern = Question.objects.filter(conference=main, status=Question.Status.ANSWERED).order_by("-support_count")[0]
    directive = Directive.objects.filter(conclusion__conference__slug__startswith="bench-").order_by("pk")[0]
    conf = f"/conferences/{main.slug}"
    feed = f"{conf}/live/feed/"
    etag = _client().get(feed).headers["ETag"]
    plan = [
        ("/healthz", "anonymous", "/healthz", {}, 200),
        ("home", "anonymous", "/", {}, 200),
        ("conference list", "anonymous", "/conferences/", {}, 200),
        ("conference page", "anonymous", f"{conf}/", {}, 200),
        ("concern list", "anonymous", f"{conf}/questions/", {}, 200),
        ("concern list, supported", "anonymous", f"{conf}/questions/?sort=supported", {}, 200),
        (f"search “{SEARCH}”", "anonymous", f"{conf}/questions/?q={SEARCH.replace(' ', '+')}", {}, 200),
        ("concern page", "anonymous", f"/questions/{concern.pk}/", {}, 200),
        ("live feed 200", "anonymous", feed, {}, 200),
        ("live feed 304", "anonymous", feed, {"If-None-Match": etag}, 304),
        ("live page", "anonymous", f"{conf}/live/", {}, 200),
        ("API concerns list", "anonymous", f"/api/v1/concerns?conference={main.slug}", {}, 200),
        ("home", "member", "/", {}, 200),
        ("conference page", "member", f"{conf}/", {}, 200),
        ("concern list", "member", f"{conf}/questions/", {}, 200),
        ("concern page", "member", f"/questions/{concern.pk}/", {}, 200),
        ("submission form", "member", f"{conf}/questions/new/", {}, 200),
        ("my concerns", "member", "/questions/mine/", {}, 200),
        ("conference page", "organizer", f"{conf}/", {}, 200),
        ("concern list", "organizer", f"{conf}/questions/", {}, 200),
        ("moderation (pending)", "organizer", f"{conf}/moderate/", {}, 200),
        ("moderation (approved)", "organizer", f"{conf}/moderate/?status=approved", {}, 200),
        ("live console", "organizer", f"{conf}/live/console/", {}, 200),
        ("directives board", "organizer", "/directives/", {}, 200),
        ("directive page", "organizer", f"/directives/{directive.pk}/", {}, 200),
        ("dashboard", "organizer", "/dashboard/", {}, 200),
        ("members", "organizer", "/accounts/members/", {}, 200),
    ]
    sessions = {}
    for role, user in users.items():
        client = _client(user)
        sessions[role] = client.cookies["sessionid"].value
    return [dict(zip(("name", "role", "path", "headers", "status"), entry, strict=True)) for entry in plan], sessions


def measure_queries(plan: list[dict]) -> None:
    """Adds queries and html_bytes to each page of the plan: a warm request, as the steady state serves it."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()
    clients = {"anonymous": _client()}
    for role in ("member", "organizer"):
        clients[role] = _client(User.objects.get(username=role))
    for page in plan:
        client = clients[page["role"]]
        headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in page["headers"].items()}
        client.get(page["path"], **headers)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["path"], **headers)
        if response.status_code != page["status"]:
            raise SystemExit(f"{page['role']} {page['path']}: expected {page['status']}, got {response.status_code}")
        page["queries"] = len(queries.captured_queries)
        page["html_bytes"] = len(response.content) if page["status"] == 200 else 0


def search_timing(repeat: int = 40) -> dict:
    """Server time of the concern search as the list runs it (count and one page), and PostgreSQL's plan."""
    from django.db import connection
    from django.test import Client

    from bench.seed import MAIN_SLUG
    from conferences.models import Conference
    from questions.selectors import concerns as selectors

    main = Conference.objects.get(slug=MAIN_SLUG)
    client = Client()
    path = f"/conferences/{main.slug}/questions/?q={SEARCH.replace(' ', '+')}"
    client.get(path)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    queryset = selectors.public_concerns(conference=main, query=SEARCH)[:20]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "plan": plan,
    }


def import_timing(count: int = 1000) -> dict:
    """Importing count members through the service the import page calls, in a transaction that is rolled back."""
    from django.db import transaction

    from accounts import services
    from accounts.importing import MemberRow
    from conferences.models import Unit

    unit = Unit.objects.filter(is_active=True).order_by("pk").first()
    rows = [
        MemberRow(line=n + 2, username=f"bench-import-{n:05d}", full_name=f"Nguyễn Văn Nhập {n}",
                  email=f"bench-import-{n}@example.vn", unit_name=unit.name, position="Đoàn viên")
        for n in range(count)
    ]  # fmt: skip
    started = time.perf_counter()
    try:
        with transaction.atomic():
            services.member_import(rows=rows, base_url="http://127.0.0.1")
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 - the benchmark reports what went wrong and carries on
        return {"seconds": None, "error": f"{type(error).__name__}: {error}"[:200]}
    return {"seconds": round(elapsed, 2), "error": ""}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["seed", "plan", "import"])
    parser.add_argument("--concerns", type=int, default=10_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test.utils import setup_test_environment

    if args.command == "seed":
        print(json.dumps(seed(args.concerns)))
        return
    if args.command == "import":
        print(json.dumps(import_timing()))
        return
    setup_test_environment()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    plan, sessions = pages()
    measure_queries(plan)
    from bench.seed import MAIN_SLUG

    result = {"pages": plan, "sessions": sessions, "search": search_timing(), "main": MAIN_SLUG}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
