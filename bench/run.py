"""`make bench`: every page of the portal under load at N concerns, side by side with /healthz in one run.

    make bench                       # 10,000 and 100,000 concerns, with and without Redis
    make bench N=10000 DURATION=3    # one size, shorter runs, for iterating
    .venv/bin/python bench/run.py --concerns 10000 --pollers   # also 1,000 connections on the live feed

For each size it creates a PostgreSQL database of its own (bench_portal_<N>, kept for the next run; --reseed drops
it), seeds it (bench/seed.py), collects the static files, and starts gunicorn (2 workers, DEBUG off) once with Redis
as the cache and once with the database cache. wrk (installed with apt-get when missing) drives each page for a few
seconds at 8 connections as an anonymous visitor, a member and an organizer. The SQL count and HTML size of each
page come from one warm request through Django's test client (bench/probe.py). The table goes to the terminal and
to bench/RESULTS.md, between markers, with the machine's details; sections of other benchmarks there are kept.

Loopback only, bounded in time; not part of the test suite.
"""

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import Row, markdown_table, parse_wrk, with_ratios  # noqa: E402

PYTHON = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- bench:pages begin -->", "<!-- bench:pages end -->"


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing it from Debian (apt-get install wrk)", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"], check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    )
    return shutil.which("wrk") or "wrk"


