"""E-mail each unit its directives due within 7 days and those overdue (run daily from cron); idempotent per day."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from questions import services


class Command(BaseCommand):
    help = "E-mail each unit's liaisons the directives due within 7 days and those overdue; once a day at most."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD), for tests and backfills.")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be a date written YYYY-MM-DD.") from None
        summary = services.directive_reminders_send(today=today)
        self.stdout.write(
            f"Reminders: one e-mail to each of {summary.units_mailed} unit(s), {summary.directives} directive line(s)."
        )
        if summary.skipped_units:
            self.stdout.write("No liaison with an e-mail address: " + "; ".join(summary.skipped_units))
