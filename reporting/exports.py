"""The board pack of a quarter: a PDF (WeasyPrint, from the dashboard's content), an XLSX with one sheet per part
of the dashboard, and a CSV of every action with its status. Every cell goes through bscb.exports.safe_cell.

The PDF is not rendered in a request: the task in reporting/tasks.py renders it (`board_pack_html`, then
`board_pack_pdf_bytes`) and keeps it in the shared cache under `board_pack_key(html)`, where the download view finds
it by rendering the same HTML."""

import hashlib
import io
import re
from dataclasses import dataclass

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe

from bscb.exports import XLSX_CONTENT_TYPE, csv_response, new_workbook
from bscb.links import absolute_url
from priorities.models import Rag

from .pack import board_pack_data, leads_of
from .panels import panels, render_panels
from .presentation import RAG_WORDS
from .selectors import RAG_ORDER, dashboard_for
from .xlsx import RAG_FILLS, add_pack_sheet

PDF_CACHE_SECONDS = 7 * 24 * 3600


def _filename(quarter, suffix):
    return f"board-pack-{quarter.financial_year}-{str(quarter.financial_year + 1)[-2:]}-q{quarter.number}.{suffix}"


def _date(value):
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def board_pack_context(quarter, pack=None) -> dict:
    """The template context of the PDF and the preview: the dashboard's presentation context plus `pack`."""
    pack = pack or board_pack_data(quarter)
    return {**pack.context, "pack": pack}


@dataclass(frozen=True)
class PackContent:
    """What a quarter's pack shows now: the PDF's HTML and the XLSX's sheets, and the digest of both, under which the
    built files are kept (`board_pack_key`)."""

    html: str
    sheets: list
    digest: str


def board_pack_content(quarter) -> PackContent:
    """The pack's content, from one reading of the data (board_pack_data) for both files."""
    pack = board_pack_data(quarter)
    html = board_pack_html(quarter, pack)
    sheets = board_pack_sheets(pack)
    digest = hashlib.sha256(html.encode() + repr(sheets).encode()).hexdigest()
    return PackContent(html=html, sheets=sheets, digest=digest)


# Where the PDF says when it was generated. The HTML keeps this placeholder (an HTML comment, which no escaped text
# can contain) and `board_pack_pdf_bytes` writes the time in: the HTML, and so its digest, depends only on what the
# pack shows, not on the minute it was rendered, so the view and the worker compute the same key.
GENERATED_AT = "<!--generated-at-->"


def board_pack_html(quarter, pack=None) -> str:
    """The PDF's HTML, rendered without a request, so the same for every user, server and worker. The template and
    the panel templates use no `request`, `user` or CSP nonce (WeasyPrint is not bound by the CSP) and nothing else
    that a context processor adds; keep it so, or the view and the worker would compute different keys."""
    context = board_pack_context(quarter, pack)
    context["generated_at"] = mark_safe(GENERATED_AT)  # noqa: S308 - a constant, no user text
    context["panels"] = render_panels(None, quarter)
    return absolute_links(render_to_string("reporting/board_pack.html", context))


# Every link the templates write as a path (href="/...") becomes SITE_URL + path: a PDF is read outside the site,
# where a path leads nowhere. Only attributes the templates wrote can match: user text is escaped, so a quote in it
# is &quot; and can never open an href. Links within the pack (href="#...") stay as they are.
_PATH_HREF = re.compile(r'href="/(?!/)')


def absolute_links(html: str) -> str:
    return _PATH_HREF.sub(lambda match: f'href="{absolute_url("/")}', html)


def board_pack_key(content: PackContent, kind: str) -> str:
    """The cache key of the pack's PDF or XLSX (`kind`). WeasyPrint lays out a 400-action pack (about 30 pages) in
    seconds; the content takes well under one. The files are pure functions of the content, so they are kept under
    its digest: any change to what the pack shows (a challenge, a sign-off, an indicator value, a panel) changes the
    digest and so the key, and a stale pack can never be served."""
    return f"board-pack-{kind}:{content.digest}"


def _refuse_fetch(url, *args, **kwargs):
    # The pack is self-contained (inline SVG and styles): fetching a URL named in the content is never needed, and
    # refusing it means no user-entered text can make the server request anything.
    raise ValueError(f"The board pack does not load external resources ({url[:60]})")


