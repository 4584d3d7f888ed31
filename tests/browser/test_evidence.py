"""Evidence in a real browser: an agency contact uploads a PDF to their Section 11 return and downloads it back; the
contact of another agency cannot open it."""

import pytest
from playwright.sync_api import expect

from evidence.models import Attachment
from tests.audits.helpers import audits_of
from tests.browser.conftest import assert_fits_320
from tests.evidence.helpers import PDF_BYTES

pytestmark = pytest.mark.browser


def test_a_contact_uploads_and_downloads_evidence_and_another_agency_cannot(
    page, live_server, browser_world, sign_in_as, assert_accessible, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    content = PDF_BYTES + b"% Home Borough Council safeguarding policy\n"
    own = audits_of(browser_world).own
    return_url = f"{live_server.url}/audits/returns/{own.pk}/"

    sign_in_as("agency_contact")
    page.goto(return_url)
    page.locator("#evidence").get_by_role("link", name="Add evidence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add evidence")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a file to upload, or enter a link")
    assert_accessible(page)
    # A ".pdf" that is really a web page is refused, naming the file.
    page.get_by_label("Upload a file").set_input_files(
        {"name": "policy.pdf", "mimeType": "application/pdf", "buffer": b"<html><script>alert(1)</script></html>"}
    )
    page.get_by_role("button", name="Add evidence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("policy.pdf is not a real PDF")
    page.get_by_label("Upload a file").set_input_files(
        {
            "name": "Safeguarding policy 2014-15 final version signed off by the board.pdf",
            "mimeType": "application/pdf",
            "buffer": content,
        }
    )
    page.get_by_role("button", name="Add evidence").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Evidence added: Safeguarding_policy_2014-15_final_version_signed_off_by_the_board.pdf"
    )
    link = page.locator("#evidence").get_by_role(
        "link", name="Safeguarding_policy_2014-15_final_version_signed_off_by_the_board.pdf (download)"
    )
    expect(link).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "Safeguarding_policy_2014-15_final_version_signed_off_by_the_board.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == content
    # A long name with no spaces wraps rather than widening the page.
    page.reload()
    assert_fits_320(page, "the return with its evidence")

    # Home Police's contact: the return and its evidence do not exist for them.
    download_url = f"{live_server.url}/evidence/{Attachment.objects.get().pk}/download/"
    sign_in_as("agency_contact_other")
    response = page.goto(download_url)
    assert response.status in (403, 404)
    assert page.goto(return_url).status == 404
