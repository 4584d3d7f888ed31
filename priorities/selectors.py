"""Reads of priorities and actions for the pages that show the plan. Always scoped to the board's current plan."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch

from accounts.access import get_for_board
from plans.models import Lead

from .links import pk_link
from .models import Action, Priority, StatusUpdate

BOARD_PATH = "objective__priority__plan__board"


def actions_of_current_plan(board):
    """The board's current plan's actions, with what the list and tables print, in the plan's order."""
    return Action.objects.filter(
        objective__priority__plan__board=board, objective__priority__plan__is_current=True
    ).select_related("objective__priority")


def priority_for(board, slug) -> Priority:
    """A priority of the board's current plan by slug; anything else is a 404."""
    return get_for_board(
        Priority.objects.select_related("plan__board"), board, "plan__board", plan__is_current=True, slug=slug
    )


def action_plan_groups(priority, today):
    """The priority's action plan table: [(approach heading as written, rows, objectives)] in the plan's order.

    Headings group consecutive objectives, as the printed table merges them. Each objective carries its actions
    (`overdue` set for `today`, `detail_url` the action's page, see priorities/links.py); `rows` is the number of
    table rows the group spans (an objective with no action still takes one row). The table prints the leads as
    written (`responsible_leads`), so the Lead rows are not read: prefetching them cost a query and a model per lead
    of ~100 actions on every view of the page.
    """
    objectives = priority.objectives.prefetch_related(
        Prefetch("actions", queryset=Action.objects.order_by("order"))
    ).order_by("order")
    groups = []
    detail_url = pk_link("priorities:action_detail")
    for heading, members in groupby(objectives, key=lambda objective: objective.approach_heading):
        members = list(members)
        for objective in members:
            for action in objective.actions.all():
                action.overdue = action.is_overdue(today)
                action.detail_url = detail_url(action.pk)
        rows = sum(max(1, len(objective.actions.all())) for objective in members)
        groups.append((heading, rows, members))
    return groups


def action_for(board, pk) -> Action:
    """One action of the board's current plan with everything its page prints; another board's is a 404. The
    latest update ("since <date>") comes in the same query: it was a query of its own."""
    return get_for_board(
        Action.objects.select_related("objective__priority__plan__board", "latest_update").prefetch_related(
            "objective__stages",
            Prefetch("leads", queryset=Lead.objects.select_related("agency").order_by("name")),
            Prefetch("updates", queryset=StatusUpdate.objects.select_related("author", "quarter")),
        ),
        board,
        BOARD_PATH,
        objective__priority__plan__is_current=True,
        pk=pk,
    )


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


def _lead_names(values, names):
    return ", ".join(sorted(names.get(row.get("lead"), "(removed lead)") for row in values or []))


def field_changes(action, limit=50):
    """Admin view of the record of edits: [(historical record, [FieldChange])], newest first.

    The oldest record is the baseline (created or loaded). Changes to the leads are shown by name.
    """
    # One record more than shown, so that the oldest shown still has a "before" to compare with.
    records = list(action.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    if not records:  # bulk-created actions (imports, scale data) have no historical record yet
        return []
    diffs = []
    for newer, older in zip(records[:limit], [*records[1:], None][:limit], strict=True):
        diffs.append((newer, newer.diff_against(older).changes if older is not None else []))
    lead_ids = {
        row.get("lead")
        for _, changes in diffs
        for change in changes
        if change.field == "leads"
        for row in [*(change.old or []), *(change.new or [])]
    }
    names = dict(Lead.objects.filter(pk__in=lead_ids).values_list("pk", "name")) if lead_ids else {}
    entries = []
    for record, changes in diffs:
        described = []
        for change in changes:
            field = Action._meta.get_field(change.field)
            if change.field == "leads":
                old, new = _lead_names(change.old, names), _lead_names(change.new, names)
            else:
                old, new = change.old, change.new
            described.append(FieldChange(label=str(field.verbose_name).capitalize(), old=old, new=new))
        entries.append((record, described))
    return entries
