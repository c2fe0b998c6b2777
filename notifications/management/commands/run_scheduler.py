import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from notifications.schedule import JOBS, enqueue_due


class Command(BaseCommand):
    help = (
        "Enqueue the periodic tasks (notifications/schedule.py) when their time comes; the worker "
        "(manage.py db_worker) runs them. Safe to run on several servers at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=20, help="Seconds between checks (default 20).")
        parser.add_argument("--once", action="store_true", help="Check once and exit (for cron or a test).")

    def handle(self, *args, interval, once, **options):
        self.running = True
        if not once:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
            names = ", ".join(job.name for job in JOBS)
            self.stdout.write(f"Scheduler running: {names}. Ctrl-C to stop.")
        while self.running:
            for name in enqueue_due():
                self.stdout.write(f"Enqueued {name}.")
            if once:
                break
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, interval))
            # A long-running process: drop a connection the database closed or that is too old.
            close_old_connections()

    def stop(self, signum, frame):
        self.running = False
