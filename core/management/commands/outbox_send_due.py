from django.core.management.base import BaseCommand

from core import tasks


class Command(BaseCommand):
    help = "Hand the task worker every queued e-mail whose time has come (retries, and lost hand-overs)."

    def handle(self, *args, **options):
        count = tasks.enqueue_due_messages()
        self.stdout.write(f"{count} e-mail(s) handed to the worker.")
