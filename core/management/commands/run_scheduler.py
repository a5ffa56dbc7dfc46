import datetime as dt
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from core import tasks


class Command(BaseCommand):
    help = (
        "The portal's clock, run beside the task worker: every minute the e-mails due (retries, lost hand-overs), "
        "and once a day, from REMINDERS_AT, the directive reminders (running them twice a day sends nothing twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due now, then stop.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between two rounds (default 60).")

    def handle(self, *args, once=False, interval=60, **options):
        reminded_on = None
        while True:
            tasks.enqueue_due_messages()
            now = timezone.localtime()
            if reminded_on != now.date() and now.time() >= dt.time.fromisoformat(settings.REMINDERS_AT):
                call_command("send_directive_reminders", stdout=self.stdout)
                reminded_on = now.date()
            if once:
                return
            time.sleep(max(1, interval))
