"""Adding, downloading and removing evidence through the views: the round trip, refusals that change nothing, who
may see and add, removed evidence hidden but kept, and the query counts of the lists."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits import services as audit_services
from evidence import services
from evidence.models import Attachment
from priorities.models import Rag
from priorities.services import status_update_record
from tests.audits.helpers import audits_of
from tests.evidence.helpers import PDF_BYTES, evidence_of, pdf, status_update_of

pytestmark = pytest.mark.django_db


def add_url(label, record):
    return reverse("evidence:add", kwargs={"label": label, "object_id": record.pk})


def return_add_url(world):
    return add_url("audits.agencyreturn", audits_of(world).own)


def download_url(attachment):
    return reverse("evidence:download", kwargs={"pk": attachment.pk})


def stored_files(media_root):
    return sorted(p for p in Path(media_root).rglob("*") if p.is_file())


def test_upload_and_download_round_trip(world, client_for, _media_root):
    content = PDF_BYTES + b"% the Home Borough Council safeguarding policy\n"
    contact = client_for("agency_contact")
    response = contact.post(
        return_add_url(world), {"file": SimpleUploadedFile("Safeguarding policy.pdf", content, "text/html")}
    )
    own = audits_of(world).own
    assert response.status_code == 302
    assert response["Location"] == reverse("audits:return_detail", kwargs={"pk": own.pk}) + "#evidence"
    attachment = Attachment.objects.get()
    assert attachment.record == own and attachment.board == world.board
    assert attachment.original_name == "Safeguarding_policy.pdf"
    assert attachment.size == len(content)
    assert attachment.mime_type == "application/pdf"  # from the checked type, not what the browser said
    assert attachment.uploaded_by == world.users["agency_contact"]
    # Stored under the board's folder with a random name, never the user's.
    assert attachment.file.name.startswith(f"evidence/board-{world.board.pk}/")
    assert "Safeguarding" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert [p.read_bytes() for p in stored_files(_media_root)] == [content]

    page = contact.get(reverse("audits:return_detail", kwargs={"pk": own.pk})).content.decode()
    assert "Safeguarding_policy.pdf" in page and download_url(attachment) in page
    assert "Added by Test Contact" in page

    for persona in ["agency_contact", "audit_coordinator", "board_member"]:
        response = client_for(persona).get(download_url(attachment))
        assert response.status_code == 200, persona
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="Safeguarding_policy.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]


def test_no_file_is_served_from_a_public_url(world, client_for):
    attachment = evidence_of(world).own
    assert client_for("agency_contact").get(f"/media/{attachment.file.name}").status_code == 404
    assert client_for("agency_contact").get(f"/{attachment.file.name}").status_code == 404


def test_a_link_to_a_document_held_elsewhere(world, client_for):
    url = "https://sharepoint.example.org/sites/scb/Training%20record.xlsx"
    assessment = audits_of(world).own.assessments.order_by("standard__order").first()
    response = client_for("agency_contact").post(
        add_url("audits.standardassessment", assessment), {"url": url, "title": "Training record 2014/15"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#standard-{assessment.standard.order}")
    attachment = Attachment.objects.get()
    assert attachment.is_link and attachment.url == url and not attachment.file
    page = client_for("bmg").get(reverse("audits:return_detail", kwargs={"pk": audits_of(world).own.pk})).content
    assert b"Training record 2014/15" in page and url.encode() in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "file", "Choose a file to upload, or enter a link to a document held elsewhere"),
        ({"url": "javascript:alert(1)", "title": "Policy"}, "url", "Enter a link that starts with https://"),
        ({"url": "ftp://files.example.org/policy.pdf", "title": "Policy"}, "url", "Enter a link that starts with"),
        ({"url": "https://sharepoint.example.org/policy.pdf"}, "title", "Enter a title for the linked document"),
    ],
)
def test_bad_input_is_refused_with_govuk_errors_and_changes_nothing(world, client_for, data, field, message):
    response = client_for("agency_contact").post(return_add_url(world), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert f'href="#id_{field}"' in page
    assert not Attachment.objects.exists()


def test_a_file_and_a_link_together_are_refused(world, client_for):
    response = client_for("agency_contact").post(
        return_add_url(world), {"file": pdf(), "url": "https://example.org/x", "title": "X"}
    )
    assert "Upload a file or enter a link, not both" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_pdf_that_is_really_html_is_refused_and_nothing_is_stored(world, client_for, _media_root):
    html = b"<html><body onload=alert(1)>Not a policy</body></html>"
    response = client_for("agency_contact").post(
        return_add_url(world), {"file": SimpleUploadedFile("policy.pdf", html, "application/pdf")}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "policy.pdf is not a real PDF: its contents do not match its name" in page
    assert not Attachment.objects.exists() and stored_files(_media_root) == []


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(world, client_for, settings, _media_root):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = client_for("agency_contact").post(return_add_url(world), {"file": pdf(content=PDF_BYTES * 20)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "policy.pdf is 1.5\xa0KB: the file must be smaller than 1.0\xa0KB" in page
    assert not Attachment.objects.exists() and stored_files(_media_root) == []


def test_a_path_in_the_name_is_dropped(world, client_for, _media_root):
    client_for("agency_contact").post(return_add_url(world), {"file": pdf("../../../etc/cron.d/x\x00\x1b.pdf")})
    attachment = Attachment.objects.get()
    assert attachment.original_name == "x.pdf"
    assert ".." not in attachment.file.name
    (stored,) = stored_files(_media_root)
    assert stored.is_relative_to(Path(_media_root) / "evidence" / f"board-{world.board.pk}")
    response = client_for("agency_contact").get(download_url(attachment))
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'


class TestAccess:
    def test_another_agencys_contact_gets_404_everywhere(self, world, client_for):
        evidence = evidence_of(world)
        client = client_for("agency_contact_other")
        assert client.get(download_url(evidence.own)).status_code == 404
        assert client.get(return_add_url(world)).status_code == 404
        assert client.post(return_add_url(world), {"file": pdf()}).status_code == 404
        assert client.get(reverse("evidence:remove", kwargs={"pk": evidence.own.pk})).status_code == 404
        # ... and their own agency's evidence is theirs.
        assert client.get(download_url(evidence.other)).status_code == 200
        assert client_for("agency_contact").get(download_url(evidence.other)).status_code == 404
        assert Attachment.objects.count() == 3

    def test_another_board_gets_404(self, world, client_for):
        evidence = evidence_of(world)
        client = client_for("other_board_admin")
        assert client.get(download_url(evidence.own)).status_code == 404
        assert client.get(download_url(evidence.on_update)).status_code == 404
        assert client.post(add_url("priorities.statusupdate", evidence.update), {"file": pdf()}).status_code == 404

    def test_anonymous_is_sent_to_sign_in(self, world, client_for):
        response = client_for("anonymous").get(download_url(evidence_of(world).own))
        assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))

    def test_a_lead_may_not_read_a_returns_evidence(self, world, client_for):
        assert client_for("lead").get(download_url(evidence_of(world).own)).status_code == 403

    def test_an_unregistered_model_takes_no_evidence(self, world, client_for):
        url = reverse("evidence:add", kwargs={"label": "plans.agency", "object_id": world.agency.pk})
        assert client_for("admin").get(url).status_code == 404

    def test_the_contact_adds_only_while_the_return_is_editable_the_coordinator_always(self, world, client_for):
        own = audits_of(world).own
        audit_services.return_submit(agency_return=own, user=world.users["agency_contact"])
        contact = client_for("agency_contact")
        assert contact.post(return_add_url(world), {"file": pdf()}).status_code == 403
        page = contact.get(reverse("audits:return_detail", kwargs={"pk": own.pk})).content.decode()
        assert "Add evidence" not in page
        assert client_for("audit_coordinator").post(return_add_url(world), {"file": pdf()}).status_code == 302
        assert Attachment.objects.get().uploaded_by == world.users["audit_coordinator"]

    def test_a_status_updates_evidence_is_added_by_its_author_or_the_administrator(self, world, client_for):
        update = status_update_of(world)
        url = add_url("priorities.statusupdate", update)
        assert client_for("other_lead").post(url, {"file": pdf()}).status_code == 403
        assert client_for("lead").post(url, {"file": pdf("a.pdf")}).status_code == 302
        assert client_for("admin").post(url, {"file": pdf("b.pdf")}).status_code == 302
        assert sorted(Attachment.objects.values_list("original_name", flat=True)) == ["a.pdf", "b.pdf"]
        # Everyone on the board reads them on the action page.
        page = client_for("board_member").get(reverse("priorities:action_detail", kwargs={"pk": world.action.pk}))
        assert b"a.pdf" in page.content and b"b.pdf" in page.content


class TestRemoval:
    def test_removed_evidence_is_hidden_but_kept(self, world, client_for, _media_root):
        attachment = evidence_of(world).own
        files_before = stored_files(_media_root)
        url = reverse("evidence:remove", kwargs={"pk": attachment.pk})
        contact = client_for("agency_contact")
        response = contact.post(url, {"reason": ""})
        assert "Enter why you are removing this evidence" in response.content.decode()
        assert Attachment.objects.visible().filter(pk=attachment.pk).exists()

        response = contact.post(url, {"reason": "Uploaded to the wrong return"})
        assert response.status_code == 302
        attachment.refresh_from_db()
        assert attachment.removed_by == world.users["agency_contact"]
        assert attachment.removal_reason == "Uploaded to the wrong return" and attachment.removed_at
        # Kept: the row and the file.
        assert default_storage.exists(attachment.file.name) and stored_files(_media_root) == files_before
        # Hidden: not listed, not downloadable, not removable again.
        page = contact.get(reverse("audits:return_detail", kwargs={"pk": audits_of(world).own.pk})).content
        assert download_url(attachment).encode() not in page and b"Evidence for the whole return" in page
        assert contact.get(download_url(attachment)).status_code == 404
        assert contact.post(url, {"reason": "Again"}).status_code == 404

    def test_evidence_is_never_deleted(self, world):
        attachment = evidence_of(world).own
        with pytest.raises(TypeError):
            attachment.delete()
        with pytest.raises(TypeError):
            Attachment.objects.all().delete()
        assert Attachment.objects.count() == 3


def test_evidence_stays_with_a_superseded_update_in_the_history(world, client_for):
    evidence = evidence_of(world)
    status_update_record(
        action=world.action,
        user=world.users["lead"],
        rag=Rag.GREEN,
        commentary="Done",
        created_at=evidence.update.created_at + datetime.timedelta(days=1),
    )
    for url in [
        reverse("priorities:action_detail", kwargs={"pk": world.action.pk}),
        reverse("priorities:action_update", kwargs={"pk": world.action.pk}),
    ]:
        page = client_for("lead").get(url).content.decode()
        assert "training-record.pdf" in page and download_url(evidence.on_update) in page


def test_services_refuse_a_record_of_another_board(world):
    other_update = status_update_record(
        action=world.other_board_action, user=world.users["other_board_admin"], rag=Rag.RED, commentary="Late"
    )
    with pytest.raises(ValueError, match="same board"):
        services.attach_file(board=world.board, record=other_update, uploaded_file=pdf(), user=world.users["admin"])
    assert not Attachment.objects.exists()


def _attach(world, record, count, user):
    for n in range(count):
        services.attach_file(board=world.board, record=record, uploaded_file=pdf(f"file-{n}.pdf"), user=user)


# Pinned: the same at N and 2N attachments (and records). Each page's queries without evidence, plus one: the
# evidence of every record shown, in one query (evidence.templatetags.evidence_tags.evidence_preload).
RETURN_PAGE_QUERIES = 15
ACTION_PAGE_QUERIES = 18  # 19 until issue 19 read the latest update with the action


@pytest.mark.parametrize("count", [2, 4])
def test_the_return_page_costs_the_same_queries_whatever_the_evidence(
    world, client_for, django_assert_num_queries, count
):
    """The return, each of its standards and its improvement action, each with `count` attachments."""
    audits = audits_of(world)
    contact = world.users["agency_contact"]
    _attach(world, audits.own, count, contact)
    for assessment in audits.own.assessments.all():
        _attach(world, assessment, count, contact)
    _attach(world, audits.action, count, world.users["audit_coordinator"])
    url = reverse("audits:return_detail", kwargs={"pk": audits.own.pk})
    client = client_for("agency_contact")
    client.get(url)  # warm the per-process caches (content types, templates)
    with django_assert_num_queries(RETURN_PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('/download/" download>') == count * (2 + audits.own.assessments.count())


@pytest.mark.parametrize("count", [3, 6])
def test_the_action_history_costs_the_same_queries_whatever_the_evidence(
    world, client_for, django_assert_num_queries, count
):
    """`count` attachments on one update, and `count` more updates by someone else with one attachment each."""
    update = status_update_of(world)
    _attach(world, update, count, world.users["lead"])
    for n in range(count):
        other = status_update_record(action=world.action, user=world.users["admin"], rag=Rag.AMBER, commentary=str(n))
        _attach(world, other, 1, world.users["admin"])
    url = reverse("priorities:action_detail", kwargs={"pk": world.action.pk})
    client = client_for("board_member")
    client.get(url)
    with django_assert_num_queries(ACTION_PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('href="/evidence/') == 2 * count


def test_a_links_download_address_checks_access_then_goes_to_the_document(world, client_for):
    url = "https://sharepoint.example.org/policy.docx"
    attachment = services.attach_link(
        board=world.board, record=audits_of(world).own, url=url, title="Policy", user=world.users["agency_contact"]
    )
    response = client_for("agency_contact").get(download_url(attachment))
    assert response.status_code == 302 and response["Location"] == url
    assert client_for("agency_contact_other").get(download_url(attachment)).status_code == 404
