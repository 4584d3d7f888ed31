"""The yearly report's PDF and DOCX downloads. The files are made by the task queue (annualreport/tasks.py), never in
a request: a download serves the stored file when it matches the report's current document, and otherwise queues a
build (one at a time per report) and answers a page saying the file is being prepared, with a link to check again.

Readers as the report page: board administrators, BMG members, board members and the independent scrutineer; another
board's report is not found (404)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from accounts.access import get_for_board, require_board, role_required

from ..content import report_document
from ..exports import CONTENT_TYPES, file_digest, report_filename
from ..models import ReportFile, YearlyReport
from ..tasks import current_build, request_report_files
from .pages import READERS

KIND_WORDS = {"pdf": "PDF", "docx": "Word document (DOCX)"}


def _download(request, pk, kind):
    report = get_for_board(
        YearlyReport.objects.select_related("board", "signed_off_by"), require_board(request), "board", pk=pk
    )
    digest = file_digest(report_document(report))
    stored = ReportFile.objects.filter(report=report, kind=kind, digest=digest).values_list("content", flat=True)
    content = stored.first()
    filename = report_filename(report, kind)
    if content is not None:
        response = HttpResponse(bytes(content), content_type=CONTENT_TYPES[kind])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        # A file of an older document is never served: its report has changed since (or the sign-off was undone).
        queued = current_build(report.pk)
        if queued is None:
            request_report_files(report)
        response = render(
            request,
            "annualreport/report_file_preparing.html",
            {"report": report, "kind": kind, "kind_words": KIND_WORDS[kind], "filename": filename},
        )
    add_never_cache_headers(response)
    return response


@require_GET
@role_required(*READERS)
def report_pdf(request, pk):
    return _download(request, pk, ReportFile.Kind.PDF)


@require_GET
@role_required(*READERS)
def report_docx(request, pk):
    return _download(request, pk, ReportFile.Kind.DOCX)
