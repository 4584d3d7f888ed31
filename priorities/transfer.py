"""Export and import of a plan's action plan as a spreadsheet in the plan's own column layout.

The layout is the printed plan's table, one row per action, with the priority in front and four extra columns at
the end (see COLUMNS). Every row carries every cell, so any sheet can be sorted or filtered in Excel without losing
its objective.

Export (XLSX): an "All actions" sheet with every action, then one sheet per priority (named by the priority) with
that priority's actions. CSV holds the "All actions" rows. Text cells go through `bscb.exports.safe_cell`, so a cell
that starts like a formula ("=1+1", "@SUM(...)", "- bullet") is written with a leading apostrophe and shown, never
run; the import removes that apostrophe again, so text round-trips exactly. (A cell whose own text starts with an
apostrophe followed by =, +, -, @ cannot be told apart from a neutralised one and loses its apostrophe on import.)

Import (XLSX only) builds a NEW plan of the administrator's board, all-or-nothing:

- Sheets read: the "All actions" sheet when the workbook has one (that is what the export writes; the per-priority
  sheets are copies for reading); otherwise every sheet, in order. The header row is found by its "How we will do
  it" cell among the first rows; columns are matched by their header, in any order. Blank Priority, Strategic
  Approach or What we will do cells continue the one above, as merged cells in a hand-made table do.
- Every row is validated before anything is written; problems are reported by sheet, row and column and nothing is
  imported unless the whole file is valid.
- Objectives are consecutive rows of a priority with the same strategic approach heading and "What we will do".
- Timescale: kept as written. Start and due dates come from the Start date / Due date cells where they are filled
  in (so dates an administrator corrected survive a round trip); an empty cell is derived from the timescale by
  `plans.timescales.parse_timescale`. "Timescale needs review" Yes/No is used as given; empty means "as the
  timescale parser decides".
- Leads: the Responsible Leads cell is kept as written. It is matched against the board's Lead records by name
  (longest names first, so "DV & VAWG" is one lead, not two); what is left is split on , ; & / : "and", and each
  remaining name that matches no lead (case-insensitively) is created as a Lead of kind "placeholder", with a
  description saying it came from the import, for the administrator to check and reclassify. The result page lists
  them.
- RAG: the RAG cell is validated (Not started, Red, Amber, Green, Complete or empty) but every imported action
  starts as Not started. A status is only ever the latest of the append-only status updates, each with an author, a
  quarter and a commentary; a new plan has no quarters yet, and a status typed into a spreadsheet is not a lead's
  update. The result page says how many rows carried another status. So a round trip gives identical rows for a
  plan whose actions are Not started, and identical rows apart from the RAG column otherwise.
- References: kept when given (unique in the file, case-insensitively); empty ones become "<priority code>-<n>".
- The new plan and its priorities, objectives, actions and new leads get their history baseline ("Imported from
  <file>", by the administrator), written in bulk; the many-to-many history (stages, leads) has no baseline rows.

Safety: at most 10 MB uploaded, a real XLSX (zip) archive whose members unpack to at most MAX_UNCOMPRESSED_BYTES
(checked from the archive directory before openpyxl opens it; zipfile never inflates a member past its declared
size, so the check bounds what is read), at most MAX_ACTIONS rows, formulas read as their cached values.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from bscb.exports import FORMULA_PREFIXES, add_sheet, new_workbook
from plans.models import BusinessPlan, Lead
from plans.timescales import parse_timescale

from .approach import stages_for_heading
from .models import Action, Objective, Priority, Rag

# The export of a 20,000-action plan is about 5 MB (two copies of every row: "All actions" and the priority's sheet).
MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# A 25,000-action export unpacks to about MAX_ACTIONS x 2.4 KB; leave room for long cells, refuse zip bombs.
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 500
MAX_ACTIONS = 25_000
# Enough errors to fix a file in one go without building a page of thousands of rows.
MAX_ERRORS = 200
HEADER_SEARCH_ROWS = 10
ALL_ACTIONS_SHEET = "All actions"
BATCH_SIZE = 1000


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

# Field lengths of the models, checked per row so that the database never has to refuse a value.
MAX_LENGTHS = {
    "priority": Priority._meta.get_field("title").max_length,
    "heading": Objective._meta.get_field("approach_heading").max_length,
    "timescale": Action._meta.get_field("timescale").max_length,
    "reference": Action._meta.get_field("reference").max_length,
}
LEAD_NAME_MAX_LENGTH = Lead._meta.get_field("name").max_length
RAG_BY_WORD = {label.casefold(): value for value, label in Rag.choices}
REQUIRED_MESSAGES = {
    "priority": "Enter the priority",
    "heading": "Enter the strategic approach",
    "what": "Enter what we will do",
    "how": "Enter how we will do it",
    "leads": "Enter the responsible leads",
    "timescale": "Enter the timescale",
}
YES_NO = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


# ---------------------------------------------------------------------------------------------------------------
# Export


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


# ---------------------------------------------------------------------------------------------------------------
# Import: checks on the file itself


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
# Import: reading and validating rows


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        return f"{self.sheet}, row {self.row}, {self.column}: {self.message}"


@dataclass
class ImportRow:
    sheet: str
    row: int
    priority: str
    heading: str
    stages: list[str]
    what: str
    how: str
    leads: str
    outcomes: str
    timescale: str
    rag: str
    reference: str
    start_date: datetime.date | None
    due_date: datetime.date | None
    needs_review: bool
    review_note: str


@dataclass
class ReadResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    def error(self, sheet, row, column, message):
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(sheet, row, column, message))

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)


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


def _text(value) -> str:
    """A cell as text, as written: the export's formula guard removed, numbers and dates written as people do."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        # Excel turns a typed "Oct 2014" into a date on the 1st; give the timescale back as the person wrote it.
        return value.strftime("%b %Y") if value.day == 1 else f"{value.day} {value.strftime('%b %Y')}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def _date(value) -> datetime.date:
    """A date cell: a real date, or text like 2014-07-31 or 31/07/2014. ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _find_header(rows) -> tuple[int, dict[str, int]] | None:
    for number, values in rows:
        keys = {}
        for index, value in enumerate(values):
            key = _column_key(value)
            if key and key not in keys:
                keys[key] = index
        if "how" in keys:
            return number, keys
        if number >= HEADER_SEARCH_ROWS:
            return None
    return None


def read_action_plan(upload, *, period: tuple[int, int] | None = None) -> ReadResult:
    """Read and validate every action row of an uploaded workbook (already passed `check_workbook_file`).

    `period` is the new plan's (start_year, end_year): timescales outside it are flagged for review.
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
                names = [ALL_ACTIONS_SHEET]
            sheets = [(name, workbook[name]) for name in names]
        except Exception:
            raise UnreadableWorkbook from None
        references: dict[str, tuple[str, int]] = {}
        counter = [0]
        for name, sheet in sheets:
            _read_sheet(sheet, name, result, references, counter, period)
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


