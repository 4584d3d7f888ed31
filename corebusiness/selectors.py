"""Reads of the core business measures' progress: a plan's measures with their status at a quarter, the dashboard
panel (and its board pack hooks), and a lead's measures for My actions. Each answers in a fixed number of queries
whatever the number of measures or updates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone

from bscb.links import absolute_url
from plans.models import CoreMeasure, CorePriority, Lead, Quarter
from plans.models.core import measures_year_label
from priorities.models import Rag
from priorities.my_work import MyWorkItem, MyWorkSection

from .models import CoreMeasureUpdate
from .rules import measures_led_by

# The order statuses are counted and listed in: the worst first, as the board reads a risk register.
STATUS_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE, Rag.NOT_STARTED]


def latest_updates(measure_ids, *, quarter: Quarter | None = None) -> dict[int, CoreMeasureUpdate]:
    """{measure id: its latest update} for the measures given, in one query; a measure without one is absent.

    With `quarter`: the latest update attributed to that quarter or an earlier one of its plan. For a closed quarter
    that is its frozen status (corebusiness.models.CoreMeasureUpdate: closed quarters accept no updates); for the
    open one, the status now.
    """
    measure_ids = list(measure_ids)
    if not measure_ids:
        return {}
    newest = CoreMeasureUpdate.objects.filter(measure=OuterRef("pk"))
    if quarter is not None:
        newest = newest.filter(quarter__plan_id=quarter.plan_id, quarter__start_date__lte=quarter.start_date)
    newest = newest.order_by("-created_at", "-id").values("pk")[:1]
    latest_ids = CoreMeasure.objects.filter(pk__in=measure_ids).annotate(latest=Subquery(newest)).values("latest")
    updates = CoreMeasureUpdate.objects.filter(pk__in=latest_ids).select_related("author", "quarter")
    return {update.measure_id: update for update in updates}


@dataclass
class MeasureRow:
    measure: CoreMeasure
    update: CoreMeasureUpdate | None
    leads: list[Lead]
    url: str = ""  # absolute: the panel is printed in the board pack PDF

    @property
    def rag(self) -> str:
        return self.update.rag if self.update is not None else Rag.NOT_STARTED

    @property
    def lead_names(self) -> str:
        return ", ".join(lead.name for lead in self.leads)


@dataclass
class CoreRow:
    core: CorePriority
    measures: list[MeasureRow] = field(default_factory=list)


def plan_measures(plan, *, quarter: Quarter | None = None, absolute_links: bool = False) -> list[CoreRow]:
    """The plan's core priorities, each with its measures, their leads and status (at `quarter` when given, else
    now). Four queries."""
    cores = list(
        CorePriority.objects.filter(plan=plan).prefetch_related(
            Prefetch(
                "measures",
                queryset=CoreMeasure.objects.select_related("core_priority").prefetch_related(
                    Prefetch("leads", queryset=Lead.objects.order_by("name"))
                ),
            )
        )
    )
    measures = [measure for core in cores for measure in core.measures.all()]
    latest = latest_updates([m.pk for m in measures], quarter=quarter)
    rows = []
    for core in cores:
        row = CoreRow(core=core)
        for measure in core.measures.all():
            url = reverse("corebusiness:measure_detail", args=[measure.pk])
            row.measures.append(
                MeasureRow(
                    measure=measure,
                    update=latest.get(measure.pk),
                    leads=list(measure.leads.all()),
                    url=absolute_url(url) if absolute_links else url,
                )
            )
        rows.append(row)
    return rows


def status_counts(rows: list[CoreRow]) -> list[dict]:
    """[{"rag", "label", "count"}] in STATUS_ORDER, every status listed (zero included)."""
    counts = Counter(measure.rag for row in rows for measure in row.measures)
    return [{"rag": rag.value, "label": rag.label, "count": counts.get(rag, 0)} for rag in STATUS_ORDER]


# --- the dashboard panel and the board pack (reporting/panels.py) ------------------------------------------------


def panel_context(quarter: Quarter) -> dict:
    """The core business panel of the dashboard and board pack for `quarter`: every measure's status at it (frozen
    for a closed quarter), leads and latest commentary, and the counts by status. Links are absolute (the PDF)."""
    rows = plan_measures(quarter.plan, quarter=quarter, absolute_links=True)
    total = sum(len(row.measures) for row in rows)
    # The dashboard names the red measures and counts the amber ones (their list is a link away); the pack prints
    # every measure.
    return {
        "core_rows": rows,
        "core_red": [m for row in rows for m in row.measures if m.rag == Rag.RED],
        "core_counts": status_counts(rows),
        "core_total": total,
        "measures_year": measures_year_label(quarter.plan),
        "core_list_url": absolute_url(reverse("corebusiness:measure_list")),
    }


def panel_summary(quarter: Quarter) -> str | None:
    """One sentence for the board pack's executive summary, or None when the plan has no core measures."""
    rows = plan_measures(quarter.plan, quarter=quarter)
    measures = [m for row in rows for m in row.measures]
    if not measures:
        return None
    counts = Counter(m.rag for m in measures)
    good = counts[Rag.GREEN] + counts[Rag.COMPLETE]
    sentence = f"Core business: {good} of {len(measures)} measures green or complete"
    red = [m.measure.reference for m in measures if m.rag == Rag.RED]
    if red:
        sentence += f"; {len(red)} red: {', '.join(red)}"
    if counts[Rag.AMBER]:
        sentence += f"; {counts[Rag.AMBER]} amber"
    if counts[Rag.NOT_STARTED]:
        sentence += f"; {counts[Rag.NOT_STARTED]} with no update"
    return sentence + "."


