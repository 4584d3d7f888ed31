"""Stored XSS and spreadsheet formula injection: every stored text is a payload; every page and export is read back.

Every GET case of the permission matrix is requested as a persona allowed to see it. HTML must never contain the
payloads' markup unescaped. CSV and XLSX cells must never start with = + - @ (unless the cell is a plain number),
and the PDF board pack must print the payload as text. The tests also check that the fields the issue names were
actually rendered (their tags seen), so a page that stopped showing them cannot make this test pass vacuously.
"""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.permissions.registry import all_cases
from tests.security.helpers import allowed_persona, client_as
from tests.security.poison import FORMULA_PREFIXES, RAW_MARKERS, SCRIPT, TAG_PREFIX, poison_database, populated_world
from tests.tasks import run_queued_tasks

GET_CASES = [case for case in all_cases() if case.method == "get" and case.allowed]
TAG = re.compile(re.escape(TAG_PREFIX) + r"([a-z_]+\.[a-z_]+\.[a-z_]+)#")
NUMBER = re.compile(r"^-?[\d,]*\.?\d+$")

# The fields the issue lists, which must be seen (escaped) on at least one page.
MUST_SHOW_IN_HTML = {
    "priorities.action.how",
    "priorities.action.outcomes",
    "priorities.action.timescale",
    "priorities.action.responsible_leads",
    "priorities.objective.what",
    "priorities.priority.narrative",
    "priorities.priority.title",
    "plans.lead.name",
    "plans.agency.name",
    "plans.businessplan.vision",
    "priorities.statusupdate.commentary",
    "priorities.statusupdate.evidence_of_impact",
    "priorities.statusupdate.escalation_reason",
    "reporting.challenge.text",
    "reporting.indicator.name",
    "plans.quarterevent.reason",
    "budget.incomeline.description",
    "budget.commitmentline.description",
    "budget.commitmentline.note",
    "audits.standardassessment.evidence",
    "audits.standardassessment.moderation_notes",
    "audits.returnevent.note",
    "audits.improvementaction.description",
    "audits.themedaudit.findings",
    "audits.recommendation.text",
    "audits.singleagencyaudit.summary_of_findings",
    "audits.questionnairequestion.text",
}
# The fields each export must carry (neutralised).
MUST_SHOW_IN_EXPORTS = {
    "priorities.action.how",
    "priorities.action.responsible_leads",
    "priorities.objective.what",
    "priorities.statusupdate.commentary",
    "budget.incomeline.description",
    "budget.commitmentline.note",
    "audits.standardassessment.evidence",
    "audits.improvementaction.description",
}


