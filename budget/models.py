"""The board's budget per financial year (Appendix 2 of the plan) and its quarterly monitoring.

Sign convention, as the plan prints it: money coming in (the balance brought forward, partner contributions) is
negative; money going out (commitments) is positive. The variance is income plus commitments, so a negative variance
is money left over (an underspend) and a positive one is a shortfall (an overspend). Totals are never stored: they
are computed from the lines (see `budget.selectors`), so that they cannot drift from the lines they sum.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

# Money: pounds and pence, never float. Twelve digits with two decimal places holds up to £9,999,999,999.99; forms
# refuse anything of £10 million or more long before that, because no board budget line is that large.
MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


def year_label(financial_year: int) -> str:
    """A financial year as the plan writes it: 2014 -> 2014/15."""
    return f"{financial_year}/{str(financial_year + 1)[-2:]}"


class Budget(models.Model):
    """The budget of one financial year of a plan: the balance brought forward, then its income and commitment lines.

    The headings are kept as the plan prints them ("Balance B/Fwd 2013/14", "Income / Contributions").
    """

    plan = models.ForeignKey("plans.BusinessPlan", on_delete=models.PROTECT, related_name="budgets")
    financial_year = models.PositiveSmallIntegerField(help_text="Calendar year the financial year starts in, e.g. 2014")
    title = models.CharField(max_length=200, help_text="As printed, e.g. BSCB Budget 2014-2015")
    balance_description = models.CharField(
        max_length=200, default="Balance brought forward", help_text="As printed, e.g. Balance B/Fwd 2013/14"
    )
    # Either sign: a surplus carried in is negative (money available), a deficit carried in is positive.
    balance_brought_forward = models.DecimalField(**MONEY, default=ZERO)
    income_heading = models.CharField(max_length=200, default="Income / Contributions")
    commitments_heading = models.CharField(max_length=200, default="Commitments")

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "financial_year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "financial_year"], name="budget_unique_year_per_plan"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year_label})"

    @property
    def year_label(self):
        """The financial year as the plan writes it: 2014/15."""
        return year_label(self.financial_year)

    @property
    def next_year_label(self):
        """The following financial year: 2015/16 for the 2014/15 budget."""
        return year_label(self.financial_year + 1)


class IncomeLine(models.Model):
    """A partner contribution, kept as the plan writes it; negative by the plan's convention (money coming in)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="income_lines")
    order = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=200, help_text="As written, e.g. Metropolitan Police (London SCB)")
    agency = models.ForeignKey(
        "plans.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="budget_contributions"
    )
    amount = models.DecimalField(**MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "description"], name="income_unique_description_per_budget"),
            models.CheckConstraint(condition=Q(amount__lte=0), name="income_amount_not_positive"),
        ]

    def __str__(self):
        return self.description


class CommitmentLine(models.Model):
    """Something the budget pays for (a post, a commissioned service, catering), with the plan's note beside it."""

    class Category(models.TextChoices):
        STAFFING = "staffing", "Staffing costs"
        OTHER = "other", "Other expenses"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="commitment_lines")
    category = models.CharField(max_length=20, choices=Category.choices)
    order = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=200, help_text="As written, e.g. 0.6 FTE Administrator")
    amount = models.DecimalField(**MONEY)
    note = models.CharField(max_length=300, blank=True, help_text="As written, e.g. CM (60% BSCB share only)")

    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "category", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "description"], name="commitment_unique_description_per_budget"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="commitment_amount_not_negative"),
            models.CheckConstraint(condition=Q(category__in=["staffing", "other"]), name="commitment_category_known"),
        ]

    def __str__(self):
        return self.description


class CommitmentMonitoring(models.Model):
    """At one quarter: what a commitment line has cost so far this year, and what it is expected to cost in all."""

    line = models.ForeignKey(CommitmentLine, on_delete=models.CASCADE, related_name="monitoring")
    quarter = models.ForeignKey("plans.Quarter", on_delete=models.PROTECT, related_name="+")
    spent_to_date = models.DecimalField(**MONEY)
    forecast_outturn = models.DecimalField(**MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering = ["quarter", "line"]
        constraints = [
            models.UniqueConstraint(fields=["line", "quarter"], name="commitment_monitoring_once_per_quarter"),
            models.CheckConstraint(
                condition=Q(spent_to_date__gte=0, forecast_outturn__gte=0), name="commitment_monitoring_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.line} at {self.quarter}"


class ContributionMonitoring(models.Model):
    """At one quarter: how much of a partner's contribution has been received (negative, as income is)."""

    line = models.ForeignKey(IncomeLine, on_delete=models.CASCADE, related_name="monitoring")
    quarter = models.ForeignKey("plans.Quarter", on_delete=models.PROTECT, related_name="+")
    received_to_date = models.DecimalField(**MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering = ["quarter", "line"]
        constraints = [
            models.UniqueConstraint(fields=["line", "quarter"], name="contribution_monitoring_once_per_quarter"),
            models.CheckConstraint(condition=Q(received_to_date__lte=0), name="contribution_received_not_positive"),
        ]

    def __str__(self):
        return f"{self.line} at {self.quarter}"
