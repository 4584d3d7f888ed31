"""The plan's column layout, shared by the export (export.py) and the import (reader.py, rows.py).

The layout is the printed plan's table, one row per action, with the priority in front and four extra columns at
the end (see COLUMNS). Every row carries every cell, so any sheet can be sorted or filtered in Excel without losing
its objective. The export writes an "All actions" sheet (ALL_ACTIONS_SHEET) with every row; the import reads that
sheet when a workbook has one.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL_ACTIONS_SHEET = "All actions"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    required: bool = False


COLUMNS = [
    Column("priority", "Priority", 22, required=True),
    Column("heading", "Strategic Approach", 20, required=True),
    Column("what", "What we will do", 45, required=True),
    Column("how", "How we will do it", 60, required=True),
    Column("leads", "Responsible Leads", 25, required=True),
    Column("outcomes", "Evidence of improvement in performance / Expected outcomes", 45),
    Column("timescale", "Timescale", 20, required=True),
    Column("rag", "RAG", 12),
    Column("reference", "Reference", 12),
    Column("start_date", "Start date", 12),
    Column("due_date", "Due date", 12),
    Column("needs_review", "Timescale needs review", 12),
]
HEADERS = [column.header for column in COLUMNS]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
_LETTERS = "ABCDEFGHIJKL"
WIDTHS = {_LETTERS[i]: column.width for i, column in enumerate(COLUMNS)}
