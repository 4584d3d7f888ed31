"""Core business measures in the persona world (tests/world.py), built once per world with `world.get`."""

from django.db.models import Max

from tests import factories as f


def home_core(world):
    """The home plan's first core priority, with two measures: 1.1 led by `lead` (Jo Moses), 1.2 by nobody."""

    def build(w):
        # The next free place: a populated world (tests/security/poison.py) may hold core priorities already.
        order = (w.plan.core_priorities.aggregate(Max("order"))["order__max"] or 0) + 1
        core = f.CorePriorityFactory(plan=w.plan, order=order, title="Ensure the effectiveness of multi-agency work")
        f.CoreMeasureFactory(core_priority=core, order=1, text="Audit multi-agency practice", leads=[w.lead_person])
        f.CoreMeasureFactory(core_priority=core, order=2, text="Report the Section 11 audit to the board")
        return core

    return world.get("core:home", build)


def home_measure(world):
    """Measure 1.1 of the home plan, led by `lead`."""
    return home_core(world).measures.get(order=1)


def unled_measure(world):
    return home_core(world).measures.get(order=2)


def other_board_measure(world):
    """A measure of the other board's plan."""

    def build(w):
        order = (w.other_plan.core_priorities.aggregate(Max("order"))["order__max"] or 0) + 1
        core = f.CorePriorityFactory(plan=w.other_plan, order=order, title="Other board's core priority")
        return f.CoreMeasureFactory(core_priority=core, order=1, text="Other board's measure")

    return world.get("core:other", build)
