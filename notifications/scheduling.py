"""The scheduler's one pass: run every job of settings.SCHEDULED_JOBS whose time slot has come, at most once per slot
across every scheduler process on every server (the ScheduledRun row is the lock)."""

import io
import logging
import socket
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from .models import ScheduledRun

logger = logging.getLogger(__name__)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def slot_start(now: datetime, every_minutes: int) -> datetime:
    """The start of the slot `now` falls in: slots are `every_minutes` long, counted from 2000-01-01 UTC."""
    length = timedelta(minutes=every_minutes)
    return EPOCH + ((now - EPOCH) // length) * length


# SQLite (the zero-set-up default, and the test suite's in-memory database) refuses a write while another connection
# writes, with "database is locked" or "database table is locked", instead of waiting as PostgreSQL does. The
# scheduler's own two writes wait and try again a few times (about 3 s in all) rather than lose the pass.
LOCKED_RETRIES = 6
LOCKED_FIRST_WAIT = 0.05


def _when_unlocked(write):
    for attempt in range(LOCKED_RETRIES + 1):
        try:
            return write()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == LOCKED_RETRIES:
                raise
            time.sleep(LOCKED_FIRST_WAIT * 2**attempt)
    return None  # not reached: the last attempt returns or raises


def claim(job: str, slot: datetime) -> ScheduledRun | None:
    """Insert the (job, slot) row; None when another scheduler inserted it first."""

    def insert():
        try:
            with transaction.atomic():
                return ScheduledRun.objects.create(job=job, slot=slot, host=socket.gethostname()[:200])
        except IntegrityError:
            return None

    return _when_unlocked(insert)


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Run the jobs due now; returns the names of those this process ran."""
    now = now or timezone.now()
    ran = []
    for job in settings.SCHEDULED_JOBS:
        run = claim(job["name"], slot_start(now, job["every_minutes"]))
        if run is None:
            continue
        out = io.StringIO()
        try:
            # Every job is idempotent (reminders carry dedupe keys; clearing sessions and old results can repeat), so
            # a job that met a locked SQLite database (`make run`, the test suite's threads) is simply run again.
            _when_unlocked(
                lambda job=job, out=out: call_command(job["command"], *job.get("args", []), stdout=out, stderr=out)
            )
        except Exception:  # a failing job is recorded and logged; the other jobs still run
            logger.exception("Scheduled job %s failed", job["name"])
            run.succeeded = False
        else:
            run.succeeded = True
        run.output = out.getvalue()[-5000:]
        run.finished_at = timezone.now()
        _when_unlocked(lambda run=run: run.save(update_fields=["succeeded", "output", "finished_at"]))
        logger.info("Scheduled job %s ran (slot %s, succeeded=%s)", job["name"], run.slot, run.succeeded)
        ran.append(job["name"])
    return ran
