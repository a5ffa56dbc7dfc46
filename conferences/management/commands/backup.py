from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from conferences.backup import FORMAT_DUMPDATA, FORMAT_PG, BackupError, create_backup


class Command(BaseCommand):
    help = "Save the database and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default: backups/portal-<date-time>.tar.gz).",
        )
        parser.add_argument(
            "--format",
            choices=[FORMAT_PG, FORMAT_DUMPDATA],
            help="pg_dump (the default on PostgreSQL) or dumpdata (Django, XML; the default elsewhere).",
        )

    def handle(self, *args, output=None, format=None, **options):
        output = output or Path("backups") / f"portal-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = create_backup(output, fmt=format)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(manifest["row_counts"].values())
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output} ({manifest['format']}, {total} rows)."))
