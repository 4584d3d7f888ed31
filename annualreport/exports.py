"""The yearly report's files: a tagged PDF (WeasyPrint, PDF/UA-1) and a DOCX (python-docx) that a communications team
can edit. Both are made from the report's `ReportDocument` (annualreport.content.report_document) and nothing else,
so they say what the report page says. Both take seconds for a large report: only the task in annualreport/tasks.py
calls `report_pdf_bytes` and `report_docx_bytes`, never a request.

A built file is kept (annualreport.models.ReportFile) under `file_digest(document)`: the document's digest without
its "Figures as at <minute>" note, which a draft's document changes every minute although nothing printed changed.
The file itself says when its figures were read (the note at build time).
"""

import io
import re
from dataclasses import replace

from django.template.loader import render_to_string
from django.utils.text import slugify
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from bscb.links import absolute_url

from .document import ReportDocument

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EASY_READ_HEADING = "Easy-read summary"
EASY_READ_INTRO = "This part of the report is in short, plain sentences."


def file_digest(document: ReportDocument) -> str:
    """What a stored file is kept under: everything printed except the time the figures were read."""
    return replace(document, generated_note="").digest()


def report_filename(report, kind: str) -> str:
    """barnet-yearly-report-2014-15.pdf (the adults' template adds "adults-" after the board)."""
    years = report.year_label.replace("/", "-")
    template = "adults-" if report.template == "adults" else ""
    return f"{slugify(report.board.slug) or 'board'}-{template}yearly-report-{years}.{kind}"


_BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs(narrative: str) -> list[str]:
    """The narrative's paragraphs: separated by blank lines, each stripped; empty ones dropped."""
    text = narrative.replace("\r\n", "\n").replace("\r", "\n")
    return [part.strip() for part in _BLANK_LINE.split(text) if part.strip()]


def _link(path: str) -> str:
    # A PDF is read away from the site: a path alone leads nowhere. A full URL is kept as it is.
    return absolute_url(path) if path.startswith("/") else path


# PDF -------------------------------------------------------------------------------------------------------------


def report_pdf_html(document: ReportDocument) -> str:
    """The PDF's HTML (templates/annualreport/pdf/yearly_report.html), rendered without a request."""
    sections = [
        {
            "key": section.key,
            "heading": section.heading,
            "paragraphs": paragraphs(section.narrative),
            "figures": [
                {"label": f.label, "value": f.value, "note": f.note, "url": f.url, "link": _link(f.url)}
                for f in section.figures
            ],
            "tables": [
                {"caption": t.caption, "headers": t.headers, "rows": t.rows, "url": t.url, "link": _link(t.url)}
                for t in section.tables
            ],
        }
        for section in document.sections
    ]
    return render_to_string(
        "annualreport/pdf/yearly_report.html",
        {
            "document": {
                "board_name": document.board_name,
                "title": document.title,
                "period_label": document.period_label,
                "template_label": document.template_label,
                "status_label": document.status_label,
                "generated_note": document.generated_note,
                "easy_read": document.easy_read,
                "sections": sections,
            },
            "easy_read_heading": EASY_READ_HEADING,
            "easy_read_intro": EASY_READ_INTRO,
        },
    )


def _refuse_fetch(url, *args, **kwargs):
    # Self-contained (styles inline, no images): no text in a report can make the server fetch anything.
    raise ValueError(f"The yearly report does not load external resources ({url[:60]})")


def report_pdf_bytes(document: ReportDocument) -> bytes:
    """A tagged PDF (PDF/UA-1: structure tree, reading order, table headers, language and title) of the document."""
    # Imported on first use: WeasyPrint loads Pango and its fonts (over a second), which every request, command and
    # test that never makes a PDF would otherwise pay for.
    from weasyprint import HTML  # noqa: PLC0415

    return HTML(string=report_pdf_html(document), url_fetcher=_refuse_fetch).write_pdf(pdf_variant="pdf/ua-1")


