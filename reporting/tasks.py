"""The board pack's files, PDF and XLSX, built together on the task queue (issue 14), never in a request: WeasyPrint
takes seconds for a 400-action pack. Run by `manage.py db_worker` (django-tasks with the django-tasks-db backend;
`django.tasks` from Django 6).

Everything lives in the shared cache (Redis, or the database cache: bscb/settings/base.py), so any application server
serves a pack that any worker built:

    board-pack-pdf:<digest of the content>    the PDF (reporting.exports.board_pack_key), kept 7 days
    board-pack-xlsx:<digest of the content>   the XLSX, kept as long
    board-pack-building:<quarter id>          a build is queued or running: when, and its task's id
    board-pack-step:<task id>                 the step that build has reached, for the download page
    board-pack-failed:<quarter id>            the last build failed: when, and the error
    board-pack-closed-pdf:<quarter id>:<version>   a CLOSED quarter's PDF at its version (reporting/cache.py), and
    board-pack-closed-xlsx:<quarter id>:<version>  its XLSX: what the download views serve for a closed quarter

The download views (`board_pack_state`) of the open quarter compute the pack's content (its HTML and sheets, well
under a second) and serve the file kept under its digest; when there is none they queue a build and say so, with the
build's step. A closed quarter's content does not change except through a challenge, a sign-off (or its undo) and a
reopen, which bump its version (reporting/cache.py); its download reads the version (one query) and serves the file
kept under it, without computing the content (issue 19: the content costs tens of milliseconds a request). Closing a
quarter queues its build at once (`queue_board_pack_after_close`), and so does a challenge or a sign-off after the
close (`queue_board_pack_rebuild`), so a closed quarter's pack is made by the worker before anyone asks; until the
rebuild ends, the download says it is being prepared rather than serve the pack without the change.

Deduplication: at most one build is queued or running per quarter, because a request queues one only if it
`cache.add()`s the quarter's "building" marker. `add` is atomic on both shared caches (Redis SET NX; the database
cache's INSERT on its primary key, which a second server's transaction waits on and then fails), so of two servers
asked at the same moment exactly one queues. Counting queued rows of django_tasks_db's DBTaskResult instead is a
read then a write: two servers can both read "none" and both queue, unless they lock something, and it ties the check
to one task backend. The marker expires by itself (BUILD_MARKER_SECONDS) if a worker dies mid-build, and a marker
whose task is not queued or running any more (its request rolled back, say) is dropped after CHECK_TASK_AFTER
(bscb/build_markers.py, shared with the yearly report's files).
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone
from django_tasks import task

from bscb.build_markers import live_marker

from .cache import closed_pack_key, quarter_version
from .exports import (
    PDF_CACHE_SECONDS,
    board_pack_content,
    board_pack_key,
    board_pack_pdf_bytes,
    board_pack_xlsx_bytes,
)
from .models import Quarter

# Longer than a build waits in the queue and runs (under a minute usually): a marker outliving its build is dropped
# by the build itself; one whose worker died expires and the next request queues again.
BUILD_MARKER_SECONDS = 15 * 60
# A failure is shown (with "Try again") for this long; after it, the next request simply queues a new build.
FAILURE_SECONDS = 60 * 60
# A marker this old is checked against its task's result (one query), so a build that was never queued or that
# ended without clearing its marker does not keep the page waiting.
# The page says the build is taking longer than usual after this.
SLOW_AFTER = timedelta(minutes=2)


def building_key(quarter_id: int) -> str:
    return f"board-pack-building:{quarter_id}"


def failed_key(quarter_id: int) -> str:
    return f"board-pack-failed:{quarter_id}"


# The steps a build goes through, shown on the download page while it waits.
STEPS = {
    "queued": "waiting for the worker",
    "content": "gathering the figures",
    "pdf": "laying out the PDF",
    "xlsx": "writing the spreadsheet",
}


def step_key(task_id: str) -> str:
    return f"board-pack-step:{task_id}"


def _set_step(task_id: str, step: str) -> None:
    """Record the build's step under its own key: the quarter's marker may be replaced meanwhile (a close queues a
    new build), and the cache has no compare-and-set to update it safely."""
    cache.set(step_key(task_id), step, timeout=BUILD_MARKER_SECONDS)


@task(takes_context=True)
def build_board_pack(context, quarter_id: int) -> str:
    """Make the quarter's board pack PDF and XLSX and keep them in the shared cache under the content's digest.

    Returns "built", "cached" (both files of the same content were already there, so a redundant build costs only
    the content) or "missing" (the quarter was deleted). A failure is recorded for the download page, then raised, so
    the task's result says FAILED and the worker logs the traceback."""
    own_id = context.task_result.id
    try:
        quarter = (
            Quarter.objects.select_related("plan__board", "closed_by", "review_done_by").filter(pk=quarter_id).first()
        )
        if quarter is None:
            return "missing"
        # Read before the content: a change committed during the build bumps the version, so this build's files
        # land under the old one, which nobody asks for any more, and the change's own build makes the new one.
        version = quarter_version(quarter.pk) if quarter.is_closed else None
        _set_step(own_id, "content")
        content = board_pack_content(quarter)
        keys = {kind: board_pack_key(content, kind) for kind in ("pdf", "xlsx")}
        files = cache.get_many(list(keys.values()))
        if len(files) == len(keys):
            outcome = "cached"
            pdf, xlsx = files[keys["pdf"]], files[keys["xlsx"]]
        else:
            made_at = timezone.now()
            _set_step(own_id, "pdf")
            pdf = board_pack_pdf_bytes(content.html, generated_at=made_at)
            _set_step(own_id, "xlsx")
            xlsx = board_pack_xlsx_bytes(quarter, content.sheets, made_at=made_at)
            cache.set_many({keys["pdf"]: pdf, keys["xlsx"]: xlsx}, timeout=PDF_CACHE_SECONDS)
            outcome = "built"
        if version is not None:
            closed = {
                closed_pack_key(quarter.pk, version, "pdf"): pdf,
                closed_pack_key(quarter.pk, version, "xlsx"): xlsx,
            }
            cache.set_many(closed, timeout=PDF_CACHE_SECONDS)
    except Exception as exc:
        # Recorded before the marker is dropped (below), so the page never sees neither and queues the same failure.
        failure = {"error": f"{type(exc).__name__}: {exc}"[:500], "failed_at": timezone.now(), "task_id": own_id}
        cache.set(failed_key(quarter_id), failure, timeout=FAILURE_SECONDS)
        raise
    else:
        cache.delete(failed_key(quarter_id))
    finally:
        # The PDF (or the failure) is in the cache before the marker goes, so nobody queues the same build again.
        _drop_marker(quarter_id, own_id)
    return outcome


