"""Builds Appendix 2 (the Barnet 2014/15 budget) on a test world's board, through the real fixture and loader."""

import json
from pathlib import Path

from django.conf import settings

from budget.services import budget_load
from tests import factories as f

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "barnet-2014-2016-budget" / "budget-2014-15.json"


def appendix_2_data(board_slug="barnet", plan_slug="2014-2016"):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["board"], data["plan"] = board_slug, plan_slug
    return data


def appendix_2_budget(world):
    """The printed 2014/15 budget on the world's home board (its eight contributors added as agencies)."""
    data = appendix_2_data(world.board.slug, world.plan.slug)
    for item in data["income"]:
        f.AgencyFactory(board=world.board, name=item["agency"])
    return budget_load(data=data).budget


def budget_of(world):
    return world.get("budget", appendix_2_budget)


def first_income_line(world):
    return budget_of(world).income_lines.get(description="London Borough of Barnet")


def first_commitment_line(world):
    return budget_of(world).commitment_lines.get(description="0.6 FTE Administrator")
