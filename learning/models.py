"""The learning reviews ledger (issue 20): rapid reviews, child safeguarding practice reviews, safeguarding adults
reviews, domestic homicide reviews and themed audits, with their statutory clocks, findings and recommendations
followed to impact. Shown in the yearly report (learning.selectors.yearly_learning).

Reviews hold sensitive case detail. A review marked restricted shows its text (title, summary, findings,
recommendations) only to the people named on it; everyone else who may read the ledger sees its reference, kind,
dates, clocks and counts. Each opening of a restricted review's text is written to the audit log.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from bscb.history import AppendOnlyModel

from .working_days import Calendar, clock


class ClosureDay(models.Model):
    """A weekday the board's business unit is closed (for example between Christmas and New Year): it does not count
    as a working day on the board's clocks, like a bank holiday."""

    board = models.ForeignKey("plans.Board", on_delete=models.PROTECT, related_name="closure_days")
    date = models.DateField()
    description = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["board", "date"], name="closure_day_unique_per_board")]

    def __str__(self):
        return f"{self.date:%d %B %Y}: {self.description}"


def calendar_for(board) -> Calendar:
    """England's working days less the board's closure days. One query."""
    return Calendar(dict(ClosureDay.objects.filter(board=board).values_list("date", "description")))


class LearningReview(models.Model):
    """One review of the board, from the day it learnt of the case (or started the audit) to its conclusion."""

    class Kind(models.TextChoices):
        RAPID_REVIEW = "rapid_review", "Rapid review"
        CSPR = "cspr", "Child safeguarding practice review"
        SAR = "sar", "Safeguarding adults review"
        DHR = "dhr", "Domestic homicide review"
        THEMED_AUDIT = "themed_audit", "Multi-agency themed audit"

    # The statutory clocks run for rapid reviews: a serious incident is notified within 5 working days of the board
    # learning of it, and the rapid review's decision follows within 15 working days of the notification (Working
    # Together 2023). Other kinds keep their dates without a clock.
    CLOCKED_KINDS = frozenset({Kind.RAPID_REVIEW})
    NOTIFY_WITHIN = 5
    DECIDE_WITHIN = 15

    board = models.ForeignKey("plans.Board", on_delete=models.PROTECT, related_name="learning_reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reference = models.CharField(max_length=40, help_text="The board's own reference, for example RR-2014-01")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    aware_on = models.DateField(help_text="The day the board learnt of the case, or the audit began")
    notified_on = models.DateField(null=True, blank=True, help_text="Serious incident notification sent")
    decision_on = models.DateField(null=True, blank=True, help_text="Rapid review held and decision made")
    published_on = models.DateField(null=True, blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    restricted = models.BooleanField(default=False)
    named_people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="restricted_reviews")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-aware_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["board", "reference"], name="learning_review_unique_reference"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_kind_display()}"

    def text_visible_to(self, user) -> bool:
        """Whether `user` may read the review's text: anyone when it is not restricted, else the people named on it.
        Lists prefetch `named_people`, so that this runs no query per row."""
        return not self.restricted or any(person.pk == user.pk for person in self.named_people.all())

    def clocks(self, calendar: Calendar, today=None) -> list:
        """The notification and decision clocks of a rapid review (none for other kinds)."""
        if self.kind not in self.CLOCKED_KINDS:
            return []
        today = today or timezone.localdate()
        result = [
            clock(
                calendar,
                label="Serious incident notification",
                days=self.NOTIFY_WITHIN,
                started_on=self.aware_on,
                done_on=self.notified_on,
                today=today,
            )
        ]
        if self.notified_on:
            result.append(
                clock(
                    calendar,
                    label="Rapid review decision",
                    days=self.DECIDE_WITHIN,
                    started_on=self.notified_on,
                    done_on=self.decision_on,
                    today=today,
                )
            )
        return result


class Finding(models.Model):
    """What a review found, in its own words."""

    review = models.ForeignKey(LearningReview, on_delete=models.PROTECT, related_name="findings")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["review", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="finding_unique_number")]

    def __str__(self):
        return f"Finding {self.number}"


class Recommendation(models.Model):
    """A review's recommendation, followed until it is implemented (with evidence of its impact) or closed as not
    implemented (with the reason the yearly report must give). Its progress is the append-only RecommendationUpdate
    history; its work is plan actions of the same board or its own RecommendationActions."""

    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        IMPLEMENTED = "implemented", "Implemented"
        NOT_IMPLEMENTED = "not_implemented", "Not implemented"

    CLOSED_STATUSES = frozenset({Status.IMPLEMENTED, Status.NOT_IMPLEMENTED})

    review = models.ForeignKey(LearningReview, on_delete=models.PROTECT, related_name="recommendations")
    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    agency = models.ForeignKey("plans.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    lead = models.ForeignKey(
        "plans.Lead", on_delete=models.PROTECT, null=True, blank=True, related_name="review_recommendations"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    plan_actions = models.ManyToManyField("priorities.Action", blank=True, related_name="review_recommendations")
    impact_evidence = models.TextField(blank=True)
    not_implemented_reason = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="recommendation_unique_number"),
            # Implemented only with evidence of its impact; not implemented only with the reason; closed with a date.
            models.CheckConstraint(
                name="recommendation_implemented_with_evidence",
                condition=~models.Q(status="implemented") | ~models.Q(impact_evidence=""),
            ),
            models.CheckConstraint(
                name="recommendation_not_implemented_with_reason",
                condition=~models.Q(status="not_implemented") | ~models.Q(not_implemented_reason=""),
            ),
            models.CheckConstraint(
                name="recommendation_closed_with_date",
                condition=~models.Q(status__in=["implemented", "not_implemented"]) | models.Q(closed_on__isnull=False),
            ),
        ]

    def __str__(self):
        return f"Recommendation {self.number}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES


class RecommendationAction(models.Model):
    """A piece of work towards a recommendation that is not an action of the plan, tracked with its own lead."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    lead = models.ForeignKey("plans.Lead", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta:
        ordering = ["recommendation", "id"]

    def __str__(self):
        return self.description[:60]


class RecommendationUpdate(AppendOnlyModel):
    """One step of a recommendation's history: progress recorded, an action's status changed, or the closing.
    Append-only (bscb.history.AppendOnlyModel; on PostgreSQL a trigger refuses UPDATE and DELETE too,
    bscb.db.AppendOnly)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="updates")
    action = models.ForeignKey(
        RecommendationAction, on_delete=models.PROTECT, null=True, blank=True, related_name="updates"
    )
    status = models.CharField(max_length=20, help_text="The recommendation's (or the action's) status after it")
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.status_label} on {self.at:%d %B %Y}"

    @property
    def status_label(self) -> str:
        """The status in words: an action's when the update is about one of the recommendation's actions."""
        choices = RecommendationAction.Status if self.action_id else Recommendation.Status
        return dict(choices.choices).get(self.status, self.status)
