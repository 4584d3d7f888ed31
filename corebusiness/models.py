"""Progress on the Core Business Action Plan: the quarterly updates that a core measure's leads record.

The measures themselves, and who leads each, are the plan's (plans.CoreMeasure, plans floor); this app, a feature
floor like reporting or budget, records their progress and shows it (its pages, the dashboard's core business panel,
the leads' My actions).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from bscb.history import AppendOnlyModel
from priorities.models import Rag


class CoreMeasureUpdate(AppendOnlyModel):
    """An append-only record of a lead's quarterly update to a core business measure: who, when, which quarter,
    old -> new status and the commentary.

    Rows are never edited or deleted; a correction is a new update. Refused at three levels: the model and its
    queryset (bscb.history), and on PostgreSQL a trigger (migration 0002, `bscb.db.AppendOnly`). The foreign keys are
    PROTECT, so a measure, quarter or author with updates cannot be deleted.

    A measure's status is its latest update (none: Not started). Its status at a closed quarter is frozen *by
    construction*, with no snapshot: it is the latest update attributed to that quarter or an earlier one of the
    plan, and a closed quarter accepts no updates (corebusiness.services.measure_update_record), so nothing can
    change it while the quarter stays closed. Reopening a quarter (recorded, reporting) lets its updates be added
    to, exactly as it lets the actions' snapshots be taken again at the next close.
    """

    measure = models.ForeignKey("plans.CoreMeasure", on_delete=models.PROTECT, related_name="updates")
    quarter = models.ForeignKey("plans.Quarter", on_delete=models.PROTECT, related_name="core_measure_updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="core_measure_updates")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    rag_before = models.CharField(max_length=20, choices=Rag.choices)
    rag = models.CharField(max_length=20, choices=Rag.choices)
    commentary = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False, help_text="Part of the clearly marked demo history")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["measure", "-created_at"], name="coreupdate_measure_time_idx"),
            models.Index(fields=["quarter", "measure"], name="coreupdate_quarter_idx"),
        ]

    def __str__(self):
        return f"{self.measure}: {self.get_rag_before_display()} -> {self.get_rag_display()}"