def psql(sql: str) -> str:
    return subprocess.run(
        ["psql", PG + "/postgres", "-tAc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def base_env(database: str, media: Path, redis: bool) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SERVE_MEDIA": "1",
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_API_RATE_LIMIT": "100000000/min",
        "REDIS_URL": REDIS if redis else "",
    }
    return env


def run_json(env: dict, *args: str, timeout: float | None = None) -> dict:
    done = subprocess.run(
        [PYTHON, "bench/probe.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"bench/probe.py {' '.join(args)} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(concerns: int, reseed: bool, media: Path) -> tuple[str, dict]:
    database = f"bench_portal_{concerns}"
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'") == "1"
    if exists and reseed:
        psql(f"DROP DATABASE {database} WITH (FORCE)")
        exists = False
    if not exists:
        psql(f"CREATE DATABASE {database}")
    env = base_env(database, media, redis=False)
    started = time.perf_counter()
    info = run_json(env, "seed", "--concerns", str(concerns))
    info["total_seconds"] = round(time.perf_counter() - started, 1)
    return database, info


def import_members(env: dict, timeout: int) -> dict:
    """1,000 members through the import service, in a process of its own that is stopped after timeout seconds."""
    if timeout <= 0:
        return {"seconds": None, "error": "skipped (--import-timeout 0)"}
    try:
        return run_json(env, "import", timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "error": f"stopped after {timeout} s, so more than {timeout} s"}


def collect_static(env: dict) -> None:
    """collectstatic compresses every file, which takes a minute on a busy machine: only when a file changed."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    sources = [path.stat().st_mtime for path in (ROOT / "static").rglob("*") if path.is_file()]
    if manifest.exists() and manifest.stat().st_mtime > max(sources, default=0):
        return
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


class Server:
    def __init__(self, env: dict, workers: int):
        self.port = free_port()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "dialogue_portal.wsgi", "--workers", str(workers), "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", "--timeout", "120"],
            cwd=ROOT, env=env,
        )  # fmt: skip

    def __enter__(self):
        for _ in range(300):
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        self.process.terminate()
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a worker still busy with a long download
            self.process.kill()
            self.process.wait(timeout=30)


def wrk(binary: str, port: int, page: dict, cookie: str, duration: int, connections: int) -> dict:
    command = [binary, "--latency", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    headers = dict(page["headers"])
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run([*command, f"http://127.0.0.1:{port}{page['path']}"], capture_output=True, text=True)
    return parse_wrk(done.stdout)


def drive(binary: str, env: dict, plan: dict, args, with_exports: bool = True) -> list[Row]:
    rows = []
    pages = list(plan["pages"])
    healthz = next(page for page in pages if page["path"] == "/healthz")
    # /healthz again in the middle and at the end: the ratios use the median, the machine's load moves meanwhile.
    pages.insert(len(pages) // 2, healthz)
    pages.append(healthz)
    with Server(env, args.workers) as server:
        for page in pages:
            cookie = plan["sessions"].get(page["role"], "")
            headers = {**page["headers"], **({"Cookie": f"sessionid={cookie}"} if cookie else {})}
            status, _body = get(server.port, page["path"], headers)  # warm-up, and the status it answers
            note = "" if status == page["status"] else f"answered {status}"
            wrk(binary, server.port, page, cookie, 1, args.connections)
            figures = wrk(binary, server.port, page, cookie, args.duration, args.connections)
            rows.append(Row(page["name"], page["role"], html_bytes=page["html_bytes"] or None,
                            queries=page["queries"], note=note, **figures))  # fmt: skip
            print(f"  {page['role']:<10} {page['name']:<28} {figures['rps'] or 0:>8.0f} req/s", flush=True)
        if with_exports:
            rows += exports(server.port, plan)
    return with_ratios(rows)


def exports(port: int, plan: dict) -> list[Row]:
    """Spreadsheet exports are downloads, not pages: one request each, its time and size (memory: export_bench)."""
    rows = []
    slug = plan["main"]
    cookie = {"Cookie": f"sessionid={plan['sessions']['organizer']}"}
    for name, path in (
        ("export concerns CSV", f"/conferences/{slug}/questions/export.csv"),
        ("export concerns XLSX", f"/conferences/{slug}/questions/export.xlsx"),
        ("export directives CSV", "/directives/export.csv"),
    ):
        status, size, elapsed, finished = download(port, path, cookie, EXPORT_SECONDS)
        note = f"one download, {size / 2**20:.1f} MB" + ("" if status == 200 else f", answered {status}")
        if not finished:
            note += f", stopped reading after {EXPORT_SECONDS} s"
        rows.append(Row(name, "organizer", p50_ms=elapsed * 1000, note=note))
    return rows


EXPORT_SECONDS = 30


def download(port: int, path: str, headers: dict, limit: float) -> tuple[int, int, float, bool]:
    """(status, bytes, seconds, finished) of one download, read for at most limit seconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=limit)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    size, finished, status = 0, True, 0
    try:
        response = connection.getresponse()
        status = response.status
        while chunk := response.read(65536):
            size += len(chunk)
            if time.perf_counter() - started > limit:
                finished = False
                break
    except TimeoutError:
        finished = False
    connection.close()
    return status, size, time.perf_counter() - started, finished


def pollers(binary: str, env: dict, plan: dict, args) -> str:
    """1,000 connections held on the live feed (half 200, half 304 would need two wrk; the 200 is the heavier)."""
    feed = next(page for page in plan["pages"] if page["name"] == "live feed 200")
    lines = []
    with Server(env, args.workers) as server:
        for page in (
            feed,
            {**feed, "headers": next(p for p in plan["pages"] if p["name"] == "live feed 304")["headers"]},
        ):
            command = [binary, "--latency", "-t2", "-c1000", f"-d{max(args.duration, 10)}s", "--timeout", "10s"]
            for name, value in page["headers"].items():
                command += ["-H", f"{name}: {value}"]
            done = subprocess.run([*command, f"http://127.0.0.1:{server.port}{page['path']}"], capture_output=True,
                                  text=True)  # fmt: skip
            figures = parse_wrk(done.stdout)
            if figures["rps"] is None:
                lines.append(f"- wrk failed: {(done.stderr or done.stdout).strip()[:300]}")
                continue
            kind = "304" if page["headers"] else "200"
            socket_line = next((line.strip() for line in done.stdout.splitlines() if "Socket errors" in line), "")
            lines.append(
                f"- live feed {kind}, 1,000 connections: {figures['rps'] or 0:,.0f} req/s, p50 {figures['p50_ms']} ms,"
                f" p99 {figures['p99_ms']} ms, errors {figures['errors']}"
                + (f" ({socket_line})" if socket_line else "")
            )
    return "\n".join(lines)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    memory = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    load = os.getloadavg()
    postgres = psql("SHOW server_version")
    wrk_version = (
        subprocess.run([shutil.which("wrk") or "wrk", "-v"], capture_output=True, text=True)
        .stdout.split("[")[0]
        .strip()
    )
    return (
        f"{os.cpu_count()} × {cpu}, {int(memory) // 1024 // 1024} GiB, {platform.platform()}, Python "
        f"{platform.python_version()}, PostgreSQL {postgres}, {wrk_version or 'wrk'}; load average at the start "
        f"{load[0]:.1f} (the machine is shared, so compare the ratios, not the absolute numbers)"
    )


def write_results(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if BEGIN in current and END in current:
        before, rest = current.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        current = before + BEGIN + "\n" + text + "\n" + END + after
    else:
        current = current.rstrip() + "\n\n" + BEGIN + "\n" + text + "\n" + END + "\n"
    RESULTS.write_text(current, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concerns", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", choices=["both", "redis", "database"], default="both")
    parser.add_argument("--pollers", action="store_true", help="also hold 1,000 connections on the live feed")
    parser.add_argument("--import-timeout", type=int, default=60, help="seconds; 0 skips the member import")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the databases again")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()

    binary = ensure_wrk()
    media = Path(tempfile.gettempdir()) / "bench_portal_media"
    sections = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}.\n"
                f"gunicorn {args.workers} workers, wrk {args.connections} connections, {args.duration} s per page; "
                "SQL = queries of one warm request through the test client."]  # fmt: skip
    for concerns in args.concerns:
        print(f"== {concerns:,} concerns: preparing the database", flush=True)
        database, info = prepare(concerns, args.reseed, media)
        print(f"   {info}", flush=True)
        caches = {"both": ["redis", "database"], "redis": ["redis"], "database": ["database"]}[args.cache]
        env = base_env(database, media, redis=True)
        collect_static(env)
        plan = run_json(env, "plan", "--concerns", str(concerns))
        search, imported = plan["search"], import_members(env, args.import_timeout)
        sections.append(
            f"### {concerns:,} concerns\n\n"
            + ("Database seeded by an earlier run. " if info.get("reused") else f"Seeded in {info['seconds']} s. ")
            + "Search “chuyen doi so” in-process: "
            f"p50 {search['p50_ms']} ms, p95 {search['p95_ms']} ms of server time (list page, count and first page). "
            + (
                f"Importing 1,000 members: {imported['seconds']} s."
                if imported["seconds"] is not None
                else f"Importing 1,000 members: not measured ({imported['error']})."
            )  # fmt: skip
        )
        index_lines = [line for line in search["plan"] if "Index" in line or "Seq Scan" in line]
        sections.append(
            "PostgreSQL's plan for the search (first page):\n\n```\n" + "\n".join(index_lines[:8]) + "\n```"
        )
        for cache in caches:
            print(f"-- {concerns:,} concerns, cache: {cache}", flush=True)
            # The exports do not read the cache: timed once, with the first cache.
            rows = drive(binary, base_env(database, media, redis=cache == "redis"), plan, args, cache == caches[0])
            table = markdown_table(rows)
            print(table, flush=True)
            sections.append(f"#### Cache: {'Redis' if cache == 'redis' else 'the database'}\n\n{table}")
            if not args.no_write:  # after each table, so a run stopped later keeps what it measured
                write_results("## Pages under load (`make bench`)\n\n" + "\n\n".join(sections))
        if args.pollers:
            print("-- 1,000 connections on the live feed", flush=True)
            text = pollers(binary, base_env(database, media, redis=True), plan, args)
            print(text, flush=True)
            sections.append("#### 1,000 concurrent feed pollers (Redis)\n\n" + text)
    if not args.no_write:
        write_results("## Pages under load (`make bench`)\n\n" + "\n\n".join(sections))
        print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
