"""The "a build is queued or running" marker of a file built by the task queue (the board pack, the yearly report's
PDF and DOCX), on the ground floor so that each app's tasks read it the same way.

The marker lives in the shared cache as {"queued_at": datetime, "task_id": str}. A request queues a build only if it
`cache.add()`s the marker (atomic on Redis and on the database cache), so two servers never queue the same build
twice. A marker can outlive its build: the request that queued it rolled back, or a worker died. After
CHECK_TASK_AFTER, `live_marker` asks the queue whether the task is still waiting or running, and drops the marker when
it is not, so that the next request queues the build again.
"""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

CHECK_TASK_AFTER = timedelta(minutes=1)


def live_marker(key: str, task) -> dict | None:
    """The marker under `key` while `task`'s build is queued or running, else None (dropping a marker that outlived
    its build)."""
    marker = cache.get(key)
    if marker is None or timezone.now() - marker["queued_at"] < CHECK_TASK_AFTER:
        return marker
    try:
        pending = bool(marker["task_id"]) and task.get_result(marker["task_id"]).status in (
            TaskResultStatus.READY,
            TaskResultStatus.RUNNING,
        )
    except TaskResultDoesNotExist:
        pending = False
    if pending:
        return marker
    cache.delete(key)
    return None
