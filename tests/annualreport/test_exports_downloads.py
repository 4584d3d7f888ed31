"""Downloading the yearly report's PDF and DOCX: the first request queues the build and says the file is being
prepared; the worker builds both; the next request serves the file. A change to the draft makes the stored file
stale (never served) and queues a rebuild; a signed-off report's files are built once. Another board never gets
one."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from annualreport import services, tasks
from annualreport.models import ReportFile
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

URLS = {"pdf": "annualreport:report_pdf", "docx": "annualreport:report_docx"}


@pytest.fixture
def report(world):
    report = services.start_report(
        board=world.board, template="children", period_start=datetime.date(2014, 4, 1), user=world.users["admin"]
    )
    report.easy_read = "We kept children safe.\nWe met six times."
    report.save()
    return report


def queued():
    return DBTaskResult.objects.filter(status="READY").count()


def get(client, report, kind="pdf"):
    return client.get(reverse(URLS[kind], args=[report.pk]))


def test_first_download_queues_the_build_then_serves_the_pdf_and_the_docx(world, client_for, report):
    client = client_for("board_member")
    response = get(client, report)
    assert response.status_code == 200
    assert "Your PDF is being prepared" in response.text
    assert "home-yearly-report-2014-15.pdf" in response.text
    assert f'href="{reverse("annualreport:report_pdf", args=[report.pk])}"' in response.text
    assert "no-store" in response["Cache-Control"]
    assert "Refresh" not in response
    assert queued() == 1
    # Asking again (or for the DOCX) while the build waits queues nothing more.
    assert "Your Word document (DOCX) is being prepared" in get(client, report, "docx").text
    get(client, report)
    assert queued() == 1
    assert not ReportFile.objects.exists()

    run_queued_tasks()

    assert set(ReportFile.objects.values_list("kind", flat=True)) == {"pdf", "docx"}
    response = get(client, report)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="home-yearly-report-2014-15.pdf"'
    assert "no-store" in response["Cache-Control"]
    pdf = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Home Safeguarding Children Board: yearly report 2014/15" in text
    assert "We kept children safe." in text and "We met six times." in text
    for section in report.sections.all():
        assert section.heading in text, section.heading
    assert "/StructTreeRoot" in pdf.trailer["/Root"]

    response = get(client, report, "docx")
    assert response["Content-Disposition"] == 'attachment; filename="home-yearly-report-2014-15.docx"'
    word = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Contents", "Easy-read summary", *[s.heading for s in report.sections.all()]]
    assert word.core_properties.author == "Home Safeguarding Children Board"
    assert queued() == 0


def test_a_change_to_the_draft_makes_the_stored_file_stale_and_queues_a_rebuild(world, client_for, report):
    client = client_for("admin")
    get(client, report)
    run_queued_tasks()
    old = ReportFile.objects.get(kind="pdf")

    section = report.sections.first()
    client.post(
        reverse("annualreport:section_edit", args=[report.pk, section.key]),
        {"narrative": "A new paragraph written by the administrator."},
    )
    response = get(client, report)
    assert "Your PDF is being prepared" in response.text  # the old file is never served
    assert queued() == 1

    run_queued_tasks()

    files = ReportFile.objects.filter(report=report, kind="pdf")
    assert files.count() == 1 and files.get().digest != old.digest  # the stale file is gone
    response = get(client, report)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "A new paragraph written by the administrator." in text


def test_a_signed_off_report_is_built_once_and_says_it_is_signed_off(world, client_for, report):
    services.sign_off(report=report, user=world.users["admin"])
    assert queued() == 1  # the sign-off queued the build itself
    run_queued_tasks()
    built = {f.kind: (f.pk, f.digest) for f in ReportFile.objects.filter(report=report)}
    assert set(built) == {"pdf", "docx"}

    client = client_for("bmg")
    for _ in range(2):
        assert get(client, report)["Content-Type"] == "application/pdf"
        assert get(client, report, "docx")["Content-Type"].endswith("wordprocessingml.document")
    assert queued() == 0
    # A second build of the same document keeps the files as they are.
    tasks.queue_report_files(report)
    run_queued_tasks()
    assert {f.kind: (f.pk, f.digest) for f in ReportFile.objects.filter(report=report)} == built
    pdf = PdfReader(io.BytesIO(get(client, report).content))
    assert "Signed off on" in pdf.pages[0].extract_text()
    assert "Figures frozen at sign-off" in " ".join(pdf.pages[0].extract_text().split())


def test_another_board_is_not_found_and_never_gets_a_file(world, client_for, report):
    get(client_for("admin"), report)
    run_queued_tasks()
    assert ReportFile.objects.filter(report=report).count() == 2
    other = client_for("other_board_admin")
    for kind in URLS:
        response = get(other, report, kind)
        assert response.status_code == 404
        assert b"%PDF" not in response.content and b"PK" not in response.content[:2]
    assert queued() == 0


def test_a_role_that_cannot_read_the_report_is_refused_and_queues_nothing(world, client_for, report):
    assert get(client_for("lead"), report).status_code == 403
    assert queued() == 0


def test_a_build_of_a_deleted_report_says_so(world, report):
    result = tasks.build_report_files.enqueue(report.pk)
    report.delete()
    run_queued_tasks()
    assert tasks.build_report_files.get_result(result.id).return_value == "missing"


def test_a_failed_build_stores_nothing_and_the_next_download_queues_another(world, client_for, report, monkeypatch):
    def broken(document):
        raise RuntimeError("Pango fell over")

    monkeypatch.setitem(tasks.BUILDERS, ReportFile.Kind.PDF, broken)
    client = client_for("admin")
    get(client, report)
    run_queued_tasks()
    assert not ReportFile.objects.filter(kind="pdf").exists()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    assert tasks.current_build(report.pk) is None  # the marker went with the failed build

    monkeypatch.undo()
    assert "Your PDF is being prepared" in get(client, report).text
    assert queued() == 1
    run_queued_tasks()
    assert get(client, report)["Content-Type"] == "application/pdf"