def _drop_marker(quarter_id: int, task_id: str) -> None:
    """Drop the quarter's marker if it is this build's: a quarter closed while an earlier build of its open content
    ran has put its own build's marker there, which must stay until that build ends."""
    marker = cache.get(building_key(quarter_id))
    if marker is not None and marker.get("task_id") == task_id:
        cache.delete(building_key(quarter_id))


def request_board_pack(quarter_id: int) -> bool:
    """Queue a build of the quarter's pack unless one is queued or running; True if this call queued it.

    The marker is added first and names its task once queued. On the database cache both writes are in the request's
    transaction with the queue row, so other servers see all or nothing; on Redis the marker is seen at once, and a
    marker whose queue row never commits is dropped by `_current_build` after bscb.build_markers.CHECK_TASK_AFTER."""
    key = building_key(quarter_id)
    queued_at = timezone.now()
    if not cache.add(key, {"queued_at": queued_at, "task_id": ""}, timeout=BUILD_MARKER_SECONDS):
        return False
    result = build_board_pack.enqueue(quarter_id)
    cache.set(key, {"queued_at": queued_at, "task_id": result.id}, timeout=BUILD_MARKER_SECONDS)
    return True


def queue_board_pack_after_close(quarter_id: int) -> None:
    """Queue the closed quarter's pack (reporting.services.quarter_close), in the close's transaction.

    Unconditional, unlike `request_board_pack`: a build already queued or running for the quarter may be rendering
    its open content, which the close has just changed. Its marker is replaced by this build's, so the download page
    waits for this one; the earlier build leaves the new marker alone (`_drop_marker`)."""
    queue_board_pack_rebuild(quarter_id)


