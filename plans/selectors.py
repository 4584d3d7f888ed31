"""Reads of a board's plan for the pages that show it: the current plan.

Every function takes the board, so nothing here can reach another board's data. The reads that count the plan's
actions (RAG summaries, the leads directory, a lead's actions) stand on the priorities floor:
priorities/plan_selectors.py.
"""

from django.http import Http404

from .models import BusinessPlan


class NoCurrentPlan(Http404):
    """The board has no current plan yet. Not an error of the person asking: plans.middleware answers with the page
    that says so, and shows a board administrator where to set the plan up. Still a 404 wherever it is not caught."""


def current_plan_for(board) -> BusinessPlan:
    """The plan the board's people see: its current plan, the latest if several are marked current. NoCurrentPlan if
    there is none."""
    plan = BusinessPlan.objects.select_related("board").filter(board=board, is_current=True).first()
    if plan is None:
        raise NoCurrentPlan("This board has no current business plan yet.")
    return plan
