"""Importing a plan from a spreadsheet in the layout of the action plan download (priorities/transfer/layout.py).

It fills the floors below (a new plan, its priorities, objectives, actions and leads), so it stands on the top floor
with the other loaders (docs/CONVENTIONS.md). One module per concern, each importing only the ones above it:

- `leads`: matching the names in a Responsible Leads cell to the board's leads.
- `rows`: validating one row of an uploaded workbook (cells, dates, timescale, RAG, references).
- `reader`: checking the uploaded file and reading its rows, with every read of the workbook inside the error
  handling (the import is all-or-nothing: nothing is written unless every row is valid).
- `writer`: creating the new plan from the validated rows, in bulk and in one transaction.

Callers import from here: `from onboarding.plan_import import read_action_plan`.
"""

from .leads import LeadMatcher
from .reader import (
    MAX_ACTIONS,
    MAX_ARCHIVE_MEMBERS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    UNREADABLE_MESSAGE,
    ImportRejected,
    check_workbook_file,
    read_action_plan,
)
from .rows import MAX_ERRORS, ImportRow, ReadResult, RowError
from .writer import ImportResult, plan_counts, plan_import

__all__ = [
    "MAX_ACTIONS",
    "MAX_ARCHIVE_MEMBERS",
    "MAX_ERRORS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_MB",
    "UNREADABLE_MESSAGE",
    "ImportRejected",
    "ImportResult",
    "ImportRow",
    "LeadMatcher",
    "ReadResult",
    "RowError",
    "check_workbook_file",
    "plan_counts",
    "plan_import",
    "read_action_plan",
]
