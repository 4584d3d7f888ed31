"""Import, step 1: checking an uploaded workbook and reading its rows (each row is validated by rows.py).

Import (XLSX only) builds a NEW plan of the administrator's board (writer.py), all-or-nothing:

- Sheets read: the "All actions" sheet when the workbook has one (that is what the export writes; the per-priority
  sheets are copies for reading); otherwise every sheet, in order. The header row is found by its "How we will do
  it" cell among the first rows; columns are matched by their header, in any order. Blank Priority, Strategic
  Approach or What we will do cells continue the one above, as merged cells in a hand-made table do.
- Every row is validated before anything is written; problems are reported by sheet, row and column and nothing is
  imported unless the whole file is valid.

Safety: at most 10 MB uploaded, a real XLSX (zip) archive whose members unpack to at most MAX_UNCOMPRESSED_BYTES
(checked from the archive directory before openpyxl opens it; zipfile never inflates a member past its declared
size, so the check bounds what is read), at most MAX_ACTIONS rows, formulas read as their cached values. Every read
of the workbook happens inside `read_action_plan`'s error handling, so a damaged or hostile file is refused with a
message, never a server error.
"""

from __future__ import annotations

import zipfile

from openpyxl import load_workbook

from priorities.transfer.layout import ALL_ACTIONS_SHEET, COLUMNS

from ..progress import READ_EVERY
from .rows import ReadResult, cell_text, read_row
from .template import INSTRUCTIONS_SHEET

# The export of a 20,000-action plan is about 5 MB (two copies of every row: "All actions" and the priority's sheet).
MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# A 25,000-action export unpacks to about MAX_ACTIONS x 2.4 KB; leave room for long cells, refuse zip bombs.
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 500
MAX_ACTIONS = 25_000
HEADER_SEARCH_ROWS = 10


# ---------------------------------------------------------------------------------------------------------------
# Checks on the file itself


class ImportRejected(Exception):
    """The upload is not something we will open: the message is shown to the administrator as it is."""


def check_workbook_file(upload) -> None:
    """Refuse anything that is not a reasonably sized XLSX archive, before openpyxl reads a byte of it."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ImportRejected(f"The selected file must be smaller than {MAX_UPLOAD_MB} MB")
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise ImportRejected("The selected file must be an Excel spreadsheet (.xlsx)")
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        raise ImportRejected("The selected file must be an Excel spreadsheet (.xlsx)")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRejected("The selected file must be an Excel spreadsheet (.xlsx)") from exc
    finally:
        upload.seek(0)
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportRejected("The selected file must be an Excel spreadsheet (.xlsx)")
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise ImportRejected("The selected file has too many parts to be an action plan spreadsheet")
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
        raise ImportRejected("The selected file is too large when unpacked: an action plan is at most 25,000 rows")


# ---------------------------------------------------------------------------------------------------------------
# Reading the workbook's rows


class TooManyRows(Exception):
    pass


class UnreadableWorkbook(Exception):
    """openpyxl failed while reading the workbook's XML (read-only mode parses each sheet lazily, row by row)."""


UNREADABLE_MESSAGE = "The selected file could not be read as an Excel spreadsheet"


def _read_guarded(read_rows):
    """Yield the rows of `read_rows()` (openpyxl's lazy row iterator), turning any failure of openpyxl's own work
    into UnreadableWorkbook. Only openpyxl is guarded: a bug in our validation of a row still raises as itself."""
    try:
        iterator = iter(read_rows())
    except Exception:
        raise UnreadableWorkbook from None
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except Exception:  # a zoo again: ParseError (undefined entity), ValueError ("x" in a number cell)...
            raise UnreadableWorkbook from None
        yield item


def _normalise_header(value) -> str:
    return " ".join(str(value or "").split()).casefold()


def _column_key(header) -> str | None:
    text = _normalise_header(header)
    if not text:
        return None
    compact = text.replace(" ", "")
    if compact == "rag":
        return "rag"
    if text.startswith("responsible lead"):
        return "leads"
    if text.startswith("evidence of improvement") or text.startswith("expected outcome"):
        return "outcomes"
    for column in COLUMNS:
        if text == column.header.casefold():
            return column.key
    return None


