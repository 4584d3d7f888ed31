"""Pages of the scrutiny log. The scrutineer raises entries and records their outcome; the board administrator
responds for the board and its partners, and a lead responds to what is addressed to them; the board's readers read
the log. Another board's entry is a 404, a wrong role a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_for_board, require_board, role_required
from accounts.roles import Role, has_role

from . import services
from .forms import OutcomeForm, RaiseEntryForm, RespondForm
from .models import ScrutinyEntry

READERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.SCRUTINEER)


def _get_entry(request, pk) -> ScrutinyEntry:
    return get_for_board(
        ScrutinyEntry.objects.select_related("board", "agency", "lead", "action", "raised_by"),
        require_board(request),
        "board",
        pk=pk,
    )


def _is_addressed_lead(user, entry) -> bool:
    return entry.addressed_to == ScrutinyEntry.AddressedTo.LEAD and entry.lead.user_id == user.pk


def _may_respond(user, entry) -> bool:
    return has_role(user, Role.BOARD_ADMIN) or (has_role(user, Role.LEAD) and _is_addressed_lead(user, entry))


@require_GET
@role_required(*READERS)
def entry_list(request):
    board = require_board(request)
    entries = ScrutinyEntry.objects.filter(board=board).select_related("agency", "lead")
    status = request.GET.get("status", "")
    if status in ScrutinyEntry.Status.values:
        entries = entries.filter(status=status)
    return render(
        request,
        "scrutiny/entry_list.html",
        {
            "entries": list(entries),
            "status": status,
            "statuses": ScrutinyEntry.Status.choices,
            "can_raise": has_role(request.user, Role.SCRUTINEER),
        },
    )


@require_GET
@role_required(*READERS, Role.LEAD)
def entry_detail(request, pk):
    entry = _get_entry(request, pk)
    if not has_role(request.user, *READERS) and not _is_addressed_lead(request.user, entry):
        raise PermissionDenied("Only the lead it is addressed to may read this entry.")
    return render(
        request,
        "scrutiny/entry_detail.html",
        {
            "entry": entry,
            "responses": list(entry.responses.select_related("by")),
            "can_respond": entry.status != ScrutinyEntry.Status.CLOSED and _may_respond(request.user, entry),
            "can_close": entry.status != ScrutinyEntry.Status.CLOSED and has_role(request.user, Role.SCRUTINEER),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SCRUTINEER)
def entry_raise(request):
    board = require_board(request)
    form = RaiseEntryForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        entry = services.raise_entry(board=board, user=request.user, **form.cleaned_data)
        messages.success(request, f"{entry.get_kind_display()} raised: {entry.addressee_label} has been emailed")
        return redirect("scrutiny:entry_detail", pk=entry.pk)
    return render(request, "scrutiny/entry_raise.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN, Role.LEAD)
def entry_respond(request, pk):
    entry = _get_entry(request, pk)
    if not _may_respond(request.user, entry):
        raise PermissionDenied("Only the board administrator or the lead it is addressed to may respond.")
    if entry.status == ScrutinyEntry.Status.CLOSED:
        messages.info(request, "This entry is closed: it takes no more responses")
        return redirect("scrutiny:entry_detail", pk=entry.pk)
    form = RespondForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.respond(entry=entry, user=request.user, text=form.cleaned_data["text"])
        except services.NotAllowed:  # closed by the scrutineer while the response was being written
            messages.info(request, "This entry was closed before your response was sent: it was not recorded")
            return redirect("scrutiny:entry_detail", pk=entry.pk)
        messages.success(request, "Response recorded: the scrutineer has been emailed")
        return redirect("scrutiny:entry_detail", pk=entry.pk)
    return render(request, "scrutiny/entry_respond.html", {"entry": entry, "form": form})


@require_http_methods(["GET", "POST"])
@role_required()
def entry_close(request, pk):
    # The entry first, then the role: another board's entry is a 404 for everyone, whatever their role there.
    entry = _get_entry(request, pk)
    if not has_role(request.user, Role.SCRUTINEER):
        raise PermissionDenied("Only the independent scrutineer records the outcome.")
    if entry.status == ScrutinyEntry.Status.CLOSED:
        messages.info(request, "This entry is closed already")
        return redirect("scrutiny:entry_detail", pk=entry.pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close(entry=entry, outcome=form.cleaned_data["outcome"])
        except services.NotAllowed:  # closed in another tab or by another scrutineer meanwhile
            messages.info(request, "This entry is closed already")
            return redirect("scrutiny:entry_detail", pk=entry.pk)
        messages.success(request, "Outcome recorded: the entry is closed")
        return redirect("scrutiny:entry_detail", pk=entry.pk)
    return render(request, "scrutiny/entry_close.html", {"entry": entry, "form": form})
