"""The board pack of a quarter: its HTML preview, its PDF and XLSX downloads, and the CSV of every action. What goes in
them is built in reporting/pack.py and reporting/exports.py; these views only check access and fetch the quarter
through the user's board. The PDF and the XLSX are made together by the task queue (reporting/tasks.py): until they
are, their URLs answer a page that says so and how far the build has gone."""

from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from accounts.access import role_required

from .. import exports
from ..pack import board_pack_data
from ..panels import render_panels
from ..tasks import board_pack_state, forget_board_pack_failure
from .common import READERS, get_quarter

REFRESH_SECONDS = 5
KIND_WORDS = {"pdf": "PDF", "xlsx": "Excel spreadsheet"}


def _download(request, pk, kind):
    """The file from the shared cache when built. Otherwise a page saying that it is being prepared (a build is queued
    if none is) and at which step, which asks again every 5 seconds and so downloads it when ready (`?refresh=off`:
    only when asked); or, if the build failed, a page saying so with a button to try again, which does not ask again
    by itself.

    The page asks again with a `Refresh` header, which browsers follow as they do `<meta http-equiv="refresh">`,
    without a script (the CSP forbids inline ones). Not the meta element: axe reports any timed meta refresh as a
    critical failure (WCAG 2.2.1, timing adjustable), because a page that reloads itself can interrupt a screen
    reader. The page says that it checks every 5 seconds and offers to stop, which is what 2.2.1 asks ("turn off")."""
    quarter = get_quarter(request, pk)
    state = board_pack_state(quarter, kind)
    if state.file is not None:
        return exports.board_pack_response(quarter, kind, state.file)
    refresh = state.failure is None and request.GET.get("refresh") != "off"
    response = render(
        request,
        "reporting/board_pack_preparing.html",
        {
            "quarter": quarter,
            "state": state,
            "kind": kind,
            "kind_words": KIND_WORDS[kind],
            "download_url": request.path,
            "filename": exports.board_pack_filename(quarter, kind),
            "refresh": refresh,
            "refresh_seconds": REFRESH_SECONDS,
        },
    )
    if refresh:
        response["Refresh"] = str(REFRESH_SECONDS)
    add_never_cache_headers(response)
    return response


@require_GET
@role_required(*READERS)
def board_pack_pdf(request, pk):
    return _download(request, pk, "pdf")


@require_GET
@role_required(*READERS)
def board_pack_xlsx(request, pk):
    return _download(request, pk, "xlsx")


@require_POST
@role_required(*READERS)
def board_pack_retry(request, pk):
    """After a failed build: forget the failure and go back to the download (PDF unless `kind` says the XLSX), which
    queues a new build."""
    quarter = get_quarter(request, pk)
    forget_board_pack_failure(quarter.pk)
    target = "reporting:board_pack_xlsx" if request.POST.get("kind") == "xlsx" else "reporting:board_pack_pdf"
    return redirect(target, pk=quarter.pk)


@require_GET
@role_required(*READERS)
def board_pack_preview(request, pk):
    """The pack as a page of the site: the same content as the PDF (reporting/_board_pack_body.html), computed in the
    request (a fraction of a second: no layout), with the downloads at the top."""
    quarter = get_quarter(request, pk)
    pack = board_pack_data(quarter)
    context = {**pack.context, "pack": pack, "panels": render_panels(request, quarter)}
    return render(request, "reporting/board_pack_preview.html", context)


@require_GET
@role_required(*READERS)
def board_pack_csv(request, pk):
    return exports.actions_csv(get_quarter(request, pk))