def _read_sheet(sheet, name, result: ReadResult, references, counter, period) -> None:
    rows = enumerate(_read_guarded(lambda: sheet.iter_rows(values_only=True, max_col=len(COLUMNS) + 8)), start=1)
    found = _find_header(rows)
    if found is None:
        result.error(name, 1, "Header", "Add a header row with the plan's columns, including 'How we will do it'")
        return
    header_row, keys = found
    for column in COLUMNS:
        if column.required and column.key not in keys:
            result.error(name, header_row, column.header, f"Add a '{column.header}' column")
    if any(column.required and column.key not in keys for column in COLUMNS):
        return
    previous = {"priority": "", "heading": "", "what": ""}
    for number, values in rows:
        cells = {key: (values[index] if index < len(values) else None) for key, index in keys.items()}
        if all(_text(value).strip() == "" for value in cells.values()):
            continue
        counter[0] += 1
        if counter[0] > MAX_ACTIONS:
            raise TooManyRows
        row = _read_row(name, number, cells, previous, result, references, period)
        if row is not None:
            result.rows.append(row)


def _read_row(sheet, number, cells, previous, result: ReadResult, references, period) -> ImportRow | None:
    before = result.error_count

    def error(key, message):
        result.error(sheet, number, COLUMN_BY_KEY[key].header, message)

    text = {key: _text(cells.get(key)) for key in COLUMN_BY_KEY}
    # Blank grouping cells continue the row above, as merged cells in a hand-made table do; a new priority or
    # heading never continues the previous one's objective.
    for key, resets in (("priority", ("heading", "what")), ("heading", ("what",)), ("what", ())):
        if not text[key].strip():
            if previous[key]:
                text[key] = previous[key]
            else:
                error(key, REQUIRED_MESSAGES[key])
        if text[key] != previous[key]:
            previous.update(dict.fromkeys(resets, ""))
    previous.update(priority=text["priority"], heading=text["heading"], what=text["what"])

    for key in ("how", "leads", "timescale"):
        if not text[key].strip():
            error(key, REQUIRED_MESSAGES[key])
    for key, limit in MAX_LENGTHS.items():
        if len(text[key].strip() if key == "reference" else text[key]) > limit:
            error(key, f"{COLUMN_BY_KEY[key].header} must be {limit} characters or fewer")

    stages: list[str] = []
    if text["heading"].strip():
        try:
            stages = stages_for_heading(text["heading"])
        except ValueError:
            error(
                "heading",
                f"'{text['heading']}' is not a strategic approach heading: name Prevent, Identify, Support, "
                "Intervene or Enforce",
            )

    rag_word = text["rag"].strip().casefold()
    if rag_word and rag_word not in RAG_BY_WORD:
        error("rag", f"'{text['rag']}' is not a status: use Not started, Red, Amber, Green or Complete")

    for name in _lead_parts(text["leads"]):
        if len(name) > LEAD_NAME_MAX_LENGTH:
            error("leads", f"A lead's name must be {LEAD_NAME_MAX_LENGTH} characters or fewer")
            break

    reference = text["reference"].strip()
    if reference:
        seen = references.get(reference.casefold())
        if seen:
            error("reference", f"{reference} is also the reference on {seen[0]}, row {seen[1]}")
        else:
            references[reference.casefold()] = (sheet, number)

    parsed = None
    if text["timescale"].strip():
        try:
            parsed = parse_timescale(text["timescale"], period=period)
        except ValueError as exc:
            error("timescale", str(exc) or f"'{text['timescale']}' is not a timescale")

    dates = {}
    for key in ("start_date", "due_date"):
        raw = cells.get(key)
        if raw is None or _text(raw).strip() == "":
            dates[key] = getattr(parsed, "start" if key == "start_date" else "due", None)
            continue
        try:
            dates[key] = _date(raw)
        except ValueError:
            error(key, f"Enter the {COLUMN_BY_KEY[key].header.lower()} as a date, for example 2015-07-31")
    if dates.get("start_date") and dates.get("due_date") and dates["due_date"] < dates["start_date"]:
        error("due_date", "The due date must be the same as or after the start date")

    review_word = text["needs_review"].strip().casefold()
    if review_word and review_word not in YES_NO:
        error("needs_review", "Enter Yes or No")
    parsed_review = bool(parsed and parsed.needs_review)
    needs_review = YES_NO.get(review_word, parsed_review)
    note = ""
    if needs_review:
        note = (parsed.note if parsed_review and parsed is not None else "") or "Marked for review in the import"

    if result.error_count > before:
        return None
    return ImportRow(
        sheet=sheet,
        row=number,
        priority=text["priority"],
        heading=text["heading"],
        stages=stages,
        what=text["what"],
        how=text["how"],
        leads=text["leads"],
        outcomes=text["outcomes"],
        timescale=text["timescale"],
        rag=RAG_BY_WORD.get(rag_word, Rag.NOT_STARTED),
        reference=reference,
        start_date=dates["start_date"],
        due_date=dates["due_date"],
        needs_review=needs_review,
        review_note=note[:300],
    )


