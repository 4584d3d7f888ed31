"""Export of a plan's action plan as a spreadsheet in the plan's own column layout.

- `layout`: the columns, their headers and widths, shared by the export and the import (onboarding/plan_import/,
  a floor above, which reads the same layout back).
- `export`: the XLSX (an "All actions" sheet, then one sheet per priority) and CSV downloads.

Callers import from here: `from priorities.transfer import action_plan_workbook`.
"""

from .export import action_plan_workbook, action_row, actions_for_export, export_filename
from .layout import ALL_ACTIONS_SHEET, COLUMN_BY_KEY, COLUMNS, HEADERS, WIDTHS, Column

__all__ = [
    "ALL_ACTIONS_SHEET",
    "COLUMNS",
    "COLUMN_BY_KEY",
    "HEADERS",
    "WIDTHS",
    "Column",
    "action_plan_workbook",
    "action_row",
    "actions_for_export",
    "export_filename",
]
