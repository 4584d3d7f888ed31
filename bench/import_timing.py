"""The 20,000-action import against `loaddata` of the same rows.

1. Build a 20,000-action workbook in the plan's layout with the export's own `action_plan_workbook` (4 priorities
   x 1,000 objectives x 5 actions, every row with its leads, timescale and dates), on a throwaway board.
2. Time the real import as the background worker runs it: the task function `onboarding.tasks.import_plan_job`,
   called through django-tasks' immediate backend (what `db_worker` calls), on a PlanImportJob holding the workbook.
   Its first pass reads and checks every row and records the preview (timed, reported apart); the job is then
   confirmed as the page does, and the second pass, the one timed against loaddata, reads the workbook again
   (openpyxl, every row validated), writes everything (bulk writes with their history baseline, the audit event and
   the job's outcome, one transaction) and records its progress on the job as it goes.
3. Serialise what the import wrote (plan, priorities, objectives with their stages, the leads it created, actions
   with their leads) to JSON, delete it, and time `loaddata` of that file.
4. Delete everything created on the throwaway board (kept itself: the import's audit events name it), including
   the history rows of both runs.

`loaddata` is the reference Django gives for "put these rows into the database": it writes each object with its own
INSERT (and its many-to-many links) through the model layer, with no validation. It runs with history switched off,
so it writes only the rows themselves, while the import also writes their history baseline.
"""

import datetime
import io
import tempfile
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from onboarding.models import PlanImportJob
from onboarding.plan_import import check_workbook_file
from onboarding.tasks import import_plan_job
from plans.models import Board, BusinessPlan, Lead
from priorities.models import Action, Objective, Priority
from priorities.transfer import action_plan_workbook

PRIORITIES = ["Child Sexual Exploitation", "Neglect", "Domestic Abuse", "E-Safety"]
HEADINGS = ["Prevent", "Identify", "Intervene & Support", "Enforce (disrupt and prosecute)"]
LEADS = ["MASE", "DV & VAWG", "Jo Moses", "Kaye Wise", "Hema Parmar", "LSCB Business Manager", "Youth Shield"]
SLUG = "bench-import"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def build_workbook(n_actions: int = 20_000) -> bytes:
    """A workbook of `n_actions` rows in the plan layout, from unsaved model instances (nothing is written)."""
    per_objective = 5
    objectives_per_priority = n_actions // len(PRIORITIES) // per_objective
    actions = []
    for p_index, title in enumerate(PRIORITIES):
        priority = Priority(pk=p_index + 1, title=title, order=p_index + 1)
        for o in range(objectives_per_priority):
            objective = Objective(
                priority=priority,
                order=o + 1,
                approach_heading=HEADINGS[o % len(HEADINGS)],
                what=f"Objective {o + 1} of {title}: reduce harm and improve the partnership's response",
            )
            for a in range(per_objective):
                number = len(actions) + 1
                actions.append(
                    Action(
                        objective=objective,
                        order=a + 1,
                        reference=f"IMP-{number:05d}",
                        how=f"Action {number}: deliver training, audit practice and report the learning to the board",
                        responsible_leads=f"{LEADS[number % len(LEADS)]}, {LEADS[(number + 3) % len(LEADS)]}",
                        outcomes="Evidence of improvement in the performance dataset",
                        timescale="July 2015 to March 2016",
                        start_date=datetime.date(2015, 7, 1),
                        due_date=datetime.date(2016, 3, 31),
                    )
                )
    buffer = io.BytesIO()
    action_plan_workbook(actions).save(buffer)
    return buffer.getvalue()


def _imported_objects(plan, lead_ids):
    return [
        plan,
        *Priority.objects.filter(plan=plan).order_by("pk"),
        *Lead.objects.filter(pk__in=lead_ids).order_by("pk"),
        *Objective.objects.filter(priority__plan=plan).prefetch_related("stages").order_by("pk"),
        *Action.objects.filter(objective__priority__plan=plan).prefetch_related("leads").order_by("pk"),
    ]


