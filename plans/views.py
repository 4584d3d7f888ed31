"""Pages that read the board's current business plan alone: core business and the survey.

Read-only for every board role; each page shows the signed-in person's own board and nothing else. The plan pages
that summarise the priorities (overview, leads directory, lead page) stand on the priorities floor:
priorities/views/plan_pages.py. The `plans:` URLs of both are in priorities/plan_urls.py.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import require_board, role_required

from .models import CorePriority
from .selectors import current_plan_for


@require_GET
@role_required()
def core_business(request):
    plan = current_plan_for(require_board(request))
    core_priorities = CorePriority.objects.filter(plan=plan).prefetch_related("measures", "outcomes")
    return render(request, "plans/core_business.html", {"plan": plan, "core_priorities": core_priorities})


@require_GET
@role_required()
def survey(request):
    """Appendix 1: the priorities survey as printed."""
    plan = current_plan_for(require_board(request))
    return render(request, "plans/survey.html", {"plan": plan, "results": plan.survey_results.all()})
