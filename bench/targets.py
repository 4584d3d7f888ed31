"""What the benchmark measures: issue 19's pages on board scale-000 of the generated data, plus the closed dashboard of
the one 2,000-action board ("big-000") when the database has it.

Imported only once bench/run.py has run django.setup() (it imports the models).
"""

import itertools
import threading
import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test.utils import override_settings
from django.urls import reverse

from bench.harness import Target
from plans.models import Board, Lead
from priorities.models import Action, Priority
from reporting.exports import board_pack_content, board_pack_key
from reporting.models import Quarter
from reporting.tasks import build_board_pack

# The worker's build, run in this process: the immediate backend calls the task function as `db_worker` would.
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Names shared with bench/run.py's goals.
FLOOR = "floor"
ADMIN = "admin changelist (400/page)"
DASH_CLOSED = "dashboard, closed quarter"
DASH_OPEN = "dashboard, open quarter"
MY_ACTIONS = "my actions"
PRIORITY = "priority page"
ACTION = "action page"
RAG_POST = "RAG update POST"
PACK_XLSX = "board pack XLSX (closed)"
PACK_PDF = "board pack PDF (closed)"
OVERVIEW = "cross-board overview (admin)"
DASH_BIG = "dashboard, closed quarter, 2,000-action board"


def _closed_quarter(plan):
    return Quarter.objects.filter(plan=plan, state="closed").order_by("-start_date").first()


def targets(session_cookie, csrf, *, big_slug: str | None = None) -> tuple[list[Target], dict]:
    """The timed targets (floor first) and the one-off measurements: {name: callable returning a dict}."""
    board = Board.objects.get(slug="scale-000")
    plan = board.plans.get()
    User = get_user_model()
    admin = User.objects.get(username="scale000-admin")
    bmg = User.objects.get(username="scale000-bmg")
    lead_person = Lead.objects.filter(board=board, kind="person", actions__isnull=False).order_by("pk").first()
    superuser, _ = User.objects.get_or_create(
        username="bench-superuser", defaults={"is_staff": True, "is_superuser": True}
    )
    closed = _closed_quarter(plan)
    open_quarter = Quarter.objects.filter(plan=plan, state="open").order_by("-start_date").first()
    priority = Priority.objects.filter(plan=plan).order_by("order").first()
    action_ids = list(Action.objects.filter(objective__priority__plan=plan).order_by("pk").values_list("pk", flat=True))
    counter = itertools.count()
    lock = threading.Lock()

    def next_action():
        with lock:
            return Action.objects.get(pk=action_ids[next(counter) % len(action_ids)])

    def rag_update():
        action = next_action()
        rag = "amber" if action.rag != "amber" else "green"
        return reverse("priorities:action_update", kwargs={"pk": action.pk}), {
            "rag": rag,
            "commentary": "Benchmark update: partners met and the plan is on course.",
            "evidence_of_impact": "",
            "escalation_reason": "",
            "version": action.version,
        }

    admin_cookie, bmg_cookie = session_cookie(admin), session_cookie(bmg)
    lead_cookie, super_cookie = session_cookie(lead_person.user), session_cookie(superuser)
    dashboard = reverse("reporting:dashboard")
    # Cheap pages get 200 samples; bench/run.py stops sampling a slow page after its time budget (40 at least).
    result = [
        Target(FLOOR, "/bench/floor/", samples=200),
        Target(ADMIN, "/bench/admin/priorities/action/", cookie=super_cookie),
        Target(DASH_CLOSED, f"{dashboard}?quarter={closed.pk}", cookie=bmg_cookie, samples=200, rps_goal=True),
        Target(DASH_OPEN, f"{dashboard}?quarter={open_quarter.pk}", cookie=bmg_cookie, samples=200),
        Target(MY_ACTIONS, reverse("priorities:my_actions"), cookie=lead_cookie, samples=200),
        Target(
            PRIORITY,
            reverse("priorities:priority_detail", kwargs={"slug": priority.slug}),
            cookie=bmg_cookie,
            samples=200,
        ),
        Target(
            ACTION, reverse("priorities:action_detail", kwargs={"pk": action_ids[0]}), cookie=bmg_cookie, samples=200
        ),
        Target(RAG_POST, "", cookie=admin_cookie, method="POST", make=rag_update, expect=(302,), samples=200),
        Target(
            PACK_XLSX, reverse("reporting:board_pack_xlsx", kwargs={"pk": closed.pk}), cookie=bmg_cookie, samples=200
        ),
        Target(PACK_PDF, reverse("reporting:board_pack_pdf", kwargs={"pk": closed.pk}), cookie=bmg_cookie, samples=200),
        Target(OVERVIEW, reverse("reporting:boards_overview"), cookie=super_cookie),
    ]
    big = Board.objects.filter(slug=big_slug).first() if big_slug else None
    if big is not None:
        big_bmg = User.objects.get(username=f"{big_slug.replace('-', '')}-bmg")
        big_closed = _closed_quarter(big.plans.get())
        result.append(
            Target(DASH_BIG, f"{dashboard}?quarter={big_closed.pk}", cookie=session_cookie(big_bmg), samples=200)
        )

    def board_pack_cold():
        """The closed quarter's pack (PDF and XLSX) made from scratch by the worker's task, `build_board_pack`, run
        in this process through the immediate backend: content, PDF, XLSX, into the shared cache. Its cached files are
        dropped first so that it builds; it leaves both in the cache, where the served pack targets find them (no
        worker runs during the benchmark, so a missing pack would time the "being prepared" page instead)."""
        content = board_pack_content(Quarter.objects.select_related("plan__board").get(pk=closed.pk))
        cache.delete_many([board_pack_key(content, kind) for kind in ("pdf", "xlsx")])
        with override_settings(TASKS=IMMEDIATE_TASKS):
            started = time.perf_counter()
            outcome = build_board_pack.enqueue(closed.pk).return_value
            seconds = time.perf_counter() - started
        if outcome != "built":
            raise RuntimeError(f"The cold board pack build said {outcome!r}, not 'built'")
        pdf = cache.get(board_pack_key(content, "pdf"))
        return {
            "board_pack_cold_seconds": round(seconds, 2),
            "board_pack_cold_actions": Action.objects.filter(objective__priority__plan=plan).count(),
            "board_pack_pdf_bytes": len(pdf),
        }

    return result, {"board_pack_cold": board_pack_cold}
