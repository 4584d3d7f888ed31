"""A BMG member reviews a closed quarter in a real browser: the frozen dashboard, the quarter before, a challenge,
the sign-off and the board pack."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from plans.models import Quarter
from priorities.models import Rag
from reporting.models import Challenge
from reporting.services import quarter_close
from tests.browser.conftest import assert_fits_320
from tests.reporting.helpers import at, update
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.browser


def test_bmg_member_reviews_a_closed_quarter(page, live_server, browser_world, sign_in_as, assert_accessible):
    w = browser_world
    q3, q4 = w.quarters[2], w.quarters[3]
    update(w.action, w.users["lead"], Rag.AMBER, q3, commentary="Co-ordinator post advertised")
    quarter_close(quarter=q3, user=w.users["admin"], at=at(q3.end_date))
    q4.refresh_from_db()
    update(w.action, w.users["lead"], Rag.RED, q4, commentary="Recruitment failed; no co-ordinator", escalate=True)
    quarter_close(quarter=q4, user=w.users["admin"], at=at(q4.end_date))
    # An update after the close belongs to the next quarter and does not change 2014/15 Q4.
    update(w.action, w.users["lead"], Rag.GREEN, w.quarters[4], commentary="Appointed")

    sign_in_as("bmg")
    page.goto(live_server.url + "/home/")
    page.get_by_role("link", name="Dashboard").first.click()
    # The dashboard opens on the quarter in progress, its headline band first; the closed quarter is a link away.
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly dashboard: 2015/16 Q1")
    expect(page.locator("#headlines")).to_contain_text("2015/16 Q1 at a glance")
    page.get_by_role("link", name="2014/15 Q4 dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly dashboard: 2014/15 Q4")
    expect(page.locator("#headlines")).to_contain_text("Worsened since 2014/15 Q3")
    expect(page.locator("#red-amber-list")).to_contain_text("Recruitment failed; no co-ordinator")
    expect(page.locator("#red-amber-list")).not_to_contain_text("Appointed")
    expect(page.locator("#movement-counts")).to_contain_text("Worsened: 1 action")
    assert_accessible(page)
    assert_fits_320(page, "dashboard with figures")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="2014/15 Q3 dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly dashboard: 2014/15 Q3")
    expect(page.locator("#red-amber-list")).to_contain_text("Co-ordinator post advertised")
    page.go_back()

    page.locator("#red-amber-list").get_by_role("link", name="Challenge CSE-01").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Challenge CSE-01")
    page.get_by_role("button", name="Record challenge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your challenge or comment")
    page.get_by_label("Your challenge or comment").fill("What is the plan B for the co-ordinator post?")
    page.get_by_role("button", name="Record challenge").click()
    expect(page.locator("#challenges").locator("..")).to_contain_text("What is the plan B")
    assert Challenge.objects.get().author == w.users["bmg"]

    page.get_by_role("link", name="Sign off the review of 2014/15 Q4").click()
    page.get_by_role("button", name="Sign off the review of 2014/15 Q4").click()
    expect(page.locator("#review-state")).to_contain_text("Signed off by Test Bmg")
    assert Quarter.objects.get(pk=q4.pk).review_done_by == w.users["bmg"]
    assert_accessible(page)

    # The PDF is built by the task queue (reporting/tasks.py), which the close queued: until the worker has run, its
    # URL answers that it is being prepared; then the dashboard's link downloads it.
    pdf_url = live_server.url + reverse("reporting:board_pack_pdf", args=[q4.pk])
    assert "The board pack is being prepared" in page.request.get(pdf_url).text()
    run_queued_tasks()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Board pack (PDF)").click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    text = " ".join(text.split())
    assert "Board pack: 2014/15 Q4" in text
    assert "Recruitment failed; no co-ordinator" in text and "Appointed" not in text
    assert "What is the plan B for the co-ordinator post?" in text
