"""Queuing a plan import (the import page, onboarding/views.py): the job and its task, in the request's transaction.
And a new board with the invitation of its first administrator (the platform operator's page)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.audit import record_change
from accounts.invitations import invitation_send
from accounts.models import AuditEvent
from accounts.roles import Role
from plans.models import Board

from .models import PlanImportJob
from .tasks import import_plan_job

# A job still waiting or running this long after its upload has most likely lost its worker: its short name may be used
# by a new upload again, and its page says so. A plan is still never imported twice: the task checks the short name
# before it writes, and the database refuses a second plan with the same short name on a board.
PENDING_FOR_AT_MOST = timedelta(minutes=15)


def slug_being_imported(board, slug: str) -> bool:
    """Whether a recent import of `board` that has not finished yet will create a plan with this short name."""
    return PlanImportJob.objects.filter(
        board=board,
        slug=slug,
        status__in=(PlanImportJob.Status.QUEUED, PlanImportJob.Status.RUNNING, PlanImportJob.Status.PREVIEW),
        created_at__gte=timezone.now() - PENDING_FOR_AT_MOST,
    ).exists()


@transaction.atomic
def queue_plan_import(
    *,
    board,
    user,
    upload,
    client_address: str | None,
    title: str,
    slug: str,
    period: str,
    start_year: int,
    end_year: int,
    dated: str = "",
    make_current: bool = False,
) -> PlanImportJob:
    """Keep the upload (already checked by `check_workbook_file`) and the plan's details in a new job, and queue its
    import. The queue's row is written in this transaction (django-tasks-db), so the job and its task are committed
    together with the request, or not at all."""
    upload.seek(0)
    content = upload.read()
    job = PlanImportJob.objects.create(
        board=board,
        created_by=user,
        client_address=client_address or None,
        file_name=(upload.name or "spreadsheet.xlsx")[:255],
        file_size=len(content),
        file_bytes=content,
        title=title,
        slug=slug,
        period=period,
        start_year=start_year,
        end_year=end_year,
        dated=dated,
        make_current=make_current,
    )
    import_plan_job.enqueue(job.pk)
    return job


@transaction.atomic
def confirm_plan_import(*, job: PlanImportJob, lead_decisions: dict) -> bool:
    """The administrator confirms the checked import, with their decisions on the new leads: the worker imports it.
    False when the job is no longer waiting for confirmation (a second tab, a second click)."""
    job = PlanImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != PlanImportJob.Status.PREVIEW:
        return False
    job.lead_decisions = lead_decisions
    job.confirmed_at = timezone.now()
    job.status = PlanImportJob.Status.QUEUED
    job.save(update_fields=["lead_decisions", "confirmed_at", "status"])
    import_plan_job.enqueue(job.pk)
    return True


@transaction.atomic
def cancel_plan_import(*, job: PlanImportJob) -> bool:
    """Drop a checked import that is waiting for confirmation (and its file). False when it is not waiting."""
    job = PlanImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != PlanImportJob.Status.PREVIEW:
        return False
    job.status = PlanImportJob.Status.CANCELLED
    job.finished_at = timezone.now()
    job.file_bytes = b""
    job.save(update_fields=["status", "finished_at", "file_bytes"])
    return True


def _free_slug(name: str) -> str:
    base = slugify(name)[:40].strip("-") or "board"
    slug, n = base, 1
    while Board.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def board_create(*, name, short_name, kind, admin_email, admin_first_name, admin_last_name, created_by) -> Board:
    """A new board, empty, and the invitation of its first administrator (sent by the task queue). The administrator
    sets up the rest (onboarding/views.py, plan_setup)."""
    board = Board.objects.create(name=name.strip(), short_name=short_name.strip(), kind=kind, slug=_free_slug(name))
    record_change(kind=AuditEvent.Kind.BOARD_CREATED, board=board, detail=f"Created the board {board.name}")
    invitation_send(
        board=board,
        email=admin_email,
        first_name=admin_first_name,
        last_name=admin_last_name,
        roles=[Role.BOARD_ADMIN.value],
        invited_by=created_by,
    )
    return board
