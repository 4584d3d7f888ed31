"""Reporting periods (financial quarters) of a plan. Snapshots, challenges and indicators build on these."""

from django.conf import settings
from django.db import models


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

    class Meta:
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
