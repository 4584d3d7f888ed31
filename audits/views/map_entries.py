"""Audit map entries: the coordinator or the board administrator edits or removes an entry (removal asks for
confirmation); every reader sees an entry's history (who changed what, when), removed entries included.

The history is simple_history's (`SingleAgencyAudit.history`, the request's user recorded by its middleware): a
removed entry lives on there, so the audit map lists it under "Removed entries" and its history stays readable.
Lookups are scoped to the user's board first (another board's entry, live or removed: 404), then the role (403)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.access import get_for_board, require_board
from accounts.roles import Role
from plans.models import Agency

from ..forms import RemoveEntryForm, SingleAgencyAuditForm
from ..models import SingleAgencyAudit
from .common import COORDINATOR, READERS, require_role

EDITORS = (COORDINATOR, Role.BOARD_ADMIN)
FIELDS = ["agency", "topic", "reported_on", "summary_of_findings"]
LABELS = {
    "agency": "Agency",
    "topic": "Topic",
    "reported_on": "Date reported to the board",
    "summary_of_findings": "Summary of findings",
}
ACTIONS = {"+": "Added", "~": "Changed", "-": "Removed"}


def _entry(request, pk):
    entry = get_for_board(SingleAgencyAudit.objects.select_related("agency"), require_board(request), "board", pk=pk)
    require_role(request, *EDITORS)
    return entry


def audit_map_update(request, pk):
    entry = _entry(request, pk)
    board = require_board(request)
    form = SingleAgencyAuditForm(
        request.POST if request.method == "POST" else None,
        board=board,
        initial={name: getattr(entry, name) for name in FIELDS},
        button="Save changes",
    )
    if request.method == "POST" and form.is_valid():
        for name in FIELDS:
            setattr(entry, name, form.cleaned_data[name])
        entry.save()  # simple_history records who and what changed
        messages.success(request, f"Audit map entry updated: {entry.agency.name}, {entry.topic}")
        return redirect("audits:audit_map")
    return render(request, "audits/audit_map_edit.html", {"form": form, "entry": entry})


def audit_map_remove(request, pk):
    entry = _entry(request, pk)
    form = RemoveEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        label = f"{entry.agency.name}, {entry.topic}"
        # simple_history keeps a "Removed" record with who and when: the entry stays in its history.
        entry.delete()
        messages.success(request, f"Removed from the audit map: {label}. It is kept in the audit map's history")
        return redirect("audits:audit_map")
    return render(request, "audits/audit_map_remove.html", {"form": form, "entry": entry})


def _changes(records, agencies):
    """Oldest first: each record with who, when, what happened and the fields changed (old -> new, in words)."""

    def shown(field, value):
        if field == "agency":
            return agencies.get(value, "Unknown agency")
        if field == "reported_on" and value:
            return f"{value:%-d %B %Y}"
        return value

    rows, previous = [], None
    for record in records:
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous, included_fields=FIELDS).changes:
                changes.append(
                    {
                        "field": LABELS[change.field],
                        "old": shown(change.field, change.old),
                        "new": shown(change.field, change.new),
                    }
                )
        rows.append({"record": record, "action": ACTIONS.get(record.history_type, "Changed"), "changes": changes})
        previous = record
    return rows


@require_GET
def audit_map_history(request, pk):
    board = require_board(request)
    # The history, not the live table: a removed entry's history is still readable (scoped by the stored board).
    records = list(
        SingleAgencyAudit.history.filter(id=pk, board_id=board.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if not records:
        raise Http404("No audit map entry found")
    require_role(request, *READERS)
    agencies = dict(Agency.objects.filter(board=board).values_list("pk", "name"))
    latest = records[-1]
    return render(
        request,
        "audits/audit_map_history.html",
        {
            "latest": latest,
            "agency_name": agencies.get(latest.agency_id, ""),
            "removed": latest.history_type == "-",
            "rows": _changes(records, agencies),
        },
    )