def queue_board_pack_rebuild(quarter_id: int) -> None:
    """Queue a build of the quarter's pack whose content has just changed (a close; a challenge, a sign-off or its
    undo after it: reporting.services), in the change's transaction, replacing any build's marker (see above)."""
    result = build_board_pack.enqueue(quarter_id)
    marker = {"queued_at": timezone.now(), "task_id": result.id}
    cache.set(building_key(quarter_id), marker, timeout=BUILD_MARKER_SECONDS)


def _current_build(quarter_id: int) -> dict | None:
    """The quarter's marker if a build is queued or running, else None (dropping a marker that outlived its build)."""
    return live_marker(building_key(quarter_id), build_board_pack)


class _RecentFiles:
    """The last few closed packs this process served, by their versioned key. Safe to keep in the process: the bytes
    under a version's key never change (a change makes a new version, so a new key), and the version itself is read
    from the database on every request. It saves reading half a megabyte from the shared cache per download (the
    database cache's row, base64 and pickled, when there is no Redis). At most MAX files (about 4 MB)."""

    MAX = 8

    def __init__(self):
        self._files: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _useless() -> bool:
        # The cache is this process's memory already (the test settings): a copy would save nothing, and would
        # outlive the cache.clear() between tests, whose rolled-back databases reuse quarter ids.
        return isinstance(caches["default"], LocMemCache)

    def get(self, key):
        if self._useless():
            return None
        with self._lock:
            if key in self._files:
                self._files.move_to_end(key)
            return self._files.get(key)

    def put(self, key, data) -> None:
        if self._useless():
            return
        with self._lock:
            self._files[key] = data
            self._files.move_to_end(key)
            while len(self._files) > self.MAX:
                self._files.popitem(last=False)


_recent_files = _RecentFiles()


@dataclass(frozen=True)
class BoardPackState:
    """What a download view has for a quarter: the file, or the failure of the last build, or the pending build's
    step and the time it was queued (and whether that is longer ago than usual)."""

    file: bytes | None = None
    failure: dict | None = None
    queued_at: datetime | None = None
    slow: bool = False
    step: str = "queued"

    @property
    def step_number(self) -> int:
        return list(STEPS).index(self.step) + 1 if self.step in STEPS else 1

    @property
    def step_words(self) -> str:
        return STEPS.get(self.step, STEPS["queued"])

    @property
    def step_count(self) -> int:
        return len(STEPS)


def board_pack_state(quarter, kind: str = "pdf") -> BoardPackState:
    """The quarter's pack file of `kind` ("pdf" or "xlsx") for a download view, queuing a build of both when the
    current content has none.

    While a build is queued or running the answer costs two cache reads, not the content: the waiting page asks every
    5 seconds. A GET that queues a build is the one state change a GET makes here (issue 14: "on demand for the open
    quarter"); it writes only the cache and the task queue, and at most once per build.

    A closed quarter's file is looked up by its version first (one query and one cache read), never by computing its
    content; when that version has no file yet, the page waits for the build like any other."""
    closed_key = closed_pack_key(quarter.pk, quarter_version(quarter.pk), kind) if quarter.is_closed else None
    if closed_key is not None:
        built = _recent_files.get(closed_key)
        if built is None:
            built = cache.get(closed_key)
        if built is not None:
            _recent_files.put(closed_key, built)
            return BoardPackState(file=built)
    building = _current_build(quarter.pk)
    if building is not None:
        return BoardPackState(
            queued_at=building["queued_at"],
            slow=timezone.now() - building["queued_at"] > SLOW_AFTER,
            step=(building["task_id"] and cache.get(step_key(building["task_id"]))) or "queued",
        )
    failure = cache.get(failed_key(quarter.pk))
    if failure is not None:
        return BoardPackState(failure=failure)
    if closed_key is None:
        built = cache.get(board_pack_key(board_pack_content(quarter), kind))
        if built is not None:
            return BoardPackState(file=built)
    # If another request has just queued one, this one waits for it like everyone else.
    request_board_pack(quarter.pk)
    return BoardPackState(queued_at=timezone.now())


def forget_board_pack_failure(quarter_id: int) -> None:
    """Forget the last build's failure, so that the next download queues a new build."""
    cache.delete(failed_key(quarter_id))
