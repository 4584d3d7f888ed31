from django.conf import settings
from django.db import models
from django.utils import timezone


class PlanImportJob(models.Model):
    """One upload of an action plan spreadsheet, checked then imported into a new plan by the task queue.

    Two passes of the worker: the first reads and checks every row and records what the import would create
    (`preview`, status PREVIEW); the administrator reviews it, decides about the new leads' names and confirms
    (`confirmed_at`, `lead_decisions`, status QUEUED again); the second pass imports. The bytes are kept until then.

    The import page (onboarding.views.plan_import) checks the file itself (type, size, archive) and the plan's details,
    keeps the uploaded bytes and those details here, and queues `onboarding.tasks.import_plan_job`; the job's page
    (`/onboarding/import/<pk>/`) says where it stands. Reading and importing a 20,000-row workbook takes 16-47 s, too
    long for a request behind a load balancer.

    The bytes are kept in the database, not on a disk: the worker that runs the import may be on another server than
    the one that took the upload. They are emptied once the job has finished, whatever the outcome (see
    onboarding/tasks.py for why), so `file_size` keeps the size for the page.

    The outcome: `plan` and `summary` (what was created) when the import succeeded; `failure` (one sentence for the
    person), `errors` (the first MAX_ERRORS problems, each naming sheet, row and column) and `error_count` (all of
    them) when it failed, in which case nothing was imported. `client_address` is the address the upload came from,
    for the audit event the task writes (the worker has no request).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Checking or importing"
        PREVIEW = "preview", "Checked: waiting for your confirmation"
        SUCCEEDED = "succeeded", "Imported"
        FAILED = "failed", "Not imported"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey("plans.Board", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client_address = models.GenericIPAddressField(null=True, blank=True)
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveIntegerField(default=0)
    file_bytes = models.BinaryField(default=b"", editable=False)

    # The new plan's details, as entered on the import form.
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=50)
    period = models.CharField(max_length=20)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    dated = models.CharField(max_length=40, blank=True)
    make_current = models.BooleanField(default=False)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    plan = models.ForeignKey("plans.BusinessPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    summary = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)

    # The check before the import (onboarding/plan_import/preview.py): what it would create, and the administrator's
    # decisions on the new leads' names, given when they confirm. An import runs only once confirmed.
    preview = models.JSONField(default=dict, blank=True)
    lead_decisions = models.JSONField(default=dict, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["board", "-created_at"])]

    def __str__(self):
        return f"Import of {self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED, self.Status.CANCELLED)

    @property
    def working(self) -> bool:
        """Waiting for the worker or being worked on: its page asks again by itself."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def more_errors(self) -> int:
        return max(self.error_count - len(self.errors), 0)
