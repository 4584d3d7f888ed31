"""The board pack's XLSX writer: sheets a board member can sort, filter and print as they are.

Every sheet opens with two title rows (the board and quarter; frozen or live and when the file was made), then a bold
header row that stays frozen while scrolling, carries a filter and is repeated on every printed page; the page is set
up landscape, fitted to one page wide. Cells keep their types: numbers and pounds are numbers, dates are dates (so they
sort), and a status is its word on its colour (never colour alone). Text goes through bscb.exports.safe_cell, so
nothing typed by a user runs as a formula.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bscb.exports import safe_cell
from priorities.models import Rag

# The GOV.UK tag colours the site and the PDF use for each status (background), so a printed sheet matches them.
RAG_FILLS = {
    Rag.RED: "F4CDC6",
    Rag.AMBER: "FCD6C3",
    Rag.GREEN: "CCE2D8",
    Rag.COMPLETE: "BBD4EA",
    Rag.NOT_STARTED: "EEEFEF",
}
RAG_WORDS = dict(Rag.choices)
HEADER_ROW = 4  # two title rows, a blank row, then the header
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MONEY_FORMAT = '"£"#,##0.00'


def _typed(value):
    """A cell value openpyxl writes with its type: aware datetimes become local naive ones (Excel has no zones)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    return safe_cell(value)


_NOT_IN_TITLES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def sheet_title(text: str, workbook) -> str:
    """A worksheet name Excel accepts (at most 31 characters, none of []:*?/\\), unique in the workbook."""
    base = " ".join(text.translate(_NOT_IN_TITLES).split())[:31] or "Sheet"
    title, number = base, 2
    while title in workbook.sheetnames:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    return title


def add_pack_sheet(
    workbook,
    *,
    title: str,
    titles: list[str],
    header: list[str],
    rows: list[list],
    widths: dict | None = None,
    rag_columns=(),
    money_columns=(),
    fill_columns: dict | None = None,
):
    """Append a sheet to the pack's workbook and return it. `titles` are the two title lines; `rag_columns` hold Rag
    codes (written as word and fill); `fill_columns` maps a column to {cell text: colour} for other statuses."""
    sheet = workbook.create_sheet(title=sheet_title(title, workbook))
    for line_number, line in enumerate(titles, start=1):
        sheet.cell(row=line_number, column=1, value=safe_cell(line)).font = Font(bold=line_number == 1, size=12)
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=safe_cell(name))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    top = Alignment(wrap_text=True, vertical="top")
    for row_number, row in enumerate(rows, start=HEADER_ROW + 1):
        for column, value in enumerate(row, start=1):
            index = column - 1
            if index in rag_columns:
                code = value or Rag.NOT_STARTED
                cell = sheet.cell(row=row_number, column=column, value=RAG_WORDS.get(code, code))
                colour = RAG_FILLS.get(code)
                if colour:
                    cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
                cell.font = Font(bold=True)
            else:
                cell = sheet.cell(row=row_number, column=column, value=_typed(value))
                colour = (fill_columns or {}).get(index, {}).get(value)
                if colour:
                    cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
                    cell.font = Font(bold=True)
                if isinstance(value, datetime.datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
                elif index in money_columns and value is not None:
                    cell.number_format = MONEY_FORMAT
            cell.alignment = top
    last_column = get_column_letter(max(len(header), 1))
    last_row = HEADER_ROW + max(len(rows), 1)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{last_row}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.left.text = titles[0] if titles else ""
    sheet.oddFooter.right.text = "Page &P of &N"
    for column in range(1, len(header) + 1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = (widths or {}).get(letter, 16)
    return sheet
