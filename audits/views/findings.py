"""A finding's page (an improvement action or a themed audit's recommendation): what it is, its owner, due date,
status, the plan actions it feeds and its update history, with the update form for those who may update it.

The finding is looked up on the user's board first (another board's finding is a 404 whatever the role), then the
rule of `audits.findings.can_see_finding` applies: an agency audit contact of another agency gets a 404, as for that
agency's return; anyone else of the board who may not see it a 403. Updating does not depend on the return's status:
a finding of an accepted return stays open until it is Complete.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_for_board, require_board, role_required
from accounts.roles import Role, has_role, roles_of
from priorities.models import Rag

from .. import findings
from ..forms import FindingUpdateForm
from ..models import FindingUpdate, ImprovementAction, Recommendation
from ..selectors import can_see_return

# The only place besides the finding page that the update may send the person back to: no open redirects.
RETURN_TO_MY_ACTIONS = "my-actions"


def _get_finding(request, model, pk):
    board = require_board(request)
    if model is ImprovementAction:
        queryset = ImprovementAction.objects.select_related(*findings.IMPROVEMENT_ACTION_RELATED)
        finding = get_for_board(queryset, board, "assessment__agency_return__cycle__board", pk=pk)
    else:
        queryset = Recommendation.objects.select_related(*findings.RECOMMENDATION_RELATED)
        finding = get_for_board(queryset, board, "themed_audit__board", pk=pk)
    if not roles_of(request.user):
        raise PermissionDenied("Your account has no role on this board.")
    if not findings.can_see_finding(request.user, finding):
        if has_role(request.user, Role.AGENCY_AUDIT_CONTACT) and findings.is_improvement_action(finding):
            # Another agency's return, and so its actions, is a 404 for a contact by every URL (views.common).
            raise Http404("No finding found")
        raise PermissionDenied("Your role does not allow this.")
    return finding


def _finding_page(request, model, pk):
    finding = _get_finding(request, model, pk)
    can_update = findings.can_update_finding(request.user, finding)
    if request.method == "POST" and not can_update:
        raise PermissionDenied("You cannot update this finding.")
    history = list(
        FindingUpdate.objects.filter(**findings.update_filter(finding))
        .select_related("author")
        .order_by("-created_at", "-id")
    )
    latest_id = history[0].pk if history else 0
    return_to = request.POST.get("return_to") or request.GET.get("return_to")
    return_to = RETURN_TO_MY_ACTIONS if return_to == RETURN_TO_MY_ACTIONS else ""
    stale = None
    form = FindingUpdateForm(
        request.POST if request.method == "POST" else None,
        initial={"rag": findings.status_of(finding), "expected_latest_id": latest_id},
        current=findings.status_of(finding),
    )
    if request.method == "POST" and form.is_valid():
        try:
            findings.finding_update_record(
                finding=finding,
                user=request.user,
                rag=form.cleaned_data["rag"],
                note=form.cleaned_data["note"],
                expected_latest_id=form.cleaned_data["expected_latest_id"],
            )
        except findings.StaleFindingError as error:
            # Nothing saved: show what the other person wrote and keep this person's words in the form, with the
            # new latest id so that saving again is a deliberate choice.
            stale = error.updates
            data = request.POST.copy()
            data["expected_latest_id"] = str(stale[0].pk if stale else latest_id)
            form = FindingUpdateForm(data, current=findings.status_of(error.finding))
            form.is_valid()
            form.add_error(None, "Someone else updated this finding while you were editing. Nothing was saved.")
            history = stale + [update for update in history if update.pk not in {u.pk for u in stale}]
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages_ in error.message_dict.items():
                    for message in messages_:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, f"Update recorded: {findings.title_of(finding)[:60]}")
            if return_to == RETURN_TO_MY_ACTIONS:
                return redirect("priorities:my_actions")
            return redirect(findings.url_of(finding))
    return render(
        request,
        "audits/finding_detail.html",
        {
            "finding": finding,
            "is_improvement_action": findings.is_improvement_action(finding),
            "kind": findings.kind_label(finding),
            "title": findings.title_of(finding),
            "source": findings.source_of(finding),
            "status": findings.status_of(finding),
            "overdue": finding.is_overdue(),
            "plan_actions": finding.plan_actions.select_related("objective__priority").order_by("reference"),
            "history": history,
            "form": form if can_update else None,
            "stale": stale,
            "return_to": return_to,
            "parent": _parent(request.user, finding),
            # The way back: the audits pages for those who read them, else (an owner) My actions.
            "audits_home": has_role(request.user, *findings.FINDING_READERS, Role.AGENCY_AUDIT_CONTACT),
            "my_actions": has_role(request.user, Role.LEAD),
        },
    )


def _parent(user, finding):
    """(label, url) of the return or themed audit the finding belongs to, when the user may open it (the owner of a
    finding may not read the return it came from), else (label, "")."""
    if findings.is_improvement_action(finding):
        agency_return = finding.assessment.agency_return
        label = f"{agency_return.agency.name}: {agency_return.cycle.title}"
        visible = can_see_return(user, agency_return)
        return label, reverse("audits:return_detail", args=[agency_return.pk]) if visible else ""
    url = reverse("audits:themed_detail", args=[finding.themed_audit_id])
    return finding.themed_audit.theme, url if has_role(user, *findings.FINDING_READERS) else ""


@require_http_methods(["GET", "POST"])
def improvement_action_detail(request, pk):
    return _finding_page(request, ImprovementAction, pk)


@require_http_methods(["GET", "POST"])
def recommendation_detail(request, pk):
    return _finding_page(request, Recommendation, pk)


# The findings list's filters: ?show= key -> (label, test on a FindingRow).
LIST_FILTERS = {
    "open": ("Open", lambda row: row.status != Rag.COMPLETE),
    "overdue": ("Overdue", lambda row: row.overdue),
    "all": ("All", lambda row: True),
}


@require_GET
@role_required(*findings.FINDING_READERS)
def finding_list(request):
    """Every finding of the board (improvement actions of received returns and themed audits' recommendations), with
    owner, due date and status: open ones by default, ?show=overdue for those the dashboard panel counts."""
    board = require_board(request)
    rows = findings.all_findings(board)
    show = request.GET.get("show", "open")
    if show not in LIST_FILTERS:
        show = "open"
    return render(
        request,
        "audits/finding_list.html",
        {
            "rows": [row for row in rows if LIST_FILTERS[show][1](row)],
            "show": show,
            "show_label": LIST_FILTERS[show][0],
            "filters": [
                {"key": key, "label": label, "count": sum(1 for row in rows if test(row)), "current": key == show}
                for key, (label, test) in LIST_FILTERS.items()
            ],
        },
    )
