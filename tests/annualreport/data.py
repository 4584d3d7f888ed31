"""Hand-built record for the yearly report's figures: the home board's 2014/15 year, and noise on the other board."""

import datetime

from django.utils import timezone

from priorities.models import Action, Rag, StatusUpdate
from reporting.models import ActionSnapshot
from tests import factories as f


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def update(world, action, rag, when, author="agency_contact", rag_before=Rag.NOT_STARTED, quarter=None):
    return StatusUpdate.objects.create(
        action=action,
        quarter=quarter or world.quarters[0],
        author=world.users[author],
        created_at=when,
        rag_before=rag_before,
        rag=rag,
    )


def snapshot(quarter, action, rag):
    return ActionSnapshot.objects.create(
        quarter=quarter, action=action, priority=action.objective.priority, reference=action.reference, rag=rag
    )


def build_year(world):
    """CSE-01 red in June then complete in September; CSE-02 red in July, amber now. Snapshots at Q1 and Q2.
    A budget with two contributors. On the other board: a red update, a snapshot and a budget, none of which count."""
    q1, q2 = world.quarters[0], world.quarters[1]
    update(world, world.action, Rag.RED, at(2014, 6, 1))
    update(world, world.action, Rag.COMPLETE, at(2014, 9, 1), rag_before=Rag.RED, quarter=q2)
    update(world, world.other_action, Rag.RED, at(2014, 7, 1), quarter=q2)
    update(world, world.other_action, Rag.COMPLETE, at(2016, 1, 1), quarter=q2)  # after the year: not counted
    Action.objects.filter(pk=world.action.pk).update(rag=Rag.COMPLETE)
    Action.objects.filter(pk=world.other_action.pk).update(rag=Rag.AMBER)
    snapshot(q1, world.action, Rag.RED)
    snapshot(q1, world.other_action, Rag.RED)
    snapshot(q2, world.action, Rag.COMPLETE)
    snapshot(q2, world.other_action, Rag.AMBER)
    budget = f.BudgetFactory(plan=world.plan, financial_year=2014, title="HSCB Budget 2014-2015")
    f.IncomeLineFactory(budget=budget, description="Home Borough Council", amount="-50000.00")
    f.IncomeLineFactory(budget=budget, description="Home Police", amount="-5000.00")
    f.CommitmentLineFactory(budget=budget, description="Business manager", amount="40000.00")
    # The other board.
    other_quarter = world.other_plan.quarters.order_by("start_date").first()
    StatusUpdate.objects.create(
        action=world.other_board_action,
        quarter=other_quarter,
        author=world.users["other_board_admin"],
        created_at=at(2014, 6, 1),
        rag_before=Rag.NOT_STARTED,
        rag=Rag.RED,
    )
    snapshot(other_quarter, world.other_board_action, Rag.RED)
    other_budget = f.BudgetFactory(plan=world.other_plan, financial_year=2014, title="OSCB Budget 2014-2015")
    f.IncomeLineFactory(budget=other_budget, description="Other Council", amount="-999999.00")
    return budget
