"""The board's yearly report: drafted from the record, edited by the administrator, frozen at sign-off.

A report belongs to one board and covers exactly twelve months. Its sections hold the administrator's narrative
(prefilled from the figures at creation); the figures themselves are computed live (`annualreport.figures`) until
sign-off, when every section's figures and tables are stored in `YearlyReport.frozen` and read from there on.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class YearlyReport(models.Model):
    """One board's yearly report for one twelve-month period, under one statutory template."""

    class Template(models.TextChoices):
        CHILDREN = "children", "Safeguarding children partnership (Working Together 2023)"
        ADULTS = "adults", "Safeguarding Adults Board (Care Act 2014, Schedule 2)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED_OFF = "signed_off", "Signed off"

    board = models.ForeignKey("plans.Board", on_delete=models.PROTECT, related_name="yearly_reports")
    template = models.CharField(max_length=20, choices=Template.choices)
    title = models.CharField(max_length=200)
    period_start = models.DateField(help_text="First day of the twelve months, e.g. 1 April 2014")
    period_end = models.DateField(help_text="Last day of the twelve months, e.g. 31 March 2015")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # At sign-off: {"sections": {key: {"figures": [...], "tables": [...]}}, "as_at": iso datetime}.
    frozen = models.JSONField(null=True, blank=True)
    easy_read = models.TextField(blank=True, help_text="The easy-read summary: one short sentence per line")

    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "-period_start", "template"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "template", "period_start"], name="yearly_report_unique_template_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")), name="yearly_report_period_order"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_signed_off(self) -> bool:
        return self.status == self.Status.SIGNED_OFF

    @property
    def year_label(self) -> str:
        """2014/15 for a period starting in 2014 (and ending in 2015)."""
        if self.period_start.year == self.period_end.year:
            return str(self.period_start.year)
        return f"{self.period_start.year}/{str(self.period_end.year)[-2:]}"


class ReportSection(models.Model):
    """One section of a yearly report: its heading and the administrator's narrative (edit history kept)."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=200)
    narrative = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="report_section_unique_key"),
        ]

    def __str__(self):
        return f"{self.report}: {self.heading}"


class SignOffEvent(models.Model):
    """A sign-off or its undoing, with the reason for an undo: the record of who froze and unfroze the report."""

    class Kind(models.TextChoices):
        SIGNED_OFF = "signed_off", "Signed off"
        UNDONE = "undone", "Sign-off undone"

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sign_off_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.report}"


class ReportFile(models.Model):
    """A PDF or DOCX built from the report's document; the digest tells whether it still matches the report."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    digest = models.CharField(max_length=64)
    content = models.BinaryField()
    built_at = models.DateTimeField(auto_now_add=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["report", "kind", "-built_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind", "digest"], name="report_file_unique_digest"),
        ]

    def __str__(self):
        return f"{self.report} ({self.kind})"