def board_pack_pdf_bytes(html: str, *, generated_at=None) -> bytes:
    """The PDF of the pack's HTML (`board_pack_html`), saying it was generated at `generated_at` (now by default).
    Seconds for a large pack: only the task in reporting/tasks.py calls it."""
    # Imported on first use, not to dodge a cycle: WeasyPrint loads Pango and its fonts (over a second), which every
    # other request, management command and test would otherwise pay for.
    from weasyprint import HTML  # noqa: PLC0415

    stamp = dateformat.format(timezone.localtime(generated_at or timezone.now()), "j F Y, H:i")
    # PDF/UA-1: a tagged PDF (structure tree, reading order, table headers) with its title shown and its language
    # set from <html lang>, so that a screen reader reads the pack as it reads the page.
    return HTML(string=html.replace(GENERATED_AT, stamp), url_fetcher=_refuse_fetch).write_pdf(pdf_variant="pdf/ua-1")


CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX_CONTENT_TYPE}


def board_pack_filename(quarter, kind: str = "pdf") -> str:
    return _filename(quarter, kind)


def board_pack_response(quarter, kind: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{board_pack_filename(quarter, kind)}"'
    return response


ACTION_HEADER = [
    "Reference",
    "Action",
    "Leads",
    "Status",
    "Previous status",
    "Movement",
    "Due",
    "Overdue",
    "Latest update",
    "Updated by",
    "Latest commentary",
    "Needs escalation",
    "Escalation reason",
]
ACTION_WIDTHS = {"A": 11, "B": 60, "C": 28, "D": 13, "E": 13, "F": 18, "G": 12, "I": 17, "J": 20, "K": 70, "M": 50}
ACTION_RAG_COLUMNS = (3, 4)
INDICATOR_FILLS = {"on_target": RAG_FILLS[Rag.GREEN], "within_tolerance": "FFF7BF", "off_target": RAG_FILLS[Rag.RED]}


def _action_row(row) -> list:
    return [
        row.reference,
        row.action.how,
        leads_of(row),
        row.rag,
        getattr(row, "previous_rag", None),
        row.movement_label,
        row.due_date,
        row.is_overdue,
        row.latest_update_at,
        row.latest_update_author,
        row.commentary,
        row.needs_escalation,
        row.escalation_reason,
    ]


def _state_words(quarter) -> str:
    if quarter.is_closed:
        return f"Frozen when the quarter closed on {dateformat.format(timezone.localtime(quarter.closed_at), 'j F Y')}"
    return "Live: the quarter is still open and these figures will change"


def board_pack_sheets(pack) -> list[dict]:
    """The XLSX's content, one dict per sheet (add_pack_sheet's arguments): one sheet per section of the PDF. Plain
    values only, so that the content's digest (board_pack_content) covers it."""
    quarter = pack.quarter
    context = pack.context
    dash = context["dash"]
    state = _state_words(quarter)
    sheets = []

    def sheet(title, header, rows, **options):
        sheets.append({"title": title, "header": header, "rows": rows, **options})

    summary = [
        ["Plan", quarter.plan.title],
        ["Quarter", f"{quarter.label}, {quarter.start_date:%d/%m/%Y} to {quarter.end_date:%d/%m/%Y}"],
        ["Figures", state],
        ["Actions", len(dash.rows)],
        *[[word, count] for rag, word, count in pack.headline],
        *[[f"Since {dash.previous.label}: {label.lower()}", count] for label, count in pack.movement_counts],
        ["New red actions", len(pack.new_reds)],
        ["Escalations to the board", len(pack.escalated)],
        ["Challenges recorded this quarter", len(dash.challenges)],
        [
            "BMG review",
            f"Signed off by {quarter.review_done_by.get_full_name() or quarter.review_done_by.username} "
            f"on {dateformat.format(timezone.localtime(quarter.review_done_at), 'j F Y')}"
            if quarter.review_done_at
            else "Not signed off",
        ],
        ["Sign-off note", pack.sign_off_note],
        *[[s.title, s.sentence] for s in pack.panel_summaries],
        ["Indicators off target", len(pack.indicators_off_target)],
        *[[f"Off target: {i.indicator.name}", i.value] for i in pack.indicators_off_target],
        ["Online", pack.dashboard_url],
    ]
    sheet("Summary", ["Item", "Value"], summary, widths={"A": 45, "B": 90})
    sheet(
        "New reds",
        ACTION_HEADER,
        [_action_row(r) for r in pack.new_reds],
        widths=ACTION_WIDTHS,
        rag_columns=ACTION_RAG_COLUMNS,
    )
    sheet(
        "Escalations",
        ACTION_HEADER,
        [_action_row(r) for r in pack.escalated],
        widths=ACTION_WIDTHS,
        rag_columns=ACTION_RAG_COLUMNS,
    )
    for section in pack.sections:
        sheet(
            f"P{section.priority.order} {section.priority.title}",
            ACTION_HEADER,
            [_action_row(r) for r in section.rows],
            widths=ACTION_WIDTHS,
            rag_columns=ACTION_RAG_COLUMNS,
        )
    words = [RAG_WORDS[rag] for rag in RAG_ORDER]
    grid = [
        [g["priority"].title, g["stage"].name, *[g["counts"][rag] for rag in RAG_ORDER], g["total"]["count"]]
        for g in context["grid"]
    ]
    grid.append(["All actions", "", *[c["count"] for c in context["total_cells"]], len(dash.rows)])
    sheet("Priority and stage", ["Priority", "Strategic stage", *words, "Total"], grid, widths={"A": 32, "B": 30})
    trend = [
        [t["first"], *[t["counts"].get(rag, 0) for rag in RAG_ORDER], t["total"]["count"]]
        for t in context["trend_rows"]
    ]
    sheet("Trend", ["Quarter", *words, "Total"], trend, widths={"A": 24})
    sheet(
        "Overdue",
        ACTION_HEADER,
        [_action_row(r) for r in context["overdue"]],
        widths=ACTION_WIDTHS,
        rag_columns=ACTION_RAG_COLUMNS,
    )
    sheet(
        "No update",
        ACTION_HEADER,
        [_action_row(r) for r in context["no_update"]],
        widths=ACTION_WIDTHS,
        rag_columns=ACTION_RAG_COLUMNS,
    )
    sheet(
        "Challenges",
        ["Reference", "Challenged by", "Recorded", "Challenge", "Answered"],
        [
            [
                c.action.reference,
                c.author.get_full_name() or c.author.username,
                c.created_at,
                c.text,
                bool(getattr(c, "answer", None)),
            ]
            for c in dash.challenges
        ],
        widths={"B": 24, "C": 17, "D": 80},
    )
    sheet(
        "Indicators",
        [
            "Indicator",
            "Unit",
            "Polarity",
            quarter.label,
            "Target",
            "Tolerance",
            "Against target",
            "Direction of travel",
            "Note",
        ],
        [
            [
                i.indicator.name,
                i.indicator.unit,
                i.indicator.get_good_direction_display(),
                i.value,
                i.target,
                i.tolerance,
                i.status.word,
                i.travel,
                i.note,
            ]
            for i in pack.indicators
        ],
        widths={"A": 60, "G": 18, "H": 18, "I": 40},
        fill_columns={
            6: {
                i.status.word: INDICATOR_FILLS[i.status.key] for i in pack.indicators if i.status.key in INDICATOR_FILLS
            }
        },
    )
    for panel in panels():
        for extra in panel.sheets(quarter) if panel.sheets else []:
            sheet(
                extra.title,
                extra.header,
                extra.rows,
                widths=extra.widths,
                rag_columns=extra.rag_columns,
                money_columns=extra.money_columns,
            )
    return sheets


def board_pack_xlsx_bytes(quarter, sheets: list[dict], *, made_at=None) -> bytes:
    """The workbook of `sheets` (board_pack_sheets), each under the board, quarter and the time it was made."""
    made_at = timezone.localtime(made_at or timezone.now())
    titles = [
        f"{quarter.plan.board.name}: board pack {quarter.label}",
        f"{_state_words(quarter)}. Made {dateformat.format(made_at, 'j F Y, H:i')}.",
    ]
    workbook = new_workbook()
    for spec in sheets:
        add_pack_sheet(workbook, titles=titles, **spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def actions_csv(quarter) -> HttpResponse:
    dash = dashboard_for(quarter)
    header = [
        "Reference",
        "Priority",
        "Strategic stages",
        "Action",
        "Status",
        "Previous status",
        "Latest update",
        "Updated by",
        "Commentary",
        "Needs escalation",
        "Escalation reason",
        "Due",
        "Overdue",
        "Updated this quarter",
    ]
    rows = [
        [
            r.reference,
            r.priority.title,
            "; ".join(r.stage_codes),
            r.action.how,
            RAG_WORDS.get(r.rag, r.rag),
            RAG_WORDS.get(getattr(r, "previous_rag", ""), ""),
            _date(r.latest_update_at),
            r.latest_update_author,
            r.commentary,
            "Yes" if r.needs_escalation else "No",
            r.escalation_reason,
            r.due_date.strftime("%d/%m/%Y") if r.due_date else "",
            "Yes" if r.is_overdue else "No",
            "Yes" if r.updated_this_quarter else "No",
        ]
        for r in dash.rows
    ]
    filename = _filename(quarter, "csv").replace("board-pack", "actions")
    return csv_response(filename, header, rows)
