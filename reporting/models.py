"""The frozen snapshot of every action at a quarter's close, the BMG's challenge on actions, and the performance
dataset (indicators with quarterly values). The quarters themselves are the plan's (plans/models/quarters.py)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from bscb.history import AppendOnlyModel
from plans.models import Quarter, QuarterEvent  # noqa: F401  (QuarterEvent: read by reporting modules through here)


class ActionSnapshot(models.Model):
    """An action's status frozen at its quarter's close: what the board papers for that quarter say.

    Everything the dashboard shows for a closed quarter is read from here, never from the live action, so that
    later updates cannot change a closed quarter. Written only by `reporting.services.quarter_close`; a snapshot
    is never edited (reopening a quarter discards its snapshots, and closing it again writes new ones).

    Not append-only in the database, on purpose: `reporting.services.quarter_reopen` DELETEs a reopened quarter's
    snapshots, which a trigger refusing DELETE would break. The history of a reopening is kept instead by the
    append-only `QuarterEvent` (who, when, why, and the discarded snapshot's counts in its detail); a closed quarter
    always has a "closed" event, which PROTECTs the quarter itself from deletion.
    """

    quarter = models.ForeignKey(Quarter, on_delete=models.CASCADE, related_name="snapshots")
    action = models.ForeignKey("priorities.Action", on_delete=models.CASCADE, related_name="snapshots")
    # Frozen copies of how the action was classified, so a later edit of the plan does not move old figures.
    priority = models.ForeignKey("priorities.Priority", on_delete=models.CASCADE, related_name="+")
    stage_codes = models.JSONField(default=list, help_text="Strategic stages of the action's objective at close")
    reference = models.CharField(max_length=20)
    rag = models.CharField(max_length=20)
    latest_update = models.ForeignKey(
        "priorities.StatusUpdate", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    latest_update_at = models.DateTimeField(null=True, blank=True)
    latest_update_author = models.CharField(max_length=300, blank=True)
    commentary = models.TextField(blank=True)
    needs_escalation = models.BooleanField(default=False)
    escalation_reason = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    is_overdue = models.BooleanField(default=False)
    updated_this_quarter = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["quarter", "priority__order", "action__objective__order", "action__order"]
        constraints = [
            models.UniqueConstraint(fields=["quarter", "action"], name="snapshot_unique_per_quarter"),
        ]
        indexes = [
            # The trend: counts by status for every closed quarter of a plan.
            models.Index(fields=["quarter", "rag"], name="snapshot_quarter_rag_idx"),
        ]

    def __str__(self):
        return f"{self.quarter}: {self.reference} {self.rag}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Snapshots of a closed quarter never change.")
        super().save(*args, **kwargs)


class Challenge(AppendOnlyModel):
    """A BMG member's challenge or comment on an action, for a quarter's review. Append-only.

    Refused at three levels: the model and its queryset (every database), and on PostgreSQL a trigger that refuses
    UPDATE and DELETE of any row (migration `0003_history_append_only_in_database`, `bscb.db.AppendOnly`).
    """

    # PROTECT (all three): a quarter, action or author with challenges cannot be deleted.
    quarter = models.ForeignKey(Quarter, on_delete=models.PROTECT, related_name="challenges")
    action = models.ForeignKey("priorities.Action", on_delete=models.PROTECT, related_name="challenges")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="challenges")
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    is_demo = models.BooleanField(default=False, help_text="Part of the clearly marked demo history")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "-created_at"], name="challenge_action_time_idx")]

    def __str__(self):
        return f"{self.quarter}: challenge on {self.action_id}"


class Indicator(models.Model):
    """A measure of the board's performance dataset, analysed quarterly by the Performance and Quality Assurance
    sub-group (chaired by the audit coordinator).

    Named as the plan names it. Its status against the target is worked out by `reporting.indicators`:
    `good_direction` is the polarity (whether a higher or a lower value is better), `target` the value aimed for
    and `tolerance`, in the indicator's unit, how far a value may miss the target and still be "within tolerance".
    An indicator with values is archived (`archived_at`), never deleted, so that no figure is ever lost; one with no
    values can be removed. Written by `reporting.services` (indicator_create, indicator_change, indicator_retire,
    indicator_restore), which records each change in the audit log.
    """

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly"
        HALF_YEARLY = "half_yearly", "Half-yearly"
        ANNUAL = "annual", "Annual"

    # How many quarters a value stays current, by frequency (reporting.indicators uses it for a quarter's status).
    QUARTERS_CURRENT = {Frequency.QUARTERLY: 1, Frequency.HALF_YEARLY: 2, Frequency.ANNUAL: 4}

    plan = models.ForeignKey("plans.BusinessPlan", on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(help_text="Position in the plan's list of indicators")
    name = models.TextField(help_text="As the plan names it")
    source = models.CharField(max_length=200, blank=True, help_text="Where the plan names it, e.g. a priority")
    unit = models.CharField(
        max_length=40, default="number", help_text="What the value counts, e.g. children, referrals, per cent"
    )
    target = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The value aimed for, in the indicator's unit. Empty when no target has been set.",
    )
    tolerance = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=(
            "How far a value may miss the target and still be within tolerance, in the indicator's unit. Empty: "
            "any miss is off target."
        ),
    )
    good_direction = models.CharField(
        "polarity",
        max_length=10,
        choices=Direction.choices,
        help_text="Whether a higher or a lower value is better",
    )
    frequency = models.CharField(
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
        help_text="How often a value is reported. A half-yearly value stays current for two quarters, an annual one "
        "for four.",
    )
    archived_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was archived: no longer reported, its values kept"
    )
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="indicator_unique_order"),
        ]

    def __str__(self):
        return self.name[:80]

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class IndicatorValue(models.Model):
    """An indicator's value for one quarter, with an optional note, entered by an administrator or an audit
    coordinator (`reporting.services.indicator_value_record`; entering it again corrects it, recording who and
    when). PROTECTs its indicator: an indicator with values is archived, never deleted."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    quarter = models.ForeignKey(Quarter, on_delete=models.PROTECT, related_name="indicator_values")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["indicator", "quarter__start_date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "quarter"], name="indicator_value_unique_per_quarter"),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.quarter}: {self.value}"


class QuarterVersion(models.Model):
    """How many times a quarter's reviewed record has changed: the version in the shared cache's keys of its
    dashboard fragment and board pack files (reporting/cache.py).

    Bumped with F() + 1 in the same transaction as the change (a close, a reopen, a challenge, a sign-off and its
    undo: reporting/services.py), so every application server reads the new number as soon as the change commits,
    and a rollback takes the bump with it. In the database rather than the cache because the cache may be emptied or
    evict keys at any time; a lost version number would serve an old fragment again. Its own table rather than a
    column on plans.Quarter: reporting owns this cache, and the plans floor does not need to know of it. No row
    means version 0.
    """

    quarter = models.OneToOneField(Quarter, on_delete=models.CASCADE, primary_key=True, related_name="cache_version")
    version = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.quarter}: version {self.version}"