def _find_header(rows) -> tuple[int, dict[str, int], list[str]] | None:
    """The header row's number, the column of each known header, and the headers the import does not know."""
    for number, values in rows:
        keys, unknown = {}, []
        for index, value in enumerate(values):
            key = _column_key(value)
            if key and key not in keys:
                keys[key] = index
            elif key is None and _normalise_header(value):
                unknown.append(" ".join(str(value).split()))
        if "how" in keys:
            return number, keys, unknown
        if number >= HEADER_SEARCH_ROWS:
            return None
    return None


def read_action_plan(upload, *, period: tuple[int, int] | None = None, progress=None) -> ReadResult:
    """Read and validate every action row of an uploaded workbook (already passed `check_workbook_file`).

    `period` is the new plan's (start_year, end_year): timescales outside it are flagged for review.
    `progress`, if given, is called as progress(row, last_row) every READ_EVERY rows (onboarding.progress): the sheet
    row reached, and the sheet's last row as the file states it (None if it does not).
    """
    result = ReadResult()
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises a zoo of exceptions (KeyError, ValueError...) for damaged files
        raise ImportRejected(UNREADABLE_MESSAGE) from None
    # Every read of the workbook happens in here: in read-only mode openpyxl parses a sheet's XML only as its rows
    # are iterated, so a damaged sheet fails half-way through _read_sheet, not in load_workbook.
    try:
        try:
            names = workbook.sheetnames
            if ALL_ACTIONS_SHEET in names:
                ignored = [name for name in names if name not in (ALL_ACTIONS_SHEET, INSTRUCTIONS_SHEET)]
                if ignored:
                    result.warnings.append(
                        f"Only the '{ALL_ACTIONS_SHEET}' sheet is imported. Changes made on "
                        + ", ".join(f"'{name}'" for name in ignored)
                        + " are not: make them on the 'All actions' sheet"
                    )
                names = [ALL_ACTIONS_SHEET]
            sheets = [(name, workbook[name]) for name in names]
        except Exception:
            raise UnreadableWorkbook from None
        references: dict[str, tuple[str, int]] = {}
        counter = [0]
        for name, sheet in sheets:
            _read_sheet(sheet, name, result, references, counter, period, progress)
    except UnreadableWorkbook:
        raise ImportRejected(UNREADABLE_MESSAGE) from None
    except TooManyRows:
        raise ImportRejected(
            f"The spreadsheet has more than {MAX_ACTIONS:,} actions: split it into smaller plans"
        ) from None
    finally:
        workbook.close()
    if not result.rows and not result.error_count:
        result.error(names[0] if names else "Workbook", 1, "How we will do it", "The spreadsheet has no actions")
    return result


def _read_sheet(sheet, name, result: ReadResult, references, counter, period, progress=None) -> None:
    rows = enumerate(_read_guarded(lambda: sheet.iter_rows(values_only=True, max_col=len(COLUMNS) + 8)), start=1)
    found = _find_header(rows)
    if found is None:
        result.error(name, 1, "Header", "Add a header row with the plan's columns, including 'How we will do it'")
        return
    header_row, keys, unknown = found
    if unknown:
        result.warnings.append(
            f"Sheet '{name}': the column{'s' if len(unknown) > 1 else ''} "
            + ", ".join(f"'{header}'" for header in unknown)
            + f" {'are' if len(unknown) > 1 else 'is'} not imported"
        )
    for column in COLUMNS:
        if column.required and column.key not in keys:
            result.error(name, header_row, column.header, f"Add a '{column.header}' column")
    if any(column.required and column.key not in keys for column in COLUMNS):
        return
    previous = {"priority": "", "heading": "", "what": ""}
    last_row = sheet.max_row if progress is not None else None
    for number, values in rows:
        if progress is not None and number % READ_EVERY == 0:
            progress(number, last_row)
        cells = {key: (values[index] if index < len(values) else None) for key, index in keys.items()}
        if all(cell_text(value).strip() == "" for value in cells.values()):
            continue
        counter[0] += 1
        if counter[0] > MAX_ACTIONS:
            raise TooManyRows
        row = read_row(name, number, cells, previous, result, references, period)
        if row is not None:
            result.rows.append(row)