# ---------------------------------------------------------------------------------------------------------------
# Import: leads named in a Responsible Leads cell

_LEAD_SEPARATORS = re.compile(r"[,;&/:+\n]|\band\b", re.IGNORECASE)


def _lead_parts(text: str) -> list[str]:
    parts = []
    for part in _LEAD_SEPARATORS.split(text):
        name = " ".join(part.split()).strip(" .-()[]")
        if any(ch.isalpha() for ch in name):
            parts.append(name)
    return parts


def _tidy(text: str) -> str:
    return _HYPHEN_BREAK.sub("-", " ".join(text.split()))


def _lead_key(name: str) -> str:
    """How names are compared: case, spacing and a line broken after a hyphen ("Co- ordinator") do not count."""
    return _tidy(name).casefold()


_HYPHEN_BREAK = re.compile(r"(?<=\w)- (?=\w)")


class LeadMatcher:
    """Finds the board's leads named in a cell: known names first (longest first), then the rest split by separator.

    Unknown names are collected once per import (case-insensitively) to be created as placeholders.
    """

    def __init__(self, leads: Iterable[Lead]):
        self.by_name = {_lead_key(lead.name): lead for lead in leads}
        names = sorted({_tidy(lead.name) for lead in self.by_name.values() if len(lead.name.strip()) > 1}, key=len)
        alternatives = "|".join(re.escape(name) for name in reversed(names))
        # Known names are looked for as written (case-sensitive), so that "All" does not match "all agencies".
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if alternatives else None
        self.new: dict[str, Lead] = {}
        self._cache: dict[str, list[Lead]] = {}

    def leads_for(self, cell: str) -> list[Lead]:
        if cell not in self._cache:
            self._cache[cell] = self._match(cell)
        return self._cache[cell]

    def _match(self, cell: str) -> list[Lead]:
        whole = self.by_name.get(_lead_key(cell))
        if whole is not None:
            return [whole]
        found: list[Lead] = []
        rest = _tidy(cell)
        if self.pattern is not None:
            found = [self.by_name[_lead_key(m.group(0))] for m in self.pattern.finditer(rest)]
            rest = self.pattern.sub("\n", rest)
        for name in _lead_parts(rest):
            key = _lead_key(name)
            lead = self.by_name.get(key) or self.new.get(key)
            if lead is None:
                lead = self.new[key] = Lead(name=name, kind=Lead.Kind.PLACEHOLDER)
            found.append(lead)
        unique = []
        for lead in found:
            if lead not in unique:
                unique.append(lead)
        return unique


