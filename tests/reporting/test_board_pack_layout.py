"""The demo's board packs looked at as pictures: every page of the PDF turned into an image (pdftoppm) and checked
that nothing runs into the right-hand margin, where a table wider than the page (or a long word or link that did not
wrap) would be drawn. The packs are the Barnet plan with its demo history, budget and Section 11 cycle (`setup_demo`),
one closed quarter and the open one, and a commentary with a 300-character link and a path typed without a space
(the kind of text that once clipped every row of a table)."""

import io
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image
from pypdf import PdfReader

from onboarding.management.commands.setup_demo import STEPS
from plans.models import Quarter
from priorities.models import Action, Rag, StatusUpdate
from priorities.services import status_update_record
from reporting.exports import board_pack_content, board_pack_pdf_bytes, board_pack_xlsx_bytes

pytestmark = pytest.mark.django_db

DPI = 50
RIGHT_MARGIN_MM = 14  # board_pack.html's @page margin
LONG_LINK = "https://sharepoint.example.org/sites/bscb/" + "very-long-folder-name/" * 12 + "evidence.docx"
# A link's text is shortened on screen (bscb typed_text); a path typed without spaces is not, and must wrap.
LONG_PATH = "\\\\council-fs01\\safeguarding\\" + "Section11Evidence2014-15_" * 12 + "final.docx"


@pytest.fixture
def demo_quarters(settings):
    settings.DEBUG = True  # the demo commands refuse outside DEBUG
    for name, arguments in STEPS:
        call_command(name, *arguments, stdout=io.StringIO())
    settings.DEBUG = False
    quarters = Quarter.objects.filter(plan__board__slug="barnet").order_by("start_date")
    closed = quarters.filter(state=Quarter.State.CLOSED).last()
    open_quarter = quarters.get(state=Quarter.State.OPEN)
    # A red commentary holding one unbroken 300-character link, in the open quarter's red and amber rows.
    action = Action.objects.filter(objective__priority__plan=open_quarter.plan).order_by("reference").first()
    status_update_record(
        action=action,
        user=StatusUpdate.objects.filter(quarter=closed).first().author,
        rag=Rag.RED,
        commentary=f"Evidence filed at {LONG_LINK} and {LONG_PATH} for the board.",
        needs_escalation=True,
        escalation_reason=f"See {LONG_PATH}",
        quarter=open_quarter,
    )
    return closed, open_quarter


def _pages(pdf: bytes) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "pack.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", path, Path(directory) / "page"], check=True)
        return [Image.open(page).convert("L") for page in sorted(Path(directory).glob("page-*.png"))]


def _ink_in_right_margin(page: Image.Image) -> bool:
    width, height = page.size
    margin = int(RIGHT_MARGIN_MM / 25.4 * DPI) - 2  # a little inside the margin, clear of anti-aliasing
    darkest, _ = page.crop((width - margin, 0, width, height)).getextrema()
    return darkest < 200


def test_no_page_of_the_demos_packs_draws_into_the_margin(demo_quarters):
    figures = []
    for quarter in demo_quarters:
        started = time.perf_counter()
        content = board_pack_content(quarter)
        pdf = board_pack_pdf_bytes(content.html)
        seconds = time.perf_counter() - started
        pages = _pages(pdf)
        assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) > 10
        assert [n for n, page in enumerate(pages, start=1) if _ink_in_right_margin(page)] == [], quarter.label
        # The body of each page is not blank: a page that only repeats a header would be a split gone wrong.
        assert all(page.getextrema()[0] < 100 for page in pages)
        figures.append(f"{quarter.label}: {len(pages)} pages, {len(pdf) // 1024} KB, {seconds:.1f} s")
        xlsx = board_pack_xlsx_bytes(quarter, content.sheets)
        assert xlsx.startswith(b"PK")
    print("; ".join(figures))  # the closing note's figures (run with -s)


def test_a_check_that_can_fail_sees_ink_in_the_margin():
    """The margin check itself: a page with a line drawn into the right margin is caught, a clean one is not."""
    clean = Image.new("L", (413, 585), 255)
    assert not _ink_in_right_margin(clean)
    inked = clean.copy()
    inked.paste(0, (380, 100, 412, 110))
    assert _ink_in_right_margin(inked)


def test_the_demos_closed_pack_has_every_panels_sheet(demo_quarters):
    closed, _ = demo_quarters
    names = [sheet["title"] for sheet in board_pack_content(closed).sheets]
    assert {"Budget commitments", "Partner contributions", "Section 11 returns"} <= set(names)
    budget = next(sheet for sheet in board_pack_content(closed).sheets if sheet["title"] == "Partner contributions")
    assert all(isinstance(row[1], type(budget["rows"][0][1])) for row in budget["rows"])
