"""The blank plan template: a workbook a new partnership fills in and uploads on the import page.

Two sheets. "Instructions" says what each column takes, in the import's own words (required or not, the values it
accepts), and shows one example row laid out as it would be in the plan. "All actions" has the header row only: the
import reads that sheet alone when a workbook has one (reader.py), so nothing on the instructions sheet, the example
included, can ever be imported by mistake. A partnership that copies its Word table in keeps one row per action.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from bscb.exports import add_sheet, new_workbook
from priorities.approach import STAGE_CODES
from priorities.models import Rag
from priorities.transfer.layout import ALL_ACTIONS_SHEET, COLUMNS, HEADERS, WIDTHS

INSTRUCTIONS_SHEET = "Instructions"
TEMPLATE_FILENAME = "action-plan-template.xlsx"
# Rows of "All actions" given the RAG drop-down: far more than any plan has, few enough to keep the file small.
VALIDATED_ROWS = 2000

STAGES = ", ".join(code.capitalize() for code in STAGE_CODES)
RAG_WORDS = [label for _value, label in Rag.choices]

# What to write in each column, keyed by the layout's column keys (priorities/transfer/layout.py).
GUIDANCE = {
    "priority": "The priority the action belongs to, for example Neglect. Rows of one priority may be anywhere.",
    "heading": (
        f"The strategic approach, naming one or more of {STAGES}: for example Prevent, or Intervene & Support, "
        "or Enforce (disrupt and prosecute)."
    ),
    "what": "What we will do: the objective. Consecutive rows with the same priority, approach and objective are one "
    "objective with several actions. A blank cell continues the row above, as a merged cell in Word does.",
    "how": "How we will do it: one action per row.",
    "leads": "The people, posts or groups responsible, as the plan writes them. Separate several with & or a comma. "
    "Names your board already has are matched; new names are added as leads for you to check.",
    "outcomes": "The evidence of improvement in performance, or the expected outcomes.",
    "timescale": "When, as the plan writes it: for example March 2017, Sept 2016 - March 2017, or Quarterly. "
    "Start and due dates are worked out from it; anything unclear is listed for you to check.",
    "rag": f"Leave blank. Every imported action starts as Not started ({', '.join(RAG_WORDS)} are accepted): leads "
    "record their status in the tracker, quarter by quarter.",
    "reference": "Optional: your own reference, for example NEG-01, unique in the file. Left blank, one is made "
    "from the priority.",
    "start_date": "Optional: a date (for example 01/09/2016) to use instead of the one worked out from the timescale.",
    "due_date": "Optional: a date (for example 31/03/2017) to use instead of the one worked out from the timescale.",
    "needs_review": "Optional: Yes to list the action for checking after the import, No to say the timescale is right.",
}

EXAMPLE = {
    "priority": "Neglect",
    "heading": "Prevent",
    "what": "Raise awareness of neglect and its impact among practitioners in every partner agency",
    "how": "Deliver multi-agency neglect training, including the use of the Graded Care Profile, to 200 practitioners",
    "leads": "Head of Early Help & Board Training Officer",
    "outcomes": "Practitioners report more confidence in identifying neglect; more early help assessments for neglect",
    "timescale": "Sept 2016 - March 2017",
    "rag": "",
    "reference": "NEG-01",
    "start_date": "",
    "due_date": "",
    "needs_review": "",
}


def plan_template_workbook():
    """The blank template (see the module docstring)."""
    workbook = new_workbook()
    instructions = workbook.create_sheet(INSTRUCTIONS_SHEET)
    lines = [
        ("Your action plan, ready to import", Font(bold=True, size=14)),
        (
            "Fill in the 'All actions' sheet: one row per action, under its header row. Keep the headers as they are; "
            "the columns may be in any order.",
            None,
        ),
        (
            "Then, in the tracker, go to Set-up, then Import a plan, and upload this file. Every row is checked first: "
            "if any row has a problem, nothing is imported and every problem is listed by sheet, row and column.",
            None,
        ),
        ("Only the 'All actions' sheet is imported. This sheet, with its example, never is.", None),
        ("", None),
        ("The columns", Font(bold=True, size=12)),
    ]
    for text, font in lines:
        instructions.append([text])
        if font:
            instructions.cell(row=instructions.max_row, column=1).font = font
    instructions.append(["Column", "Required", "What to write"])
    header_row = instructions.max_row
    for column in COLUMNS:
        instructions.append([column.header, "Yes" if column.required else "No", GUIDANCE[column.key]])
    for cell in instructions[header_row]:
        cell.font = Font(bold=True)
    instructions.append([])
    instructions.append(["An example row, as it would be on the 'All actions' sheet"])
    instructions.cell(row=instructions.max_row, column=1).font = Font(bold=True, size=12)
    instructions.append(HEADERS)
    for cell in instructions[instructions.max_row]:
        cell.font = Font(bold=True)
    instructions.append([EXAMPLE[column.key] for column in COLUMNS])
    instructions.column_dimensions["A"].width = 30
    instructions.column_dimensions["B"].width = 12
    instructions.column_dimensions["C"].width = 90
    for row in instructions.iter_rows(min_row=header_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    actions = add_sheet(workbook, ALL_ACTIONS_SHEET, HEADERS, [], widths=WIDTHS)
    rag_letter = "ABCDEFGHIJKL"[[column.key for column in COLUMNS].index("rag")]
    rag_choice = DataValidation(
        type="list",
        formula1='"' + ",".join(RAG_WORDS) + '"',
        allow_blank=True,
        errorTitle="RAG",
        error="Choose " + ", ".join(RAG_WORDS) + ", or leave it blank",
    )
    rag_choice.add(f"{rag_letter}2:{rag_letter}{VALIDATED_ROWS + 1}")
    actions.add_data_validation(rag_choice)
    return workbook
