"""Builders for the plan pages' tests: more priorities, objectives and actions on the home board's plan."""

import datetime

from plans.models import Lead
from priorities.models import Action, Rag
from tests import factories as f


def add_actions(world, count, *, priority=None, heading="Prevent", stages=("prevent",)):
    """Add `count` actions to the home plan, each on its own objective, with a person and a group as leads.

    Statuses cycle through every RAG value and due dates straddle 2015, so every page has work to do per row.
    """
    priority = priority or world.priority
    person = world.get("extra_person", lambda w: f.LeadFactory(board=w.board, name="Extra Person", agency=w.agency))
    group = world.get("extra_group", lambda w: f.LeadFactory(board=w.board, name="Extra Group", kind=Lead.Kind.GROUP))
    person.groups.add(group)
    rags = list(Rag)
    start = priority.objectives.count() + 1
    actions = []
    for index in range(count):
        objective = f.ObjectiveFactory(
            priority=priority, order=start + index, approach_heading=heading, stages=list(stages)
        )
        action = f.ActionFactory(
            objective=objective,
            order=1,
            reference=f"{priority.code}-X{start + index:03d}",
            leads=[person, group],
            due_date=datetime.date(2015, 1 + index % 12, 1),
        )
        Action.objects.filter(pk=action.pk).update(rag=rags[index % len(rags)])
        actions.append(action)
    return actions


def set_rag(action, rag):
    """Put an action in a status without a status update (the updates service is tested elsewhere)."""
    Action.objects.filter(pk=action.pk).update(rag=rag)
    action.refresh_from_db()
    return action


def open_quarter_at(world, index):
    """Make the home plan's quarter at `index` (0 = 2014/15 Q1) the open one, earlier ones closed: overdue is judged
    as at the open quarter's last day once it has passed (plans.quarters.plan_as_of)."""
    for position, quarter in enumerate(world.quarters):
        quarter.state = "closed" if position < index else ("open" if position == index else "future")
    for quarter in sorted(world.quarters, key=lambda q: q.state != "closed"):  # close before opening: one open
        quarter.save(update_fields=["state"])
    return world.quarters[index]
