"""Peak memory and time of the spreadsheet exports at 100,000 concerns, each with one answer.

Not a test (pytest never runs it). Usage, against a database of its own (it migrates it and adds the rows once):

    DATABASE_URL=sqlite:////tmp/export_bench.sqlite3 .venv/bin/python bench/export_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dp_bench .venv/bin/python bench/export_bench.py --rows 100000

It requests /conferences/<slug>/questions/export.csv and .xlsx as an organizer through Django's test client, reads
the whole body, and prints the time, how much the process's peak resident memory grew (getrusage, so the numbers are
not slowed by tracing) and the size. Run it at two sizes (--rows 10000, --rows 100000): constant memory means the
same growth for both. --trace also reports tracemalloc's peak of Python allocations (several times slower).
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue_portal.settings")


def populate(rows: int, slug: str):
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from conferences.models import Conference, Participant
    from questions.models import Answer, Question

    conference, created = Conference.objects.get_or_create(
        slug=slug,
        defaults={
            "title": "Hội nghị đo hiệu năng xuất bảng tính",
            "starts_at": timezone.now(),
            "ends_at": timezone.now() + dt.timedelta(hours=3),
            "is_published": True,
            "status": Conference.Status.OPEN,
        },
    )
    have = conference.questions.count()
    if have < rows:
        author, _ = get_user_model().objects.get_or_create(username="bench-author", defaults={"first_name": "Bench"})
        chair, _ = Participant.objects.get_or_create(
            conference=conference, full_name="Lê Quang Hòa", role=Participant.Role.CHAIR
        )
        now = timezone.now()
        body = "Đề nghị lãnh đạo Sở quan tâm trang bị máy tính cho đoàn viên và chuyển đổi số. " * 4
        for start in range(have, rows, 5000):
            batch = Question.objects.bulk_create(
                Question(
                    conference=conference,
                    author=author,
                    title=f"Kiến nghị số {n} về chuyển đổi số",
                    body=body,
                    status=Question.Status.ANSWERED,
                    is_anonymous=n % 3 == 0,
                    submitted_at=now,
                )
                for n in range(start, min(rows, start + 5000))
            )
            Answer.objects.bulk_create(
                Answer(question=q, responder=chair, body="Sở ghi nhận và sẽ bố trí kinh phí trong năm.") for q in batch
            )
    return conference


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(client, url: str, trace: bool) -> tuple[float, float, float | None, int]:
    if trace:
        tracemalloc.start()
    before = peak_rss_mib()
    started = time.perf_counter()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    elapsed = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    tracemalloc.stop()
    return elapsed, peak_rss_mib() - before, traced, size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from conferences.models import Conference

    call_command("migrate", verbosity=0)
    conference = populate(args.rows, f"bench-export-{args.rows}")
    count = conference.questions.count()

    from django.contrib.auth import get_user_model

    setup_test_environment()
    admin, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    client = Client()
    client.force_login(admin)
    assert Conference.objects.filter(pk=conference.pk).exists()
    print(f"{count} concerns, one answer each")
    print(f"resident memory before the exports: {peak_rss_mib():.1f} MiB (peak so far)")
    for fmt in ("csv", "xlsx"):
        elapsed, grown, traced, size = measure(
            client, f"/conferences/{conference.slug}/questions/export.{fmt}", args.trace
        )
        line = f"{fmt:>4}: {elapsed:6.1f} s, peak resident memory grew {grown:6.1f} MiB, {size / 2**20:6.1f} MiB sent"
        print(line + (f", tracemalloc peak {traced:.1f} MiB" if traced is not None else ""), flush=True)


if __name__ == "__main__":
    main()
