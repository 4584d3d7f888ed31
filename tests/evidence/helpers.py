"""Evidence objects on top of the persona world: a PDF on Home Borough Council's draft return (agency_contact's), one
on Home Police's return (agency_contact_other's), and one on the lead's status update of CSE-01. Files are written to
MEDIA_ROOT: tests point it at a temporary folder (tests/evidence/conftest.py; the test settings' default otherwise)."""

from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from evidence import services
from priorities.models import Rag
from priorities.services import status_update_record
from tests.audits.helpers import audits_of

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name="policy.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def status_update_of(world):
    return world.get(
        "evidence_update",
        lambda w: status_update_record(action=w.action, user=w.users["lead"], rag=Rag.AMBER, commentary="Training"),
    )


def _build(w):
    audits = audits_of(w)
    update = status_update_of(w)
    return SimpleNamespace(
        audits=audits,
        update=update,
        own=services.attach_file(
            board=w.board, record=audits.own, uploaded_file=pdf("own-policy.pdf"), user=w.users["agency_contact"]
        ),
        other=services.attach_file(
            board=w.board,
            record=audits.other,
            uploaded_file=pdf("police-policy.pdf"),
            user=w.users["agency_contact_other"],
        ),
        on_update=services.attach_file(
            board=w.board, record=update, uploaded_file=pdf("training-record.pdf"), user=w.users["lead"]
        ),
    )


def evidence_of(world):
    return world.get("evidence", _build)
