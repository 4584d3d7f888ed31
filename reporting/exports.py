"""The board pack of a quarter: a PDF (WeasyPrint, from the dashboard's content), an XLSX with one sheet per part
of the dashboard, and a CSV of every action with its status. Every cell goes through bscb.exports.safe_cell.

The PDF is not rendered in a request: the task in reporting/tasks.py renders it (`board_pack_html`, then
`board_pack_pdf_bytes`) and keeps it in the shared cache under `board_pack_key(html)`, where the download view finds
it by rendering the same HTML."""

import hashlib

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe

from bscb.exports import add_sheet, csv_response, new_workbook, xlsx_response
from priorities.models import Rag

from .models import Indicator, IndicatorValue
from .panels import render_panels
from .presentation import dashboard_context
from .selectors import RAG_ORDER, dashboard_for, indicator_series

RAG_WORDS = dict(Rag.choices)
PDF_CACHE_SECONDS = 7 * 24 * 3600


def _filename(quarter, suffix):
    return f"board-pack-{quarter.financial_year}-{str(quarter.financial_year + 1)[-2:]}-q{quarter.number}.{suffix}"


def _date(value):
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def _status_columns(row):
    return [
        row.reference,
        row.action.how,
        row.priority.title,
        RAG_WORDS.get(row.rag, row.rag),
        _date(row.latest_update_at),
        row.latest_update_author,
        row.commentary,
    ]


STATUS_HEADER = ["Reference", "Action", "Priority", "Status", "Latest update", "Updated by", "Commentary"]


def _indicators(quarter):
    """Each indicator's value for the quarter with its direction of travel (two queries)."""
    by_indicator = {}
    for value in IndicatorValue.objects.filter(indicator__plan_id=quarter.plan_id).select_related("quarter"):
        by_indicator.setdefault(value.indicator_id, []).append(value)
    rows = []
    for indicator in Indicator.objects.filter(plan_id=quarter.plan_id):
        values = by_indicator.get(indicator.pk, [])
        series = [s for s in indicator_series(indicator, values) if s["value"].quarter.start_date <= quarter.start_date]
        current = series[-1] if series and series[-1]["value"].quarter_id == quarter.pk else None
        rows.append(
            {
                "indicator": indicator,
                "value": current["value"].value if current else None,
                "travel": current["travel"] if current else "",
            }
        )
    return rows


def board_pack_context(quarter) -> dict:
    dash = dashboard_for(quarter)
    context = dashboard_context(dash)
    context["indicators"] = _indicators(quarter)
    return context


# Where the PDF says when it was generated. The HTML keeps this placeholder (an HTML comment, which no escaped text
# can contain) and `board_pack_pdf_bytes` writes the time in: the HTML, and so its digest, depends only on what the
# pack shows, not on the minute it was rendered, so the view and the worker compute the same key.
GENERATED_AT = "<!--generated-at-->"


def board_pack_html(quarter) -> str:
    """The PDF's HTML, rendered without a request, so the same for every user, server and worker. The template and
    the panel templates use no `request`, `user` or CSP nonce (WeasyPrint is not bound by the CSP) and nothing else
    that a context processor adds; keep it so, or the view and the worker would compute different keys."""
    context = board_pack_context(quarter)
    context["generated_at"] = mark_safe(GENERATED_AT)  # noqa: S308 - a constant, no user text
    context["panels"] = render_panels(None, quarter)
    return render_to_string("reporting/board_pack.html", context)


def board_pack_key(html: str) -> str:
    """The cache key of the PDF of `html`. WeasyPrint lays out a 400-action pack (about 30 pages) in 10-25 seconds;
    the HTML takes about one. The PDF is a pure function of the HTML, so it is kept under the HTML's digest: any
    change to what the pack shows (a challenge, a sign-off, an indicator value, a panel) changes the HTML and so the
    key, and a stale pack can never be served."""
    return "board-pack-pdf:" + hashlib.sha256(html.encode()).hexdigest()


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
    return HTML(string=html.replace(GENERATED_AT, stamp), url_fetcher=_refuse_fetch).write_pdf()


def board_pack_filename(quarter) -> str:
    return _filename(quarter, "pdf")


def board_pack_pdf_response(quarter, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{board_pack_filename(quarter)}"'
    return response


def board_pack_xlsx(quarter) -> HttpResponse:
    context = board_pack_context(quarter)
    dash = context["dash"]
    words = [RAG_WORDS[rag] for rag in RAG_ORDER]
    workbook = new_workbook()
    summary = [
        [g["priority"].title, g["stage"].name, *[g["counts"][rag] for rag in RAG_ORDER], g["total"]["count"]]
        for g in context["grid"]
    ]
    summary.append(["All actions", "", *[c["count"] for c in context["total_cells"]], len(dash.rows)])
    add_sheet(workbook, "Summary", ["Priority", "Strategic stage", *words, "Total"], summary, widths={"A": 32, "B": 30})
    movement = [
        [m["label"], r.reference, r.action.how, RAG_WORDS.get(r.previous_rag, ""), RAG_WORDS.get(r.rag, r.rag)]
        for m in context["movement"]
        for r in m["rows"]
    ]
    add_sheet(
        workbook,
        "Movement",
        [
            "Movement",
            "Reference",
            "Action",
            f"Status {dash.previous.label if dash.previous else ''}".strip(),
            f"Status {quarter.label}",
        ],
        movement,
        widths={"A": 24, "C": 60},
    )
    add_sheet(
        workbook,
        "Red and amber",
        STATUS_HEADER,
        [_status_columns(r) for r in context["red_amber"]],
        widths={"B": 60, "G": 80},
    )
    add_sheet(
        workbook,
        "Escalations",
        [*STATUS_HEADER, "Escalation reason"],
        [[*_status_columns(r), r.escalation_reason] for r in context["escalated"]],
        widths={"B": 60, "H": 60},
    )
    add_sheet(
        workbook,
        "Overdue",
        [*STATUS_HEADER, "Due"],
        [[*_status_columns(r), r.due_date.strftime("%d/%m/%Y") if r.due_date else ""] for r in context["overdue"]],
        widths={"B": 60},
    )
    add_sheet(
        workbook, "No update", STATUS_HEADER, [_status_columns(r) for r in context["no_update"]], widths={"B": 60}
    )
    add_sheet(
        workbook,
        "Indicators",
        ["Indicator", "Unit", "Good direction", "Target", quarter.label, "Direction of travel"],
        [
            [
                i["indicator"].name,
                i["indicator"].unit,
                i["indicator"].get_good_direction_display(),
                i["indicator"].target,
                i["value"],
                i["travel"],
            ]
            for i in context["indicators"]
        ],
        widths={"A": 70},
    )
    return xlsx_response(_filename(quarter, "xlsx"), workbook)


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
