"""The page a board's people see while their board has no plan yet, instead of a "page not found".

Every page that shows the current plan (the plan, its actions, the leads directory, the dashboard, the quarters...)
raises `plans.selectors.NoCurrentPlan` when there is none. Answering that here, once, keeps each view simple and makes
sure no page of an empty board is a dead end: a board administrator is shown the set-up checklist, everyone else is
told that the plan is on its way. Role checks run before the view, so a refused role still gets its 403.
"""

from django.shortcuts import render

from accounts.access import board_of
from accounts.roles import Role, has_role

from .selectors import NoCurrentPlan


class NoCurrentPlanMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, NoCurrentPlan):
            return None
        board = board_of(request.user)
        if board is None:
            return None
        return render(
            request,
            "plans/no_current_plan.html",
            {"board": board, "is_admin": has_role(request.user, Role.BOARD_ADMIN)},
        )
