"""The platform operator's view across boards (a superuser of a hosted service; no board role sees it)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..selectors import boards_summary


@require_GET
def boards_overview(request):
    """Every board's current plan at a glance, for the platform operator (superuser) of a hosted service.

    Board roles never see this page: no board may see another's data. Superusers hold no board membership.
    """
    if not request.user.is_superuser:
        raise PermissionDenied("Only the platform operator sees every board.")
    return render(request, "reporting/boards_overview.html", {"rows": boards_summary(today=timezone.localdate())})
