"""Permission cases of the evidence app (evidence/views.py). Who may see and add evidence is the record's own rule
(evidence/registry.py, registered by audits/evidence_rules.py and priorities/evidence_rules.py):

- A Section 11 return (Home Borough Council's draft, agency_contact's): readers of returns and the agency's contact see
  its evidence; the contact of another agency gets 404 (the return itself is a 404 for them); leads 403. The agency's
  contact (the return is a draft) and the audit coordinator add and remove.
- A lead's status update of CSE-01: everyone on the board sees its evidence; its author (lead) and the board
  administrator add and remove.

Another board's administrator gets 404 for every URL (each names one of the home board's records or attachments).
Uploads are POSTs with a file (a fresh SimpleUploadedFile per request: `data` is called for each persona).
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.audits.helpers import audits_of
from tests.evidence.helpers import PDF_BYTES, evidence_of, status_update_of
from tests.permissions.case import Case
from tests.world import EVERYONE_ON_BOARD

RETURN_READERS = frozenset({"admin", "bmg", "board_member", "audit_coordinator", "agency_contact"})
RETURN_EDITORS = frozenset({"audit_coordinator", "agency_contact"})
UPDATE_EDITORS = frozenset({"lead", "admin"})
OTHER_CONTACT = frozenset({"agency_contact_other"})
HIDDEN = "Home Borough Council's return: 404 for Home Police's contact, as the return itself"


def own_return(w):
    return {"label": "audits.agencyreturn", "object_id": audits_of(w).own.pk}


def own_assessment(w):
    assessment = audits_of(w).own.assessments.order_by("standard__order").first()
    return {"label": "audits.standardassessment", "object_id": assessment.pk}


def own_action(w):
    return {"label": "audits.improvementaction", "object_id": audits_of(w).action.pk}


def update(w):
    return {"label": "priorities.statusupdate", "object_id": status_update_of(w).pk}


def own_file(w):
    return {"pk": evidence_of(w).own.pk}


def update_file(w):
    return {"pk": evidence_of(w).on_update.pk}


def upload(w):
    return {"file": SimpleUploadedFile("training.pdf", PDF_BYTES, content_type="application/pdf")}


def link(w):
    return {"url": "https://sharepoint.example.org/policy.docx", "title": "Safeguarding policy"}


def removal(w):
    return {"reason": "Uploaded to the wrong record"}


CASES = [
    Case("evidence:add", RETURN_EDITORS, kwargs=own_return, not_found=OTHER_CONTACT, note=HIDDEN),
    Case(
        "evidence:add",
        RETURN_EDITORS,
        kwargs=own_return,
        method="post",
        data=upload,
        ok_statuses=(302,),
        not_found=OTHER_CONTACT,
        note=HIDDEN,
    ),
    Case(
        "evidence:add",
        RETURN_EDITORS,
        kwargs=own_assessment,
        method="post",
        data=link,
        ok_statuses=(302,),
        not_found=OTHER_CONTACT,
        note=HIDDEN,
    ),
    Case("evidence:add", RETURN_EDITORS, kwargs=own_action, not_found=OTHER_CONTACT, note=HIDDEN),
    Case("evidence:add", UPDATE_EDITORS, kwargs=update),
    Case("evidence:add", UPDATE_EDITORS, kwargs=update, method="post", data=upload, ok_statuses=(302,)),
    Case("evidence:download", RETURN_READERS, kwargs=own_file, not_found=OTHER_CONTACT, note=HIDDEN, a11y=False),
    Case("evidence:download", EVERYONE_ON_BOARD, kwargs=update_file, a11y=False),
    Case("evidence:remove", RETURN_EDITORS, kwargs=own_file, not_found=OTHER_CONTACT, note=HIDDEN),
    Case(
        "evidence:remove",
        RETURN_EDITORS,
        kwargs=own_file,
        method="post",
        data=removal,
        ok_statuses=(302,),
        not_found=OTHER_CONTACT,
        note=HIDDEN,
    ),
    Case("evidence:remove", UPDATE_EDITORS, kwargs=update_file),
    Case("evidence:remove", UPDATE_EDITORS, kwargs=update_file, method="post", data=removal, ok_statuses=(302,)),
]
