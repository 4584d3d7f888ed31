"""The board pack of a quarter: a PDF (WeasyPrint, from the dashboard's content), an XLSX with one sheet per part
of the dashboard, and a CSV of every action with its status. Every cell goes through bscb.exports.safe_cell."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from bscb.exports import add_sheet, csv_response, new_workbook, xlsx_response
from priorities.models import Rag

from .models import Indicator, IndicatorValue
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


def board_pack_context(quarter, request=None) -> dict:
    dash = dashboard_for(quarter)
    context = dashboard_context(dash)
    context["indicators"] = _indicators(quarter)
    context["generated_at"] = timezone.now()
    if request is not None:
        from .views import _render_panels

        context["panels"] = _render_panels(request, quarter)
    return context


def _refuse_fetch(url, *args, **kwargs):
    # The pack is self-contained (inline SVG and styles): fetching a URL named in the content is never needed, and
    # refusing it means no user-entered text can make the server request anything.
    raise ValueError(f"The board pack does not load external resources ({url[:60]})")


def board_pack_pdf(request, quarter) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string("reporting/board_pack.html", board_pack_context(quarter, request), request=request)
    # WeasyPrint lays out a 400-action pack (about 30 pages) in 10-25 seconds; the HTML takes about one. The PDF is
    # a pure function of the HTML, so it is cached under the HTML's digest: any change to what the pack shows (a
    # challenge, a sign-off, an indicator value, a panel) changes the HTML and so misses. A closed quarter's pack,
    # downloaded again and again for the board meeting, is then served in the time it takes to build its HTML.
    key = "board-pack-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
        cache.set(key, pdf, timeout=PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(quarter, "pdf")}"'
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