# ---------------------------------------------------------------------------------------------------------------
# Import: writing the plan


@dataclass
class ImportResult:
    plan: BusinessPlan
    priorities: int
    objectives: int
    actions: int
    new_leads: list[str]
    statuses_not_imported: int
    needs_review: int


def _priority_code(title: str, references: list[str], taken: set[str]) -> str:
    prefixes = {ref.rsplit("-", 1)[0] for ref in references if "-" in ref}
    if len(prefixes) == 1 and len(references) and (code := prefixes.pop()) and len(code) <= 10:
        return code
    words = re.findall(r"[A-Za-z0-9]+", title)
    code = ("".join(w[0] for w in words) if len(words) > 1 else (words[0][:3] if words else "P")).upper()[:8]
    candidate, n = code, 2
    while candidate in taken:
        candidate, n = f"{code}{n}", n + 1
    return candidate


def _unique_slug(title: str, taken: set[str]) -> str:
    base = slugify(title)[:50] or "priority"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


@transaction.atomic
def plan_import(
    *,
    board,
    user,
    rows: list[ImportRow],
    title: str,
    slug: str,
    period: str,
    start_year: int,
    end_year: int,
    dated: str = "",
    make_current: bool = False,
    source_name: str = "",
) -> ImportResult:
    """Create a new plan of `board` from validated rows (see `read_action_plan`), in bulk and in one transaction."""
    reason = f"Imported from {source_name}"[:100] if source_name else "Imported from a spreadsheet"
    today = datetime.date.today()
    if make_current:
        BusinessPlan.objects.filter(board=board, is_current=True).update(is_current=False)
    plan = BusinessPlan(
        board=board,
        title=title,
        slug=slug,
        period=period,
        start_year=start_year,
        end_year=end_year,
        dated=dated,
        is_current=make_current,
    )
    plan._change_reason = reason
    plan.save()

    # Priorities, in order of first appearance.
    by_title: dict[str, list[ImportRow]] = {}
    for row in rows:
        by_title.setdefault(row.priority, []).append(row)
    slugs: set[str] = set()
    codes: set[str] = set()
    priorities = []
    for order, (priority_title, priority_rows) in enumerate(by_title.items(), start=1):
        code = _priority_code(priority_title, [r.reference for r in priority_rows if r.reference], codes)
        codes.add(code)
        priorities.append(
            Priority(
                plan=plan,
                order=order,
                title=priority_title,
                slug=_unique_slug(priority_title, slugs),
                code=code,
                action_plan_title=f"{priority_title} Action Plan"[:200],
            )
        )
    history = {"default_user": user, "default_change_reason": reason, "batch_size": BATCH_SIZE}
    priorities = bulk_create_with_history(priorities, Priority, **history)

    # Objectives: consecutive rows of a priority with the same heading and "What we will do".
    objectives: list[Objective] = []
    objective_of_row: list[Objective] = []
    for priority in priorities:
        last_key, order = None, 0
        for row in by_title[priority.title]:
            key = (row.heading, row.what)
            if key != last_key:
                order += 1
                objective = Objective(priority=priority, order=order, approach_heading=row.heading, what=row.what)
                objective._stage_codes = row.stages
                objectives.append(objective)
                last_key = key
            objective_of_row.append(objective)
    objectives = bulk_create_with_history(objectives, Objective, **history)
    Objective.stages.through.objects.bulk_create(
        [
            Objective.stages.through(objective_id=objective.pk, strategicstage_id=code)
            for objective in objectives
            for code in objective._stage_codes
        ],
        batch_size=BATCH_SIZE,
    )

    # Leads: match every cell first, then create the unknown names in one go.
    matcher = LeadMatcher(Lead.objects.filter(board=board))
    ordered_rows = [row for priority in priorities for row in by_title[priority.title]]
    leads_of_row = [matcher.leads_for(row.leads) for row in ordered_rows]
    if matcher.new:
        for lead in matcher.new.values():
            lead.board = board
            lead.description = f"Added by the import of {title} on {today:%d/%m/%Y}: check the name and kind"[:300]
        bulk_create_with_history(list(matcher.new.values()), Lead, **history)

    # Actions, with generated references where the file had none.
    used = {row.reference.casefold() for row in ordered_rows if row.reference}
    actions = []
    action_order: dict[int, int] = {}
    next_number: dict[int, int] = {}
    for row, objective in zip(ordered_rows, objective_of_row, strict=True):
        action_order[id(objective)] = action_order.get(id(objective), 0) + 1
        reference = row.reference
        if not reference:
            priority = objective.priority
            while True:
                next_number[priority.pk] = next_number.get(priority.pk, 0) + 1
                reference = f"{priority.code}-{next_number[priority.pk]:02d}"
                if reference.casefold() not in used:
                    break
            used.add(reference.casefold())
        actions.append(
            Action(
                objective=objective,
                order=action_order[id(objective)],
                reference=reference,
                how=row.how,
                responsible_leads=row.leads,
                outcomes=row.outcomes,
                timescale=row.timescale,
                start_date=row.start_date,
                due_date=row.due_date,
                timescale_needs_review=row.needs_review,
                timescale_review_note=row.review_note,
            )
        )
    actions = bulk_create_with_history(actions, Action, **history)
    Action.leads.through.objects.bulk_create(
        [
            Action.leads.through(action_id=action.pk, lead_id=lead.pk)
            for action, leads in zip(actions, leads_of_row, strict=True)
            for lead in leads
        ],
        batch_size=BATCH_SIZE,
    )
    return ImportResult(
        plan=plan,
        priorities=len(priorities),
        objectives=len(objectives),
        actions=len(actions),
        new_leads=sorted(lead.name for lead in matcher.new.values()),
        statuses_not_imported=sum(1 for row in rows if row.rag != Rag.NOT_STARTED),
        needs_review=sum(1 for row in rows if row.needs_review),
    )


def plan_counts(plan):
    """The plan's priorities with the number of objectives and actions of each, in two queries."""
    objectives = dict(
        Objective.objects.filter(priority__plan=plan).values_list("priority").annotate(n=Count("pk")).order_by()
    )
    actions = dict(
        Action.objects.filter(objective__priority__plan=plan)
        .values_list("objective__priority")
        .annotate(n=Count("pk"))
        .order_by()
    )
    priorities = list(plan.priorities.order_by("order"))
    for priority in priorities:
        priority.objective_count = objectives.get(priority.pk, 0)
        priority.action_count = actions.get(priority.pk, 0)
    return priorities
