"""Turns a Dashboard into what the page, the PDF and the XLSX show: figures with the link to the actions behind
each one, and chart geometry. One place, so the board pack always says what the dashboard says."""

from collections import Counter, defaultdict
from urllib.parse import urlencode

from django.urls import reverse

from priorities.models import Rag

from .charts import stacked_bars
from .selectors import MOVEMENT_LABELS, RAG_ORDER, Dashboard

RAG_WORDS = dict(Rag.choices)

SET_TITLES = {
    "all": "All actions",
    "red_amber": "Red and amber actions",
    "escalated": "Actions needing escalation",
    "overdue": "Overdue actions",
    "no_update": "Actions with no update this quarter",
    "challenged": "Actions challenged this quarter",
    **{key: f"Movement: {label.lower()}" for key, label in MOVEMENT_LABELS.items()},
}


def actions_url(quarter, *, set_name="all", rag="", priority="", stage="", compare="", base="") -> str:
    """The list of the actions behind a figure. `base`: the quarter's list URL when the caller has it already (the
    dashboard links a hundred figures to the same list: one reverse() each cost it milliseconds)."""
    filters = {"set": set_name, "rag": rag, "priority": priority, "stage": stage, "compare": compare}
    query = {k: v for k, v in filters.items() if v}
    if query.get("set") == "all":
        query.pop("set")
    base = base or reverse("reporting:dashboard_actions", args=[quarter.pk])
    return f"{base}?{urlencode(query)}" if query else base


def short_stage(stage) -> str:
    return stage.name.split(" (")[0]


def dashboard_context(dash: Dashboard) -> dict:
    quarter = dash.quarter
    bases = {q.pk: reverse("reporting:dashboard_actions", args=[q.pk]) for q in dash.quarters}

    def figure(count, **filters):
        # A chosen comparison follows the figure into its list, so that the list holds what the figure counted.
        return {
            "count": count,
            "href": actions_url(quarter, compare=dash.compare_with or "", base=bases[quarter.pk], **filters),
        }

    # RAG counts by priority x strategic stage. An objective headed "Intervene & Support" counts under both stages,
    # so the rows of a priority can add up to more than its number of actions.
    # Counted in one pass over the rows (not one filter of every row per cell: 16 cells x 400 actions).
    cell_counts = defaultdict(Counter)
    for row in dash.rows:
        for code in row.stage_codes:
            cell_counts[(row.priority_id, code)][row.rag] += 1
    grid = []
    for priority in dash.priorities:
        for stage in dash.stages:
            found = cell_counts.get((priority.pk, stage.code))
            if not found:
                continue
            counts = {rag: found[rag] for rag in RAG_ORDER}
            grid.append(
                {
                    "priority": priority,
                    "stage": stage,
                    "label": f"{priority.code} {short_stage(stage)}",
                    "first": priority.title,
                    "second": stage.name,
                    "counts": counts,
                    "cells": [
                        figure(counts[rag], rag=rag, priority=priority.pk, stage=stage.code) for rag in RAG_ORDER
                    ],
                    "total": figure(found.total(), priority=priority.pk, stage=stage.code),
                }
            )
    totals = dash.totals
    total_cells = [figure(totals.get(rag, 0), rag=rag) for rag in RAG_ORDER]

    movement = [
        {
            "key": key,
            "label": label,
            "figure": figure(len(dash.movement[key]), set_name=key),
            "rows": dash.movement[key],
        }
        for key, label in MOVEMENT_LABELS.items()
    ]

    trend_rows = [
        {
            "quarter": q,
            "first": q.label if q.is_closed else f"{q.label} (open, live)",
            "counts": counts,
            "cells": [
                {"count": counts.get(rag, 0), "href": actions_url(q, rag=rag, base=bases[q.pk])} for rag in RAG_ORDER
            ],
            "total": {"count": sum(counts.values()), "href": actions_url(q, base=bases[q.pk])},
        }
        for q, counts in dash.trend
    ]

    latest_challenges = dash.latest_challenges_by_action()
    red_amber = sorted(dash.rows_where(set_name="red_amber"), key=lambda r: (r.rag != Rag.RED,))
    for row in red_amber:
        row.latest_challenge = latest_challenges.get(row.action_id)

    # "New reds": red now and not red before (only when there is a closed quarter before to compare with).
    new_red = [r for r in dash.rows if r.rag == Rag.RED and dash.compared and r.previous_rag != Rag.RED]
    return {
        "dash": dash,
        "quarter": quarter,
        "new_red_count": len(new_red),
        "status_figures": [{"rag": rag, **figure(totals.get(rag, 0), rag=rag)} for rag in RAG_ORDER],
        "has_demo_data": dash.has_demo_data,
        "rag_order": [(rag, RAG_WORDS[rag]) for rag in RAG_ORDER],
        "grid": grid,
        "grid_chart": stacked_bars([{"label": g["label"], "counts": g["counts"]} for g in grid]),
        "total_cells": total_cells,
        "total_all": figure(len(dash.rows)),
        "movement": movement,
        "red_amber": red_amber,
        "red_amber_figure": figure(len(red_amber), set_name="red_amber"),
        "escalated": dash.rows_where(set_name="escalated"),
        "escalated_figure": figure(len(dash.rows_where(set_name="escalated")), set_name="escalated"),
        "overdue": dash.rows_where(set_name="overdue"),
        "overdue_figure": figure(len(dash.rows_where(set_name="overdue")), set_name="overdue"),
        "no_update": dash.rows_where(set_name="no_update"),
        "no_update_figure": figure(len(dash.rows_where(set_name="no_update")), set_name="no_update"),
        "challenged_figure": figure(len({c.action_id for c in dash.challenges}), set_name="challenged"),
        "challenges_answered": sum(1 for c in dash.challenges if getattr(c, "answer", None)),
        "trend_rows": trend_rows,
        "trend_chart": stacked_bars([{"label": t["quarter"].label, "counts": t["counts"]} for t in trend_rows]),
    }
