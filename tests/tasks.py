"""Running the task queue inside a test: the real django-tasks-db backend and its worker, in this process."""

from unittest import mock

from django.db import connection
from django_tasks_db.management.commands import db_worker


def run_queued_tasks() -> None:
    """Run every queued task that is due, as `manage.py db_worker --batch` does in production, then return.

    The worker's `close_old_connections()` is what a long-running process needs between tasks; inside a test it would
    close the connection that holds the test's transaction (PostgreSQL), so it is switched off here, and only here.
    """
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
    assert connection.connection is not None or connection.vendor == "sqlite"
