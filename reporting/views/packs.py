"""The board pack downloads of a quarter: PDF, XLSX and the CSV of every action. What goes in them is built in
reporting/exports.py; these views only check access and fetch the quarter through the user's board. The PDF is built
by the task queue (reporting/tasks.py): until it is, its URL answers a page that says so."""

from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from accounts.access import role_required

from .. import exports
from ..tasks import board_pack_state, forget_board_pack_failure
from .common import READERS, get_quarter

REFRESH_SECONDS = 5


@require_GET
@role_required(*READERS)
def board_pack_pdf(request, pk):
    """The PDF from the shared cache when built. Otherwise a page saying that it is being prepared (a build is queued
    if none is), which asks again every 5 seconds and so downloads it when ready (`?refresh=off`: only when asked);
    or, if the build failed, a page saying so with a button to try again, which does not ask again by itself.

    The page asks again with a `Refresh` header, which browsers follow as they do `<meta http-equiv="refresh">`,
    without a script (the CSP forbids inline ones). Not the meta element: axe reports any timed meta refresh as a
    critical failure (WCAG 2.2.1, timing adjustable), because a page that reloads itself can interrupt a screen
    reader. The page says that it checks every 5 seconds and offers to stop, which is what 2.2.1 asks ("turn off")."""
    quarter = get_quarter(request, pk)
    state = board_pack_state(quarter)
    if state.pdf is not None:
        return exports.board_pack_pdf_response(quarter, state.pdf)
    refresh = state.failure is None and request.GET.get("refresh") != "off"
    response = render(
        request,
        "reporting/board_pack_preparing.html",
        {
            "quarter": quarter,
            "state": state,
            "filename": exports.board_pack_filename(quarter),
            "refresh": refresh,
            "refresh_seconds": REFRESH_SECONDS,
        },
    )
    if refresh:
        response["Refresh"] = str(REFRESH_SECONDS)
    add_never_cache_headers(response)
    return response


@require_POST
@role_required(*READERS)
def board_pack_retry(request, pk):
    """After a failed build: forget the failure and go back to the download, which queues a new build."""
    quarter = get_quarter(request, pk)
    forget_board_pack_failure(quarter.pk)
    return redirect("reporting:board_pack_pdf", pk=quarter.pk)


@require_GET
@role_required(*READERS)
def board_pack_xlsx(request, pk):
    return exports.board_pack_xlsx(get_quarter(request, pk))


@require_GET
@role_required(*READERS)
def board_pack_csv(request, pk):
    return exports.actions_csv(get_quarter(request, pk))
