"""The board pack: PDF, XLSX and CSV opened and read back; the HTML preview shows the same content."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from plans.models import Quarter
from priorities.models import Action, Rag
from reporting.exports import board_pack_content
from reporting.services import indicator_value_record, indicators_seed_for_plan, quarter_close
from reporting.xlsx import HEADER_ROW, RAG_FILLS
from tests import factories as f
from tests.tasks import run_queued_tasks

from .helpers import at, update

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example.org"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The test cache (locmem) outlives a test's rolled-back database: no board pack file or build marker is left over
    from another test, nor left behind."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def closed_q4(world):
    q3, q4 = world.quarters[2], world.quarters[3]
    world.action.responsible_leads = "Jo Moses & Kaye Wise"
    world.action.save()
    update(world.action, world.users["lead"], Rag.AMBER, q3)
    update(world.other_action, world.users["other_lead"], Rag.GREEN, q3)
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))
    q4.refresh_from_db()
    update(world.action, world.users["lead"], Rag.RED, q4, commentary='=HYPERLINK("http://x") no lead', escalate=True)
    quarter_close(quarter=q4, user=world.users["admin"], at=at(q4.end_date))
    indicator = indicators_seed_for_plan(plan=world.plan)[0]
    indicator.target = Decimal(10)  # "missing from care": lower is better, so 11 is off target
    indicator.save()
    indicator_value_record(indicator=indicator, quarter=q3, value=14, user=world.users["admin"])
    indicator_value_record(indicator=indicator, quarter=q4, value=11, user=world.users["admin"])
    q4.refresh_from_db()
    return q4


def _download(client, url):
    """The file once the worker has made it: the first answer is the page saying it is being prepared."""
    assert "The board pack is being prepared" in client.get(url).content.decode()
    run_queued_tasks()
    return client.get(url)


def _pdf(response):
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _text(reader):
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@override_settings(SITE_URL=SITE)
def test_pdf_opens_with_a_cover_and_a_summary_naming_leads(world, client_for, closed_q4):
    response = _download(client_for("board_member"), reverse("reporting:board_pack_pdf", args=[closed_q4.pk]))
    assert 'filename="board-pack-2014-15-q4.pdf"' in response["Content-Disposition"]
    reader = _pdf(response)
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Board pack: 2014/15 Q4" in cover and "Home Safeguarding Children Board" in cover
    assert "Frozen when the quarter closed on 31 March 2015. They never change." in cover
    # The contents give each part's page: the summary is on page 2, the first priority starts page 3.
    assert re.search(r"Executive summary \.+ ?2 Priority 1: Child Sexual Exploitation \.+ ?3", cover), cover
    summary = " ".join(reader.pages[1].extract_text().split())
    assert "Home Safeguarding Children Board: board pack 2014/15 Q4 Executive summary" in summary  # running header
    assert "2 actions in the plan at 2014/15 Q4, as frozen when the quarter closed on 31 March 2015." in summary
    assert "Since 2014/15 Q3: improved 0; worsened 1; started or changed status 0." in summary
    # The new red and the escalation, with their leads and the reason.
    assert "New red actions (1)" in summary and "Escalations to the board (1)" in summary
    assert summary.count("Jo Moses & Kaye Wise") == 2
    assert "Needs a Board decision" in summary
    assert "Indicators off target (1 of 6)" in summary
    assert "Number of children missing from care for more than 48 hours" in summary and "target of 10" in summary
    assert "Page 2 of" in summary
    text = _text(reader)
    assert "Priority 1: Child Sexual Exploitation 2 actions: 1 red, 1 green." in text
    assert "Amber to Red" in text
    assert "Appendix E: performance dataset" in text and "Off target" in text


@override_settings(SITE_URL=SITE)
def test_pdf_is_tagged_titled_in_english_and_every_link_is_absolute(world, client_for, closed_q4):
    reader = _pdf(_download(client_for("bmg"), reverse("reporting:board_pack_pdf", args=[closed_q4.pk])))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root  # tagged (PDF/UA-1)
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Board pack 2014/15 Q4: Home Safeguarding Children Board"
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    action_url = f"{SITE}{reverse('priorities:action_detail', args=[world.action.pk])}"
    assert action_url in uris and f"{SITE}/reporting/?quarter={closed_q4.pk}" in uris
    # Every link the pack writes is absolute; the one other is the address a lead typed in a commentary.
    assert [uri for uri in uris if not uri.startswith(f"{SITE}/")] == ["http://x"]


def test_xlsx_has_a_titled_typed_sheet_for_every_part_of_the_pack(world, client_for, closed_q4):
    response = _download(client_for("bmg"), reverse("reporting:board_pack_xlsx", args=[closed_q4.pk]))
    assert 'filename="board-pack-2014-15-q4.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    # The pack's own parts, in the PDF's order, then each dashboard panel's sheets (reporting/panels.py).
    assert book.sheetnames[:10] == [
        "Summary",
        "New reds",
        "Escalations",
        "P1 Child Sexual Exploitation",
        "Priority and stage",
        "Trend",
        "Overdue",
        "No update",
        "Challenges",
        "Indicators",
    ]
    for sheet in book.worksheets:
        assert sheet["A1"].value == "Home Safeguarding Children Board: board pack 2014/15 Q4", sheet.title
        assert sheet["A2"].value.startswith("Frozen when the quarter closed on 31 March 2015. Made "), sheet.title
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}" and sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert sheet.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True

    priority = book["P1 Child Sexual Exploitation"]
    header = [cell.value for cell in priority[HEADER_ROW]]
    assert header[:4] == ["Reference", "Action", "Leads", "Status"]
    rows = {row[0].value: row for row in priority.iter_rows(min_row=HEADER_ROW + 1)}
    red = rows["CSE-01"]
    assert red[2].value == "Jo Moses & Kaye Wise"
    assert red[3].value == "Red" and red[3].fill.start_color.rgb == "00" + RAG_FILLS[Rag.RED]
    assert red[4].value == "Amber" and red[5].value == "Amber to Red"
    # Dates are dates, so they sort; text that looks like a formula is shown, never run.
    due, latest = red[header.index("Due")], red[header.index("Latest update")]
    assert isinstance(due.value, datetime.datetime) and due.number_format == "dd/mm/yyyy"
    assert isinstance(latest.value, datetime.datetime) and latest.value.date() == datetime.date(2015, 1, 6)
    assert red[header.index("Latest commentary")].value.startswith("'=HYPERLINK")
    assert red[header.index("Needs escalation")].value == "Yes"

    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert (summary["Actions"], summary["Red"], summary["Green"], summary["New red actions"]) == (2, 1, 1, 1)
    assert summary["Indicators off target"] == 1
    indicators = list(book["Indicators"].iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert indicators[0][3] == 11 and indicators[0][4] == 10 and indicators[0][6] == "Off target"
    assert [row[0] for row in book["No update"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)] == ["CSE-02"]


def test_preview_page_shows_the_packs_content(world, client_for, closed_q4):
    response = client_for("board_member").get(reverse("reporting:board_pack_preview", args=[closed_q4.pk]))
    page = " ".join(response.content.decode().split())
    assert '<h1 class="govuk-heading-xl">Board pack: 2014/15 Q4</h1>' in page
    assert "Executive summary" in page and "New red actions (1)" in page and "Jo Moses &amp; Kaye Wise" in page
    assert "Priority 1: Child Sexual Exploitation" in page and "Amber to Red" in page
    assert f'href="{reverse("reporting:board_pack_pdf", args=[closed_q4.pk])}">PDF, to send and print' in page


def test_the_open_quarters_pack_says_it_is_live_and_when_it_was_made(world, client_for):
    quarter = world.open_quarter
    response = _download(client_for("bmg"), reverse("reporting:board_pack_pdf", args=[quarter.pk]))
    cover = " ".join(_pdf(response).pages[0].extract_text().split())
    assert "Live at " in cover and "the quarter is still open, so these figures will change." in cover
    assert "Not signed off" in cover


def test_csv_lists_every_action_with_its_status_for_the_quarter(world, client_for, closed_q4):
    update(world.other_action, world.users["other_lead"], Rag.RED, world.quarters[4])  # after close: not in Q4
    response = client_for("admin").get(reverse("reporting:board_pack_csv", args=[closed_q4.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["Reference", "Priority", "Strategic stages", "Action", "Status", "Previous status"]
    by_ref = {row[0]: row for row in rows[1:]}
    assert set(by_ref) == {"CSE-01", "CSE-02"}
    assert (by_ref["CSE-01"][4], by_ref["CSE-01"][5], by_ref["CSE-01"][9]) == ("Red", "Amber", "Yes")
    assert by_ref["CSE-01"][8].startswith("'=")
    assert (by_ref["CSE-02"][4], by_ref["CSE-02"][13]) == ("Green", "No")


def test_the_packs_queries_do_not_grow_with_the_actions(world, client_for):
    """The preview page and the worker's reading of the pack (board_pack_content) cost the same at N and 2N actions:
    the first pass counts them, the second adds as many actions and checks the same count."""
    quarter = world.open_quarter
    client = client_for("bmg")
    url = reverse("reporting:board_pack_preview", args=[quarter.pk])
    counts = []
    for _ in range(2):
        for _ in range(len(Action.objects.filter(objective=world.objective))):
            action = f.ActionFactory(objective=world.objective, leads=[world.lead_person])
            update(action, world.users["lead"], Rag.AMBER, quarter, escalate=True)
        # Both passes from a cold cache: the closed quarters' trend counts are kept there (issue 19).
        cache.clear()
        with CaptureQueriesContext(connection) as page:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as content:
            board_pack_content(Quarter.objects.select_related("plan__board").get(pk=quarter.pk))
        counts.append((len(page), len(content)))
    assert counts[0] == counts[1], counts
