from django.db import models
from simple_history.models import HistoricalRecords


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
    """One separate measure of a core priority ('Measures 2014/15')."""

    core_priority = models.ForeignKey(CorePriority, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["core_priority", "order"]
        constraints = [models.UniqueConstraint(fields=["core_priority", "order"], name="core_measure_unique_order")]

    def __str__(self):
        return self.text[:80]


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