SHEET_HEADER = [
    "Core priority",
    "Measure",
    "Text",
    "Leads",
    "Status",
    "Latest commentary",
    "Updated on",
    "Quarter of update",
]


def panel_sheet_specs(quarter: Quarter) -> list[dict]:
    """The board pack's XLSX sheet, as the keyword arguments of a reporting.panels.Sheet (apps.py builds it: only
    there may this app import the registry): one row per measure with its status at `quarter` (a Rag code, written
    as its word and colour), leads, latest commentary and the update's date (a date)."""
    rows = []
    for core_row in plan_measures(quarter.plan, quarter=quarter):
        for m in core_row.measures:
            update = m.update
            rows.append(
                [
                    core_row.core.title,
                    m.measure.reference,
                    m.measure.text,
                    m.lead_names,
                    m.rag,
                    update.commentary if update else "",
                    timezone.localtime(update.created_at).date() if update else None,
                    update.quarter.label if update else "",
                ]
            )
    return [
        {
            "title": "Core business",
            "header": SHEET_HEADER,
            "rows": rows,
            "widths": {"A": 40, "B": 10, "C": 60, "D": 30, "E": 14, "F": 60, "G": 14, "H": 14},
            "rag_columns": (4,),
        }
    ]


# --- My actions (priorities/my_work.py) ---------------------------------------------------------------------------


def my_work_section(user, *, board, lead_ids) -> MyWorkSection | None:
    """The core measures `user` leads on `board`, directly or through a group, with their status now, whether an
    update is due this quarter and the link to give it. Four queries (none of them when the user leads none)."""
    measures = list(
        measures_led_by(user, board=board, lead_ids=lead_ids)
        .select_related("core_priority__plan")
        .prefetch_related("leads")
        .order_by("core_priority__plan", "core_priority__order", "order")
    )
    if not measures:
        return None
    open_quarters = {q.plan_id: q for q in Quarter.objects.filter(plan__board=board, state=Quarter.State.OPEN)}
    latest = latest_updates([m.pk for m in measures])
    items = []
    for measure in measures:
        update = latest.get(measure.pk)
        rag = update.rag if update else Rag.NOT_STARTED
        open_quarter = open_quarters.get(measure.core_priority.plan_id)
        updated_this_quarter = bool(open_quarter and update and update.quarter_id == open_quarter.pk)
        items.append(
            MyWorkItem(
                title=f"Core business {measure.reference}",
                url=reverse("corebusiness:measure_detail", args=[measure.pk]),
                detail=measure.text,
                status=rag,
                due=open_quarter.update_deadline if open_quarter else None,
                due_text="" if open_quarter else "No quarter open",
                update_url=(reverse("corebusiness:measure_update", args=[measure.pk]) if open_quarter else ""),
                update_due=bool(open_quarter) and not updated_this_quarter and rag != Rag.COMPLETE,
                updated_on=timezone.localtime(update.created_at).date() if update else None,
                through=tuple(
                    lead.name for lead in measure.leads.all() if lead.pk in lead_ids and lead.kind == Lead.Kind.GROUP
                ),
            )
        )
    # Needs an update first, then the plan's order.
    items.sort(key=lambda item: not item.update_due)
    return MyWorkSection(
        key="core_business",
        heading="Core business measures",
        items=items,
        intro="Measures of the core business action plan you report on each quarter.",
    )
