"""The Core Business Action Plan as written: core priorities, their measures and outcomes.

A measure's progress (quarterly RAG and commentary by its leads) is recorded by the corebusiness app, a floor above:
this floor only says who leads each measure.
"""

from django.db import models
from simple_history.models import HistoricalRecords


def measures_year_label(plan) -> str:
    """The financial year the plan's core measures are written for, as the plan heads them ("2014/15" for a
    2014-2016 plan): its first financial year. Templates compute the same from `plan.start_year`
    (corebusiness/_measures_year.html), so that no year is ever typed into a template."""
    return f"{plan.start_year}/{str(plan.start_year + 1)[-2:]}"


class CorePriority(models.Model):
    """A row of the Core Business Action Plan: the board's business-as-usual priority, as written."""

    plan = models.ForeignKey("plans.BusinessPlan", on_delete=models.CASCADE, related_name="core_priorities")
    order = models.PositiveSmallIntegerField()
    title = models.TextField(help_text="The 'Priorities' cell, as written")

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name_plural = "core priorities"
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="core_priority_unique_order")]

    def __str__(self):
        return self.title[:80]


class CoreMeasure(models.Model):
    """One separate measure of a core priority (the plan's "Measures <first year>" column, e.g. "Measures 2014/15").

    `leads` are the board's leads (people or groups) who report its progress each quarter; the board administrator
    names them (corebusiness.services.measure_leads_set). The plan does not name them, so a loaded plan has none.
    """

    core_priority = models.ForeignKey(CorePriority, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    leads = models.ManyToManyField(
        "plans.Lead",
        blank=True,
        related_name="core_measures",
        help_text="Who reports this measure's progress each quarter: leads of the plan's board",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["core_priority", "order"]
        constraints = [models.UniqueConstraint(fields=["core_priority", "order"], name="core_measure_unique_order")]

    def __str__(self):
        return self.text[:80]

    @property
    def reference(self) -> str:
        """The measure's number as "2.3": the third measure of the second core priority (select_related the
        core priority)."""
        return f"{self.core_priority.order}.{self.order}"


class CoreOutcome(models.Model):
    """One outcome of a core priority, 'particularly in relation to the impact anticipated'."""

    core_priority = models.ForeignKey(CorePriority, on_delete=models.CASCADE, related_name="outcomes")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["core_priority", "order"]
        constraints = [models.UniqueConstraint(fields=["core_priority", "order"], name="core_outcome_unique_order")]

    def __str__(self):
        return self.text[:80]
