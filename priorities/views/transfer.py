"""Export of the current plan's action plan (XLSX, CSV) for every board role, in the layout of priorities/transfer/.
Importing such a file into a new plan is the top floor's (onboarding/views.py)."""

from django.views.decorators.http import require_GET

from accounts.access import require_board, role_required
from bscb.exports import csv_response, xlsx_response
from plans.quarters import plan_as_of
from plans.selectors import current_plan_for

from .. import transfer
from ..filters import ActionFilter

# The action list's own query parameters that are not filters.
NOT_FILTERS = {"page", "sort", "per_page"}


def _exported_actions(request):
    """The current plan's actions, narrowed by the action list's filters when the link carries them."""
    board = require_board(request)
    plan = current_plan_for(board)
    actions = transfer.actions_for_export(plan)
    if request.GET.keys() - NOT_FILTERS:
        actions = ActionFilter(request.GET, queryset=actions, board=board, plan=plan, as_of=plan_as_of(plan)).qs
    return plan, actions


@require_GET
@role_required()
def action_plan_export_xlsx(request):
    """The action plan as an Excel workbook: "All actions" and one sheet per priority."""
    plan, actions = _exported_actions(request)
    return xlsx_response(transfer.export_filename(plan, "xlsx"), transfer.action_plan_workbook(actions))


@require_GET
@role_required()
def action_plan_export_csv(request):
    """The action plan as one CSV table, in the same columns as the workbook."""
    plan, actions = _exported_actions(request)
    rows = (transfer.action_row(action) for action in actions)
    return csv_response(transfer.export_filename(plan, "csv"), transfer.HEADERS, rows)