@pytest.fixture(scope="module")
def poisoned(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = populated_world()
        # Case URLs find some objects by their text: resolve them all before the text is replaced.
        world.urls = {id(case): _url(world, case) for case in GET_CASES}
        world.poisoned = poison_database()
        yield world
        transaction.set_rollback(True)


def _url(world, case):
    return case.url(world)


def _responses(world, cases):
    for case in cases:
        response = client_as(world, allowed_persona(case)).get(world.urls[id(case)])
        assert response.status_code in case.ok_statuses, f"{case.id}: {response.status_code}"
        yield case, response


BLANK_DOWNLOADS = {"onboarding:plan_template"}


def _cell_problem(value):
    if not isinstance(value, str) or not value.startswith(tuple(FORMULA_PREFIXES)):
        return None
    return None if NUMBER.match(value) else value[:40]


def test_the_whole_database_is_poisoned(poisoned):
    """The payload reached every field the issue names (so the page tests below are about real content)."""
    missing = (MUST_SHOW_IN_HTML | MUST_SHOW_IN_EXPORTS) - poisoned.poisoned["tagged"]
    assert not missing
    assert len(poisoned.poisoned["tagged"]) > 100


@pytest.mark.django_db
def test_every_page_escapes_every_stored_payload(poisoned):
    html_cases = [case for case in GET_CASES if case.a11y]
    seen, problems = set(), []
    for case, response in _responses(poisoned, html_cases):
        if response.status_code != 200:
            continue
        content = response.content.decode()
        problems += [f"{case.id}: {marker}" for marker in RAW_MARKERS if marker in content]
        seen |= set(TAG.findall(content))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content or case.url_name in {
            "accessibility",
            "accounts:signed_out",
            "accounts:sign_in",
            "accounts:password_change",
            # Public pages about one's own account, and the operator's form: no stored text to show.
            "accounts:password_reset",
            "accounts:password_reset_sent",
            "accounts:password_reset_confirm",
            "accounts:password_reset_complete",
            "onboarding:board_create",
            "audits:cycle_create",
            "audits:themed_create",
            "audits:audit_map_create",
        }, f"{case.id} shows no stored text at all"
    assert not problems, problems
    assert not (MUST_SHOW_IN_HTML - seen), f"never rendered: {sorted(MUST_SHOW_IN_HTML - seen)}"


@pytest.mark.django_db
def test_every_export_neutralises_formulas_and_prints_payloads_as_text(poisoned):
    export_cases = [case for case in GET_CASES if not case.a11y]
    # The board pack's PDF and XLSX are built by the task queue (reporting/tasks.py): their URLs answer the page
    # "being prepared" (an HTML page, checked by the test above) and queue the build; once the worker has run, they
    # answer the files.
    pack_urls = {"reporting:board_pack_pdf", "reporting:board_pack_xlsx"}
    pdf_cases = [case for case in GET_CASES if case.url_name in pack_urls]
    cache.clear()  # no build marker left by another test, whose queued build was rolled back
    assert {response["Content-Type"] for _, response in _responses(poisoned, pdf_cases)} == {"text/html; charset=utf-8"}
    run_queued_tasks()
    seen, problems, kinds = set(), [], set()
    for case, response in _responses(poisoned, [*export_cases, *pdf_cases]):
        if response.status_code != 200:
            continue
        if response.streaming:
            # An evidence file: the bytes a person uploaded, sent as an attachment with nosniff (evidence/views.py);
            # nothing from the database is printed in it.
            assert response["Content-Disposition"].startswith("attachment;"), case.id
            assert response["X-Content-Type-Options"] == "nosniff", case.id
            continue
        content_type = response["Content-Type"]
        if content_type.startswith("text/csv"):
            kinds.add("csv")
            text = response.content.decode("utf-8-sig")
            cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        elif "spreadsheetml" in content_type:
            kinds.add("xlsx")
            workbook = load_workbook(io.BytesIO(response.content))
            cells = [v for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for v in row]
        elif content_type == "application/pdf":
            kinds.add("pdf")
            text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
            # Escaped into the PDF's HTML source, the markup is printed as words rather than run or dropped.
            assert SCRIPT in text.replace("\n", ""), f"{case.id}: payload not printed as text"
            seen |= set(TAG.findall(text.replace("\n", "")))
            continue
        else:  # an HTML page that the sweep leaves out (e.g. a refusal page)
            content = response.content.decode()
            problems += [f"{case.id}: {marker}" for marker in RAW_MARKERS if marker in content]
            continue
        problems += [f"{case.id}: {problem!r}" for cell in cells if (problem := _cell_problem(cell))]
        tagged_cells = [c for c in cells if isinstance(c, str) and TAG_PREFIX in c]
        # A filtered download (?q=Kaye) may match nothing once every name is a payload; the blank plan template
        # holds instructions and an example, never a board's data (its cells are still checked for formulas above).
        if case.url_name in BLANK_DOWNLOADS:
            assert not tagged_cells, f"{case.id} is meant to be blank but holds stored text"
            continue
        assert tagged_cells or case.query, f"{case.id} exports no stored text"
        seen |= {tag for cell in tagged_cells for tag in TAG.findall(cell)}
    assert kinds == {"csv", "xlsx", "pdf"}
    assert not problems, problems
    assert not (MUST_SHOW_IN_EXPORTS - seen), f"never exported: {sorted(MUST_SHOW_IN_EXPORTS - seen)}"
