"""The reporting periods of a plan: financial quarters with their update deadlines, and the append-only record of
what happened to each (opened, closed, reopened, review signed off).

The quarters are the plan's, not the dashboard's: status updates (priorities), budget monitoring (budget) and the
dashboard (reporting) all refer to them, so they stand on the plans floor (docs/CONVENTIONS.md). They moved here from
`reporting` in issue 13 with state-only migrations: the tables keep their names (`reporting_quarter`,
`reporting_quarterevent`), so every row, every foreign key and the append-only trigger stayed exactly where they were.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from bscb.history import AppendOnlyModel


class Quarter(models.Model):
    """A financial quarter of a plan (Q1 = April to June), with the deadline for leads' updates.

    One quarter per plan is open at a time. Closing freezes every action's status as the quarter's snapshot.
    """

    class State(models.TextChoices):
        FUTURE = "future", "Not yet open"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    plan = models.ForeignKey("plans.BusinessPlan", on_delete=models.CASCADE, related_name="quarters")
    financial_year = models.PositiveSmallIntegerField(help_text="Calendar year the financial year starts in")
    number = models.PositiveSmallIntegerField(help_text="1 to 4; Q1 is April to June")
    start_date = models.DateField()
    end_date = models.DateField()
    update_deadline = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.FUTURE)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_done_at = models.DateTimeField(null=True, blank=True, help_text="When the BMG signed off its review")
    review_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "reporting_quarter"  # the table of its first home (see the module docstring)
        ordering = ["plan", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "financial_year", "number"], name="quarter_unique_per_plan"),
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(state="open"), name="one_open_quarter_per_plan"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=4), name="quarter_number_1_to_4"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.financial_year}/{str(self.financial_year + 1)[-2:]} Q{self.number}"

    @property
    def is_closed(self):
        return self.state == self.State.CLOSED

    @property
    def is_open(self):
        return self.state == self.State.OPEN


class QuarterEvent(AppendOnlyModel):
    """Append-only record of what happened to a quarter: opened, closed, reopened (with why), review signed off.

    Refused at three levels: the model and its queryset (every database), and on PostgreSQL a trigger that refuses
    UPDATE and DELETE of any row (reporting migration `0003_history_append_only_in_database`, `bscb.db.AppendOnly`).
    """

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        REVIEW_DONE = "review_done", "Review signed off"
        REVIEW_UNDONE = "review_undone", "Review sign-off undone"
        DEADLINE_CHANGED = "deadline_changed", "Update deadline changed"

    # PROTECT: a quarter (or the plan it belongs to) with events cannot be deleted; a CASCADE would delete the log.
    quarter = models.ForeignKey(Quarter, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True, help_text="Why a closed quarter was reopened, or a sign-off undone")
    detail = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        db_table = "reporting_quarterevent"  # the table of its first home (see the module docstring)
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.quarter}: {self.get_kind_display()}"
