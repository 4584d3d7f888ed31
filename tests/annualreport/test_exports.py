"""The yearly report's PDF and DOCX, read back: the PDF with pypdf (text, tags, language, title), the DOCX with
python-docx (heading styles in order, the figures table with its repeating header, core properties)."""

import io

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from annualreport import exports
from annualreport.document import Figure, ReportDocument, Section, Table
from bscb.links import absolute_url

RED_ROWS = tuple((f"Action {i}: recruit foster carers in the north of the borough", "Red", "Green") for i in range(70))


def sample(**changes) -> ReportDocument:
    values = {
        "board_name": "Barnet Safeguarding Children Board",
        "title": "Barnet Safeguarding Children Board: yearly report 2014/15",
        "period_label": "1 April 2014 to 31 March 2015",
        "template_label": "Safeguarding children partnership (Working Together 2023)",
        "status_label": "Draft",
        "generated_note": "Figures as at 4 December 2026, 12:40",
        "easy_read": ("This report tells you what the board did in 2014/15.", "We finished 12 of 40 things."),
        "sections": (
            Section(
                key="glance",
                heading="The year at a glance",
                guidance="Not printed: what the guidance asks",
                narrative="The board tracked 40 actions.\n\nIt met six times & <b>agreed</b> three priorities.",
                figures=(
                    Figure("Actions tracked", "40", url="/reporting/quarters/12/dashboard/"),
                    Figure("Priorities", "4", url="/plans/", note="Live priorities only"),
                ),
            ),
            Section(
                key="reds",
                heading="Reds and how each was resolved",
                guidance="",
                narrative="Seventy actions were red.",
                tables=(Table("Actions reported red", ("Action", "Was", "Now"), RED_ROWS, url="/reporting/"),),
            ),
        ),
    }
    values.update(changes)
    return ReportDocument(**values)


@pytest.fixture(scope="module")
def pdf():
    return PdfReader(io.BytesIO(exports.report_pdf_bytes(sample())))


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(exports.report_docx_bytes(sample())))


def _text(reader) -> str:
    # Words as read, whatever the line breaks (the easy-read summary's large type wraps short lines).
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_pdf_has_a_title_page_with_the_board_period_status_and_the_time_of_the_figures(pdf):
    first = pdf.pages[0].extract_text()
    for text in (
        "Barnet Safeguarding Children Board",
        "yearly report 2014/15",
        "1 April 2014 to 31 March 2015",
        "Draft",
        "Figures as at 4 December 2026, 12:40",
        "Contents",
        "Easy-read summary",
        "The year at a glance",
        "Reds and how each was resolved",
    ):
        assert text in first, text


def test_the_pdf_prints_every_section_the_easy_read_summary_figures_and_narrative_but_not_the_guidance(pdf):
    text = _text(pdf)
    assert "This report tells you what the board did in 2014/15." in text
    assert "We finished 12 of 40 things." in text
    assert "The board tracked 40 actions." in text
    assert "It met six times & <b>agreed</b> three priorities." in text  # escaped, printed as typed
    assert "Actions tracked" in text and "Source: /reporting/quarters/12/dashboard/" in text
    assert "Live priorities only" in text
    assert "Not printed" not in text
    assert "Action 69: recruit foster carers" in text


def test_the_pdf_is_tagged_with_its_language_and_title(pdf):
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pdf.metadata.title == "Barnet Safeguarding Children Board: yearly report 2014/15"
    assert pdf.metadata.author == "Barnet Safeguarding Children Board"


def test_a_long_table_repeats_its_header_row_on_every_page_it_runs_onto(pdf):
    pages = [page.extract_text() for page in pdf.pages if "recruit foster carers" in page.extract_text()]
    assert len(pages) >= 2
    for page in pages:
        assert "Action Was Now" in page


def _headings(document):
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]


def test_the_docx_uses_real_heading_styles_in_order(word):
    assert _headings(word) == [
        ("Title", "Barnet Safeguarding Children Board: yearly report 2014/15"),
        ("Heading 1", "Contents"),
        ("Heading 1", "Easy-read summary"),
        ("Heading 1", "The year at a glance"),
        ("Heading 2", "Figures"),
        ("Heading 1", "Reds and how each was resolved"),
        ("Heading 2", "Actions reported red"),
    ]


def test_the_docx_has_its_core_properties_and_language(word):
    assert word.core_properties.title == "Barnet Safeguarding Children Board: yearly report 2014/15"
    assert word.core_properties.author == "Barnet Safeguarding Children Board"
    assert word.core_properties.language == "en-GB"
    defaults = word.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == "en-GB"


def test_the_docx_has_the_easy_read_summary_in_its_own_large_style_and_the_narrative_as_paragraphs(word):
    easy = [p.text for p in word.paragraphs if p.style.name == exports.EASY_READ_STYLE]
    assert easy == ["This report tells you what the board did in 2014/15.", "We finished 12 of 40 things."]
    assert word.styles[exports.EASY_READ_STYLE].font.size.pt == 16
    texts = [p.text for p in word.paragraphs]
    assert "The board tracked 40 actions." in texts
    assert "It met six times & <b>agreed</b> three priorities." in texts
    assert "Not printed: what the guidance asks" not in texts
    # No direct formatting: no run sets its own font, size, bold or colour.
    for paragraph in word.paragraphs:
        for run in paragraph.runs:
            assert run.bold is None and run.font.size is None and run.font.name is None, paragraph.text


def _is_repeating_header(row) -> bool:
    header = row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader"))
    return header is not None and header is not False and header.get(qn("w:val")) == "true"


def test_the_docx_figures_are_a_two_column_table_with_a_repeating_header_row(word):
    figures, reds = word.tables
    assert [[c.text for c in row.cells] for row in figures.rows] == [
        ["Figure", "Value"],
        ["Actions tracked", "40"],
        ["Priorities", "4"],
    ]
    assert _is_repeating_header(figures.rows[0]) and not _is_repeating_header(figures.rows[1])
    assert [c.text for c in reds.rows[0].cells] == ["Action", "Was", "Now"]
    assert _is_repeating_header(reds.rows[0])
    assert len(reds.rows) == 71
    sources = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert sources == [
        f"Actions tracked: {absolute_url('/reporting/quarters/12/dashboard/')}",
        f"Priorities: {absolute_url('/plans/')}",
    ]


def test_the_docx_contents_field_lists_the_sections_until_word_updates_it(word):
    body = word.element.body
    assert any("TOC" in (node.text or "") for node in body.iter(qn("w:instrText")))
    texts = [p.text for p in word.paragraphs]
    start = texts.index("Contents")
    contents = texts[start + 1 : start + 4]
    assert contents == ["Easy-read summary", "The year at a glance", "Reds and how each was resolved"]


def test_file_digest_ignores_only_the_time_the_figures_were_read():
    document = sample()
    assert exports.file_digest(document) == exports.file_digest(sample(generated_note="Figures as at 5 December"))
    assert exports.file_digest(document) != exports.file_digest(sample(easy_read=("Changed.",)))
    assert exports.file_digest(document) != exports.file_digest(sample(status_label="Signed off on 3 June 2015"))


def test_paragraphs_split_on_blank_lines_only():
    assert exports.paragraphs("One\nline two\n\n  \r\n\r\nThree\n") == ["One\nline two", "Three"]
