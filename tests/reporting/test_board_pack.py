"""The board pack: PDF, XLSX and CSV opened and their figures read back."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from priorities.models import Rag
from reporting.services import indicator_value_record, indicators_seed_for_plan, quarter_close
from tests.tasks import run_queued_tasks

from .helpers import at, update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    """The test cache (locmem) outlives a test's rolled-back database: no board pack PDF or build marker is left over
    from another test, nor left behind."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def closed_q4(world):
    q3, q4 = world.quarters[2], world.quarters[3]
    update(world.action, world.users["lead"], Rag.AMBER, q3)
    update(world.other_action, world.users["other_lead"], Rag.GREEN, q3)
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))
    q4.refresh_from_db()
    update(world.action, world.users["lead"], Rag.RED, q4, commentary='=HYPERLINK("http://x") no lead', escalate=True)
    quarter_close(quarter=q4, user=world.users["admin"], at=at(q4.end_date))
    indicator = indicators_seed_for_plan(plan=world.plan)[0]
    indicator_value_record(indicator=indicator, quarter=q3, value=14, user=world.users["admin"])
    indicator_value_record(indicator=indicator, quarter=q4, value=11, user=world.users["admin"])
    q4.refresh_from_db()
    return q4


def test_pdf_board_pack_carries_the_dashboards_figures(world, client_for, closed_q4):
    url = reverse("reporting:board_pack_pdf", args=[closed_q4.pk])
    # The PDF is built by the task queue (reporting/tasks.py, queued when Q4 closed): until the worker has run, the
    # download answers that it is being prepared.
    assert "The board pack is being prepared" in client_for("board_member").get(url).content.decode()
    run_queued_tasks()
    response = client_for("board_member").get(url)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="board-pack-2014-15-q4.pdf"' in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Board pack: 2014/15 Q4" in text
    assert "Figures frozen when the quarter closed" in text
    assert "All actions 1 0 1 0 0 2" in text  # Red Amber Green Complete Not started Total
    assert "Worsened: 1" in text
    assert "Red and amber actions (1)" in text and "Escalations (1)" in text
    assert "Number of children missing from care for more than 48 hours" in text
    assert "11 Better" in text


def test_xlsx_board_pack_has_a_sheet_per_part_and_neutralised_formulas(world, client_for, closed_q4):
    response = client_for("bmg").get(reverse("reporting:board_pack_xlsx", args=[closed_q4.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Summary",
        "Movement",
        "Red and amber",
        "Escalations",
        "Overdue",
        "No update",
        "Indicators",
    ]
    summary = list(book["Summary"].values)
    assert summary[0] == ("Priority", "Strategic stage", "Red", "Amber", "Green", "Complete", "Not started", "Total")
    assert summary[-1] == ("All actions", None, 1, 0, 1, 0, 0, 2)
    movement = list(book["Movement"].values)
    assert movement[1][:2] == ("Worsened", "CSE-01") and movement[1][3:] == ("Amber", "Red")
    red_amber = list(book["Red and amber"].values)
    assert red_amber[1][0] == "CSE-01" and red_amber[1][6].startswith("'=HYPERLINK")
    assert [row[0] for row in list(book["No update"].values)[1:]] == ["CSE-02"]
    indicators = list(book["Indicators"].values)
    assert indicators[1][4] == 11 and indicators[1][5] == "Better"


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
