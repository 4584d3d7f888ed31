import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from notifications.scheduling import run_due_jobs


class Command(BaseCommand):
    help = (
        "Runs the scheduled jobs of settings.SCHEDULED_JOBS (update reminders, clearsessions, the expiry of old task "
        "results) when their time slot comes. Safe to run on several servers at once: each job runs once per slot, "
        "by whichever scheduler claims it first. Runs until stopped; --once runs one pass (for a cron line)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the jobs that are due, then exit")
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between passes (default 30)")

    def handle(self, *args, once=False, interval=30.0, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while self.running:
            close_old_connections()
            ran = run_due_jobs()
            if ran:
                self.stdout.write(f"Ran {', '.join(ran)}")
            close_old_connections()
            if once:
                return
            slept = 0.0
            while self.running and slept < interval:
                time.sleep(min(1.0, interval))
                slept += 1.0

    def _stop(self, signum, frame):
        self.running = False
