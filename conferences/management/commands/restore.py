from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conferences.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Replace the database and add the uploaded files from an archive made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, archive, yes=False, **options):
        if not yes:
            answer = input(
                f"This replaces every record in the database with the content of {archive}. Continue? [y/N] "
            )
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            manifest = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created_at']} from {archive}."))
