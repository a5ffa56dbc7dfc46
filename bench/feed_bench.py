"""Benchmark of the live feed against /healthz, in the same run, on gunicorn + PostgreSQL + Redis.

Not a test (pytest never runs it). Usage:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dp_bench .venv/bin/python bench/feed_bench.py
    make bench

It migrates the database, loads the demo data (--force), starts gunicorn with 2 workers on a free loopback port with
REDIS_URL (default redis://127.0.0.1:6379/5) as the cache, then sends a bounded number of requests from threads to
GET /healthz, GET the feed without If-None-Match (200) and GET the feed with the current ETag (304). It prints
requests/s and p50/p95 latency for each, the ratios to /healthz, and stops the server.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def request(port: int, path: str, headers: dict) -> tuple[int, float, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, elapsed, dict(response.getheaders())


def measure(port: int, path: str, headers: dict, count: int, concurrency: int, expected: int) -> dict:
    def one(_):
        return request(port, path, headers)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(count)))
    wall = time.perf_counter() - started
    statuses = {status for status, _latency, _headers in results}
    if statuses != {expected}:
        raise SystemExit(f"{path}: expected only {expected}, got {statuses}")
    latencies = sorted(latency for _status, latency, _headers in results)
    return {
        "rps": count / wall,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database reserved for the benchmark, e.g. .../dp_bench")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
    }
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_demo", "--force", "-v0")
    slug = (
        manage(
            env,
            "shell",
            "-c",
            "from conferences.models import Conference as C; print(C.objects.get(status='open').slug)",
        )
        .strip()
        .splitlines()[-1]
    )

    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "dialogue_portal.wsgi", "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                if request(port, "/healthz", {})[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start")
        feed = f"/conferences/{slug}/live/feed/"
        status, _latency, headers = request(port, feed, {})
        if status != 200:
            raise SystemExit(f"{feed}: expected 200, got {status}")
        etag = headers["ETag"]
        plan = [
            ("healthz", "/healthz", {}, 200),
            ("feed 200", feed, {}, 200),
            ("feed 304", feed, {"If-None-Match": etag}, 304),
        ]
        for _name, path, hdrs, expected in plan:  # warm-up: connections, caches
            measure(port, path, hdrs, 200, args.concurrency, expected)
        results = {name: measure(port, path, hdrs, args.requests, args.concurrency, expected)
                   for name, path, hdrs, expected in plan}  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(f"{args.requests} requests per endpoint, {args.concurrency} threads, gunicorn {args.workers} workers")
    print(f"{'endpoint':<10} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for name, figures in results.items():
        print(f"{name:<10} {figures['rps']:>9.0f} {figures['p50']:>8.2f} {figures['p95']:>8.2f}")
    base = results["healthz"]["rps"]
    print(f"ratio feed200/healthz = {results['feed 200']['rps'] / base:.2f}")
    print(f"ratio feed304/healthz = {results['feed 304']['rps'] / base:.2f}")


if __name__ == "__main__":
    main()
