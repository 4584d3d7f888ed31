"""The Section 11 journey in a real browser: the coordinator opens a cycle, an agency contact completes the return,
keeps a PDF of evidence with it and submits, the coordinator challenges, the contact resubmits, the coordinator
moderates and accepts, the action's owner (a lead of the plan) updates it from My actions, a board member sees the
compliance overview, the evidence opens for the coordinator and for no other agency or board, and months later the
overdue action is on the dashboard with its owner until they complete it. The emails of these steps are checked in
the production drill's SMTP sink (ops/production_drill.py)."""

import pytest
import time_machine
from playwright.sync_api import expect

from audits.models import AgencyReturn
from evidence.models import Attachment
from tests.evidence.helpers import PDF_BYTES

EVIDENCE = PDF_BYTES + b"% Home Borough Council training record\n"

pytestmark = pytest.mark.browser


@time_machine.travel("2014-10-01 10:00 +0100", tick=True)
def test_section_11_journey(page, live_server, browser_world, sign_in_as, assert_accessible, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = browser_world
    # The coordinator opens the cycle for two agencies.
    sign_in_as("audit_coordinator")
    page.goto(live_server.url + "/home/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audits").click()
    page.get_by_role("link", name="Open a Section 11 audit cycle").click()
    page.get_by_role("button", name="Open the cycle").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title for the audit cycle")
    assert_accessible(page)
    page.get_by_label("Title").fill("Section 11 audit 2014/15")
    page.get_by_label("Financial year it starts in").fill("2014")
    page.get_by_label("Deadline for returns").fill("19/12/2014")
    page.get_by_label("Home Borough Council").check()
    page.get_by_label("Home Police").check()
    page.get_by_role("button", name="Open the cycle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Section 11 audit 2014/15")
    expect(page.locator("#received")).to_have_text("0 of 2")

    # The agency contact lands on their own return and completes every standard.
    agency_return = AgencyReturn.objects.get(agency=w.agency)
    sign_in_as("agency_contact")
    page.goto(live_server.url + "/audits/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Home Borough Council")
    assert_accessible(page)
    for order in range(1, 9):
        # Follow the link by its address: under load a click on a page still settling has been lost (30 s waits).
        link = page.locator(f"#standard-{order}").get_by_role("link", name="Complete")
        page.goto(live_server.url + link.get_attribute("href"))
        # Standard 5 is Partially met and gets its improvement action below (a gap with no action blocks sending).
        page.get_by_label("Partially met" if order == 5 else "Fully met").check()
        page.get_by_label("Evidence").fill(f"Evidence for standard {order}")
        page.get_by_role("button", name="Save and go back to the return").click()
        # Wait for the return to load again before the next click (under load a click has landed on the page being
        # left and been lost).
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved:")
    page.locator("#standard-5").get_by_role("link", name="Add an action").click()
    page.get_by_label("What will your agency do?").fill("Train all front-line staff")
    # Owned by a lead of the plan, so that it is on Jo Moses's My actions (its progress is updated there, below).
    page.get_by_label("Owner: a lead of the plan").select_option(label="Jo Moses")
    page.get_by_label("Due date").fill("31/10/2014")
    page.get_by_role("button", name="Save action").click()
    # The agency keeps its evidence with the return: a PDF, which only the right people can open (below).
    page.locator("#evidence").get_by_role("link", name="Add evidence").click()
    page.get_by_label("Upload a file").set_input_files(
        {"name": "training-record.pdf", "mimeType": "application/pdf", "buffer": EVIDENCE}
    )
    page.get_by_role("button", name="Add evidence").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Evidence added: training-record.pdf")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your return has been submitted")
    expect(page.get_by_role("link", name="Complete")).to_have_count(0)

    # The coordinator challenges.
    sign_in_as("audit_coordinator")
    page.goto(live_server.url + f"/audits/returns/{agency_return.pk}/")
    page.get_by_role("link", name="Challenge the return").click()
    page.get_by_label("Questions for the agency").fill("How many staff completed training this year?")
    page.get_by_role("button", name="Send the challenge").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent back to Home Borough Council")

    # The contact sees the questions, updates a standard and resubmits.
    sign_in_as("agency_contact")
    page.goto(live_server.url + "/audits/")
    expect(page.locator("#challenge-questions")).to_contain_text("How many staff completed training this year?")
    page.locator("#standard-5").get_by_role("link", name="Change").click()
    page.get_by_label("Evidence").fill("412 of 450 staff (92%) completed training in 2014")
    page.get_by_role("button", name="Save and go back to the return").click()
    # The standard's page has no Resubmit button but the return behind it does: wait for the return to load again so
    # the click cannot land on the page being left.
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved: Training")
    page.get_by_role("button", name="Resubmit the return").click()
    # Resubmitting queues the coordinator's email in the same transaction; on a loaded 2-core CI machine the answer
    # has been seen to take over the default 5 s.
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your return has been resubmitted", timeout=15_000
    )

    # The coordinator moderates one standard lower and accepts.
    sign_in_as("audit_coordinator")
    page.goto(live_server.url + f"/audits/returns/{agency_return.pk}/")
    page.locator("#standard-5").get_by_role("link", name="Moderate").click()
    page.get_by_label("Not met").check()
    page.get_by_label("Moderation notes").fill("Refresher training is overdue for a third of staff")
    page.get_by_role("button", name="Save moderation").click()
    expect(page.locator("#standard-5")).to_contain_text("Moderated lower")
    page.get_by_role("button", name="Accept the return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been accepted")
    expect(page.locator("#history")).to_contain_text("Resubmitted to Accepted")
    assert_accessible(page)

    # The return is accepted; the action stays open, and its owner updates it from My actions.
    sign_in_as("lead")
    page.goto(live_server.url + "/priorities/my-actions/")
    page.locator("#my-work-findings").get_by_role("link", name="Update").click()
    page.get_by_label("Amber").check()
    page.get_by_label("Note").fill("Half the front-line teams trained")
    page.get_by_role("button", name="Record the update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Update recorded")
    expect(page.locator("#my-work-findings")).to_contain_text("Amber")
    assert_accessible(page)

    # A board member sees the overview with words, the difference and the action arising.
    sign_in_as("board_member")
    page.goto(live_server.url + "/audits/")
    page.get_by_role("link", name="Section 11 audit 2014/15").click()
    expect(page.locator("#accepted")).to_have_text("1 of 2")
    expect(page.locator("#compliance")).to_contain_text("Self: Partially met. Moderated lower")
    expect(page.locator("#actions")).to_contain_text("Train all front-line staff")
    expect(page.locator("#actions")).to_contain_text("Amber")
    assert_accessible(page)

    # The coordinator opens the agency's evidence; the contact of another agency cannot, nor another board.
    sign_in_as("audit_coordinator")
    page.goto(live_server.url + f"/audits/returns/{agency_return.pk}/")
    with page.expect_download() as download_info:
        page.locator("#evidence").get_by_role("link", name="training-record.pdf (download)").click()
    with open(download_info.value.path(), "rb") as downloaded:
        assert downloaded.read() == EVIDENCE
    download_url = f"{live_server.url}/evidence/{Attachment.objects.get().pk}/download/"
    for persona in ("agency_contact_other", "other_board_admin"):
        sign_in_as(persona)
        assert page.goto(download_url).status == 404

    # Two and a half months after acceptance the action is overdue: the dashboard names it with its owner, who
    # completes it from My actions; then nothing is open.
    with time_machine.travel("2014-12-15 10:00 +0000", tick=True):
        sign_in_as("bmg")
        page.goto(live_server.url + "/reporting/")
        expect(page.locator("#overdue-findings")).to_contain_text("Train all front-line staff")
        expect(page.locator("#overdue-findings")).to_contain_text("Owner Jo Moses")
        sign_in_as("lead")
        page.goto(live_server.url + "/priorities/my-actions/")
        page.locator("#my-work-findings").get_by_role("link", name="Update").click()
        page.get_by_label("Complete").check()
        page.get_by_label("Note").fill("All front-line teams trained: 450 of 450")
        page.get_by_role("button", name="Record the update").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Update recorded")
        sign_in_as("bmg")
        page.goto(live_server.url + "/reporting/")
        expect(page.get_by_role("heading", name="Section 11 audits")).to_be_visible()
        # No finding open any more, so the panel has no findings part; the overview shows it complete.
        expect(page.locator("#overdue-findings")).to_have_count(0)
        expect(page.locator("#audit-findings")).to_have_count(0)
        page.goto(live_server.url + "/audits/")
        page.get_by_role("link", name="Section 11 audit 2014/15").click()
        expect(page.locator("#actions")).to_contain_text("Complete")
