"""How far the worker has gone with a plan import, for the job's page (issue 19: a 20,000-row import takes tens of
seconds, and a page that only says "being imported" for that long looks stuck).

Kept in the shared cache, not on the job: the import writes inside one transaction (all or nothing), and progress
saved on the job from in there would be invisible to the page until the very end. The cache is shared by every
server (Redis, or the database cache: bscb/settings/base.py), so any server's page sees what any worker wrote.

    plan-import-progress:<job id>    {"step": "reading", "row": 8000, "last_row": 20001}
                                     {"step": "writing", "rows": 20000}

The worker writes it every READ_EVERY rows it reads (40 writes for 20,000 rows) and once before writing; it is
dropped when the job ends, and expires by itself if a worker dies mid-import.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.utils.formats import number_format

READ_EVERY = 500
PROGRESS_SECONDS = 60 * 60


def progress_key(job_id: int) -> str:
    return f"plan-import-progress:{job_id}"


def reading_reporter(job_id: int) -> Callable[[int, int | None], None]:
    """The reader's callback: records the sheet row it has reached, and the sheet's last row when the file says."""

    def report(row: int, last_row: int | None) -> None:
        cache.set(progress_key(job_id), {"step": "reading", "row": row, "last_row": last_row}, PROGRESS_SECONDS)

    return report


def record_writing(job_id: int, rows: int) -> None:
    cache.set(progress_key(job_id), {"step": "writing", "rows": rows}, PROGRESS_SECONDS)


def clear(job_id: int) -> None:
    cache.delete(progress_key(job_id))


def progress_text(job_id: int) -> str:
    """One sentence for the job's page ("Reading row 8,000 of 20,001"), or "" when nothing is recorded."""
    progress = cache.get(progress_key(job_id))
    if not progress:
        return ""
    if progress.get("step") == "writing":
        rows = progress["rows"]
        return f"Writing {number_format(rows, force_grouping=True)} action{'s' if rows != 1 else ''} into the new plan"
    text = f"Reading row {number_format(progress['row'], force_grouping=True)}"
    if progress.get("last_row"):
        text += f" of {number_format(progress['last_row'], force_grouping=True)}"
    return text