# DOCX ------------------------------------------------------------------------------------------------------------

EASY_READ_STYLE = "Easy Read"
TABLE_STYLE = "Light Grid Accent 1"


def _set_language(doc, language: str) -> None:
    """The document's default language (what spelling checks and screen readers use), in the style defaults."""
    r_pr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), language)


def _easy_read_style(doc):
    """A named paragraph style for the easy-read summary (large type, room between lines): the communications team
    changes it in one place instead of fighting direct formatting on each line."""
    style = doc.styles.add_style(EASY_READ_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(16)
    style.paragraph_format.space_after = Pt(12)
    style.paragraph_format.line_spacing = 1.3
    return style


def _repeat_header(row) -> None:
    """Mark a table row as a header row, repeated at the top of each page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table(doc, headers, rows):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles[TABLE_STYLE]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=False):
            cell.text = str(text)
    return table


def _contents_field(doc, headings: list[str]) -> None:
    """A Word table of contents (a TOC field over Heading 1): Word fills in page numbers when the field is updated.
    Until then it shows the headings, so the contents read right even in an application that does not update it."""
    first = doc.add_paragraph()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-1" \\h \\z \\u '
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    for element in (begin, instr, separate):
        run = first.add_run()
        run._r.append(element)
    paragraph = first
    for index, heading in enumerate(headings):
        if index:
            paragraph = doc.add_paragraph()
        paragraph.add_run(heading)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def report_docx_bytes(document: ReportDocument) -> bytes:
    """An editable Word document: Title and Heading 1/2 styles (the navigation pane lists the sections), core
    properties (title, author = the board), the easy-read summary, each section's narrative as paragraphs, its
    figures as a two-column table and its tables, every table with a header row repeated across pages. No direct
    formatting: everything is a named style that the communications team can restyle."""
    doc = Document()
    properties = doc.core_properties
    properties.title = document.title
    properties.author = document.board_name
    properties.subject = f"{document.template_label}: {document.period_label}"
    properties.language = "en-GB"
    properties.comments = f"{document.status_label}. {document.generated_note}."
    _set_language(doc, "en-GB")
    _easy_read_style(doc)

    doc.add_heading(document.title, level=0)
    doc.add_paragraph(document.board_name, style="Subtitle")
    for label, value in (
        ("Period", document.period_label),
        ("Template", document.template_label),
        ("Status", document.status_label),
        ("Figures", document.generated_note),
    ):
        doc.add_paragraph(f"{label}: {value}")

    doc.add_heading("Contents", level=1)
    headings = ([EASY_READ_HEADING] if document.easy_read else []) + [s.heading for s in document.sections]
    _contents_field(doc, headings)

    if document.easy_read:
        doc.add_heading(EASY_READ_HEADING, level=1)
        doc.add_paragraph(EASY_READ_INTRO)
        for line in document.easy_read:
            doc.add_paragraph(line, style=EASY_READ_STYLE)

    for section in document.sections:
        doc.add_heading(section.heading, level=1)
        for paragraph in paragraphs(section.narrative):
            doc.add_paragraph(paragraph)
        if section.figures:
            doc.add_heading("Figures", level=2)
            _table(doc, ("Figure", "Value"), [(f.label, f.value) for f in section.figures])
            sources = [f"{f.label}: {_link(f.url)}" for f in section.figures if f.url]
            notes = [f"{f.label}: {f.note}" for f in section.figures if f.note]
            for note in notes:
                doc.add_paragraph(note, style="Caption")
            if sources:
                doc.add_paragraph("Sources", style="Caption")
                for source in sources:
                    doc.add_paragraph(source, style="List Bullet")
        for table in section.tables:
            doc.add_heading(table.caption, level=2)
            _table(doc, table.headers, table.rows or [("None in this period.",)])
            if table.url:
                doc.add_paragraph(f"Source: {_link(table.url)}", style="Caption")

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
