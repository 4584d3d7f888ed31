"""Project-wide pages: home, accessibility statement and the error pages."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import board_of
from accounts.audit import record_event
from accounts.models import AuditEvent
from accounts.roles import roles_of


@require_GET
def home(request):
    """The signed-in landing page: what this person can do, by role."""
    return render(
        request,
        "home.html",
        {"board": board_of(request.user), "roles": sorted(role.value for role in roles_of(request.user))},
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
    return render(request, "500.html", status=500)
