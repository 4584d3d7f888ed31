"""The four new priorities, their objectives and actions, and the append-only status updates on actions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bscb.history import AppendOnlyModel


class Rag(models.TextChoices):
    """Status of an action. Never shown by colour alone: templates always print the word."""

    NOT_STARTED = "not_started", "Not started"
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"


# Order used for "improved / worsened" movement between quarters: higher is better. Not started has no rank, so
# a move from or to it is reported as a change of status rather than as an improvement or a worsening.
RAG_RANK = {Rag.RED: 1, Rag.AMBER: 2, Rag.GREEN: 3, Rag.COMPLETE: 4}


class StrategicStage(models.Model):
    """One of the five stages of the strategic approach: Prevent, Identify, Support, Intervene, Enforce.

    Seeded by a migration; the primary key is the code so that fixtures and URLs read naturally.
    """

    code = models.SlugField(max_length=20, primary_key=True)
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name


class Priority(models.Model):
    """One of the plan's new priorities (e.g. Child Sexual Exploitation), with its narrative and sources."""

    plan = models.ForeignKey("plans.BusinessPlan", on_delete=models.CASCADE, related_name="priorities")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60)
    code = models.CharField(max_length=10, help_text="Short prefix for action references, e.g. CSE")
    narrative = models.TextField(blank=True, help_text="Why it matters; paragraphs separated by a blank line")
    sources = models.TextField(blank=True, help_text="Sources and footnotes as printed; one per line")
    action_plan_title = models.CharField(max_length=200, blank=True, help_text="e.g. Domestic Abuse Action Plan")

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="priority_unique_slug_per_plan"),
            models.UniqueConstraint(fields=["plan", "order"], name="priority_unique_order_per_plan"),
        ]

    def __str__(self):
        return self.title


class Objective(models.Model):
    """A 'What we will do' cell, under a strategic approach heading kept exactly as the table prints it.

    The heading is classified under the stage(s) it names: "Intervene & Support" counts under both, and the four
    spellings of the Enforce heading all count under Enforce.
    """

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField()
    approach_heading = models.CharField(max_length=100, help_text="As written, e.g. 'Enforce: Disrupt and Prosecute'")
    stages = models.ManyToManyField(StrategicStage, related_name="objectives")
    what = models.TextField("What we will do")

    history = HistoricalRecords(m2m_fields=[stages])

    class Meta:
        ordering = ["priority", "order"]
        constraints = [models.UniqueConstraint(fields=["priority", "order"], name="objective_unique_order")]

    def __str__(self):
        return self.what[:80]


def is_overdue(due_date, rag, today) -> bool:
    """The overdue rule, one place for the action itself and the dashboard's status rows (whose status is the one a
    quarter saw): past its due date and neither complete nor without a due date."""
    return bool(due_date and due_date < today and rag != Rag.COMPLETE)


class Action(models.Model):
    """A trackable row of an action plan: 'How we will do it', its leads, expected outcomes and timescale.

    Where one cell of the printed plan lists several actions with their own timescales, each is its own Action.
    The status is derived from the append-only StatusUpdate log; `rag`, `latest_update` and `version` are a cache
    of that log written only by `priorities.services.status_update_record` in the same transaction as the update.
    """

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField()
    reference = models.CharField(max_length=20, help_text="Stable short reference, e.g. CSE-07")
    how = models.TextField("How we will do it")
    responsible_leads = models.TextField("Responsible leads", help_text="The cell as written in the plan")
    leads = models.ManyToManyField("plans.Lead", related_name="actions", blank=True)
    outcomes = models.TextField("Evidence of improvement / expected outcomes", blank=True)
    timescale = models.CharField(max_length=200, help_text="As written in the plan")
    start_date = models.DateField(null=True, blank=True, help_text="Derived from the timescale where it allows")
    due_date = models.DateField(null=True, blank=True, help_text="Derived from the timescale where it allows")
    timescale_needs_review = models.BooleanField(default=False)
    timescale_review_note = models.CharField(max_length=300, blank=True)

    rag = models.CharField(max_length=20, choices=Rag.choices, default=Rag.NOT_STARTED, editable=False)
    latest_update = models.ForeignKey(
        "priorities.StatusUpdate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(m2m_fields=[leads], excluded_fields=["rag", "latest_update", "version"])

    class Meta:
        ordering = ["objective__priority__order", "objective__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "order"], name="action_unique_order"),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(due_date__isnull=True)
                | models.Q(due_date__gte=models.F("start_date")),
                name="action_due_not_before_start",
            ),
        ]
        indexes = [
            # The dashboard and filters count actions by status.
            models.Index(fields=["rag"], name="action_rag_idx"),
            # Overdue and "due within" filters.
            models.Index(fields=["due_date"], name="action_due_idx"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.how[:60]}"

    @property
    def priority(self):
        return self.objective.priority

    def is_overdue(self, today=None):
        """Past its due date and neither complete nor without a due date."""
        return is_overdue(self.due_date, self.rag, today or timezone.localdate())


class StatusUpdate(AppendOnlyModel):
    """An append-only record of a lead's update to an action: who, when, which quarter, old -> new and why.

    Rows are never edited or deleted; a correction is a new update. Refused at three levels: the model and its
    queryset (every database), and on PostgreSQL a trigger that refuses UPDATE and DELETE of any row (migration
    `0003_history_append_only_in_database`, `bscb.db.AppendOnly`).
    """

    # PROTECT (here and below): an action, quarter or author with updates cannot be deleted, as a CASCADE would
    # delete the log.
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    quarter = models.ForeignKey("plans.Quarter", on_delete=models.PROTECT, related_name="status_updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="status_updates")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    rag_before = models.CharField(max_length=20, choices=Rag.choices)
    rag = models.CharField(max_length=20, choices=Rag.choices)
    commentary = models.TextField(blank=True)
    evidence_of_impact = models.TextField(blank=True)
    needs_escalation = models.BooleanField(default=False)
    escalation_reason = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False, help_text="Part of the clearly marked demo history")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The action timeline and "latest update in a quarter" lookups.
            models.Index(fields=["action", "-created_at"], name="update_action_time_idx"),
            models.Index(fields=["quarter", "action"], name="update_quarter_action_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(needs_escalation=True, escalation_reason=""), name="escalation_needs_reason"
            ),
        ]

    def __str__(self):
        return f"{self.action.reference}: {self.get_rag_before_display()} -> {self.get_rag_display()}"