def _delete_plan(plan):
    """Delete an imported plan and its rows, without writing deletion history (these rows are benchmark data)."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
        Action.objects.filter(objective__priority__plan=plan).delete()
        Objective.objects.filter(priority__plan=plan).delete()
        Priority.objects.filter(plan=plan).delete()
        BusinessPlan.objects.filter(pk=plan.pk).delete()


def _clear_board(board):
    """Remove the throwaway board's plans, leads and every history row they left (history outlives its rows on
    purpose, as the audit trail; these rows were only ever benchmark data). The board itself stays: the import's audit
    events name it, and the audit log is never deleted."""
    plans = list(BusinessPlan.objects.filter(board=board))
    ids = {
        Priority: list(Priority.objects.filter(plan__in=plans).values_list("pk", flat=True)),
        Objective: list(Objective.objects.filter(priority__plan__in=plans).values_list("pk", flat=True)),
        Action: list(Action.objects.filter(objective__priority__plan__in=plans).values_list("pk", flat=True)),
        Lead: list(Lead.objects.filter(board=board).values_list("pk", flat=True)),
        BusinessPlan: [plan.pk for plan in plans],
    }
    for plan in plans:
        _delete_plan(plan)
    with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
        PlanImportJob.objects.filter(board=board).delete()
        Lead.objects.filter(board=board).delete()
        for model, pks in ids.items():
            model.history.model.objects.filter(id__in=pks).delete()


def _run_task(job_id: int) -> tuple[str, float]:
    """The worker's task function on the job, as `db_worker` runs it (the immediate backend calls it in-process)."""
    with override_settings(TASKS=IMMEDIATE_TASKS):
        started = time.perf_counter()
        outcome = import_plan_job.enqueue(job_id).return_value
        return outcome, time.perf_counter() - started


def import_vs_loaddata(n_actions: int = 20_000) -> dict:
    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench-importer")
    board, _ = Board.objects.get_or_create(
        slug=SLUG, defaults={"name": "Benchmark import board", "short_name": "BENCH"}
    )
    _clear_board(board)
    try:
        started = time.perf_counter()
        content = build_workbook(n_actions)
        build_seconds = time.perf_counter() - started
        check_workbook_file(SimpleUploadedFile("bench-plan.xlsx", content))
        job = PlanImportJob.objects.create(
            board=board,
            created_by=user,
            file_name="bench-plan.xlsx",
            file_size=len(content),
            file_bytes=content,
            title="Benchmark imported plan",
            slug="bench-imported",
            period="2015-2018",
            start_year=2015,
            end_year=2018,
        )
        # First pass: read and check every row, record the preview. Then confirm as the page does, and import.
        outcome, check_seconds = _run_task(job.pk)
        if outcome != "previewed":
            job.refresh_from_db()
            raise RuntimeError(f"The check pass said {outcome!r}: {job.failure} {job.errors[:3]}")
        PlanImportJob.objects.filter(pk=job.pk).update(
            confirmed_at=timezone.now(), status=PlanImportJob.Status.QUEUED, lead_decisions={}
        )
        outcome, import_seconds = _run_task(job.pk)
        job.refresh_from_db()
        if outcome != "succeeded" or job.summary.get("actions") != n_actions:
            raise RuntimeError(f"The import pass said {outcome!r} with {job.summary}: {job.failure}")
        plan = job.plan
        lead_ids = list(Lead.objects.filter(board=board).values_list("pk", flat=True))
        objects = _imported_objects(plan, lead_ids)
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "bench-import.json"
            with fixture.open("w") as out:
                serializers.serialize("json", objects, stream=out)
            fixture_bytes = fixture.stat().st_size
            PlanImportJob.objects.filter(pk=job.pk).update(plan=None)
            _delete_plan(plan)
            Lead.objects.filter(pk__in=lead_ids).delete()
            # History off: loaddata then writes exactly the rows (and their links), which is the stricter reference.
            # With it on, every many-to-many set would also write history rows one action at a time.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                started = time.perf_counter()
                call_command("loaddata", str(fixture), verbosity=0)
                loaddata_seconds = time.perf_counter() - started
        loaded = Action.objects.filter(objective__priority__plan_id=plan.pk).count()
        if loaded != n_actions:
            raise RuntimeError(f"loaddata restored {loaded} actions, expected {n_actions}")
        return {
            "import_actions": n_actions,
            "import_seconds": round(import_seconds, 2),
            "import_check_pass_seconds": round(check_seconds, 2),
            "loaddata_seconds": round(loaddata_seconds, 2),
            "workbook_build_seconds": round(build_seconds, 2),
            "workbook_bytes": len(content),
            "fixture_objects": len(objects),
            "fixture_bytes": fixture_bytes,
        }
    finally:
        _clear_board(board)
