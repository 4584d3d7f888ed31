"""The platform operator's page for a new partnership: create its board and invite its first administrator. The
operator (a superuser, of no board) sees every board's state on reporting:boards_overview; no board role sees either.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .board_forms import BoardCreateForm
from .services import board_create


@require_http_methods(["GET", "POST"])
def board_create_view(request):
    if not request.user.is_superuser:
        raise PermissionDenied("Only the platform operator creates boards.")
    form = BoardCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        board = board_create(
            name=data["name"],
            short_name=data["short_name"],
            kind=data["kind"],
            admin_email=data["admin_email"],
            admin_first_name=data["admin_first_name"],
            admin_last_name=data["admin_last_name"],
            created_by=request.user,
        )
        messages.success(request, f"{board.name} created. An invitation to set it up was sent to {data['admin_email']}")
        return redirect("reporting:boards_overview")
    return render(request, "onboarding/board_create.html", {"form": form})
