"""Export of a plan's action plan (XLSX and CSV) in the plan's column layout (layout.py).

XLSX: an "All actions" sheet with every action, then one sheet per priority (named by the priority) with that
priority's actions. CSV holds the "All actions" rows. Text cells go through `bscb.exports.safe_cell`, so a cell that
starts like a formula ("=1+1", "@SUM(...)", "- bullet") is written with a leading apostrophe and shown, never run;
the import removes that apostrophe again (rows.py, `cell_text`), so text round-trips exactly. (A cell whose own text
starts with an apostrophe followed by =, +, -, @ cannot be told apart from a neutralised one and loses its
apostrophe on import.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.text import slugify

from bscb.exports import add_sheet, new_workbook

from ..models import Action
from .layout import ALL_ACTIONS_SHEET, HEADERS, WIDTHS

SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def actions_for_export(plan, queryset=None):
    """The plan's actions in plan order, with what the rows need in the same query."""
    queryset = queryset if queryset is not None else Action.objects.all()
    return (
        queryset.filter(objective__priority__plan=plan)
        .select_related("objective__priority")
        .order_by("objective__priority__order", "objective__order", "order", "pk")
    )


def action_row(action) -> list:
    objective = action.objective
    return [
        objective.priority.title,
        objective.approach_heading,
        objective.what,
        action.how,
        action.responsible_leads,
        action.outcomes,
        action.timescale,
        action.get_rag_display(),
        action.reference,
        action.start_date.isoformat() if action.start_date else "",
        action.due_date.isoformat() if action.due_date else "",
        "Yes" if action.timescale_needs_review else "No",
    ]


def _sheet_title(title: str, taken: set[str]) -> str:
    base = SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[:31] or "Priority"
    candidate, n = base, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.casefold())
    return candidate


def action_plan_workbook(actions: Iterable[Action]):
    """ "All actions" then one sheet per priority, each in the plan's column layout."""
    rows_by_priority: dict[int, tuple[str, list]] = {}
    all_rows = []
    for action in actions:
        row = action_row(action)
        all_rows.append(row)
        priority = action.objective.priority
        rows_by_priority.setdefault(priority.pk, (priority.title, []))[1].append(row)
    workbook = new_workbook()
    add_sheet(workbook, ALL_ACTIONS_SHEET, HEADERS, all_rows, widths=WIDTHS)
    taken = {ALL_ACTIONS_SHEET.casefold()}
    for title, rows in rows_by_priority.values():
        add_sheet(workbook, _sheet_title(title, taken), HEADERS, rows, widths=WIDTHS)
    return workbook


def export_filename(plan, extension: str) -> str:
    return f"{slugify(plan.board.short_name)}-{plan.slug}-action-plan.{extension}"
