"""Project-wide pages: home, accessibility statement and the error pages."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from accounts.access import board_of
from accounts.audit import record_event
from accounts.models import AuditEvent
from accounts.roles import Role, roles_of
from bscb.home import render_home_sections


@require_GET
def home(request):
    """The signed-in landing page: each person's next step (the registered sections), then what they can do."""
    if roles_of(request.user) == {Role.LEAD} and board_of(request.user) is not None:
        # A lead comes to update their actions: their home is the list of them.
        return redirect("priorities:my_actions")
    board = board_of(request.user)
    if board is None and request.user.is_superuser:
        # The platform operator belongs to no board: their next step is on the list of boards.
        return redirect("reporting:boards_overview")
    return render(
        request,
        "home.html",
        {
            "board": board,
            "roles": sorted(role.value for role in roles_of(request.user)),
            # Each person's next step first: the sections the apps register (bscb/home.py lists them).
            "sections": render_home_sections(request, board) if board is not None else [],
        },
    )


@login_not_required
@require_GET
def accessibility_statement(request):
    return render(request, "accessibility_statement.html")


@login_not_required
def permission_denied(request, exception=None):
    record_event(kind=AuditEvent.Kind.REFUSED, request=request, detail=str(exception or "")[:500])
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    """Rendered without the request on purpose: no context processor may touch the database, which may be the
    very thing that failed. A lost database connection is a 503 (try again shortly), not a 500: the next request
    reconnects by itself (health-checked connections) once the database is back."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
