"""The clearly marked demo history: a few closed quarters of plausible status updates, challenges and indicator
values, so that a newcomer sees a living dashboard. Local use only (the command refuses unless DEBUG).

Everything written here is flagged is_demo and authored by the `demo-history` account, which has no roles and no
board membership, so it can never sign in to see anything. It works on whatever actions the loaded plan has.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from corebusiness.services import measure_update_record
from plans.models import CoreMeasure, Lead, Quarter
from priorities.models import Action, Rag, StatusUpdate
from priorities.services import status_update_record
from reporting import services

DEMO_USERNAME = "demo-history"
CLOSED_QUARTERS = 3

R, A, G, C, N = Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE, None
# Status per quarter (three closed, then the open one); None means no update that quarter. "!" marks escalation.
PROFILES = [
    [G, G, N, G],
    [G, A, R + "!", N],
    [A, A, G, N],
    [G, G, C, N],
    [N, A, G, N],
    [A, R + "!", R + "!", A],
    [N, N, N, N],
    [G, C, N, N],
    [A, G, G, G],
    [G, G, A, A],
    [A, A, A, G],
    [G, A, A, R],
]

COMMENTARY = {
    Rag.GREEN: "On track. {what} is progressing as planned and the task group met this quarter; next report to "
    "the BSCB as scheduled.",
    Rag.AMBER: "Slipping. Partner capacity has delayed {what}; a revised timetable was agreed at the task group and "
    "the risk is being managed.",
    Rag.RED: "Off track. {what} has not progressed this quarter: the lead agency has no one to take it forward.",
    Rag.COMPLETE: "Complete. {what} has been delivered and the evidence reported to the PQA sub-group.",
}
ESCALATION = "Needs a Board decision on resourcing: no partner has agreed to lead this work since the last review."
CHALLENGES = [
    "What is the revised date, and what support does the lead need from partners to meet it?",
    "The BMG asks for evidence of impact, not only activity, at the next review.",
    "Please bring a recovery plan to the next BMG meeting.",
]
# (first value, change per quarter) for each seeded indicator, in PLAN_INDICATORS order.
INDICATOR_TRENDS = [(14, -2), (31, -3), (6, 2), (42, 5), (18, 3), (4, 6)]
# Demo targets and tolerances (target, tolerance), in PLAN_INDICATORS order: the plan sets none. Chosen so that the
# last closed quarter's values (the trend's third value, give or take 1) show every status on the dataset page and
# in the board pack: on target (1, 4), within tolerance (2, 5), off target (3), no target set (6).
INDICATOR_DEMO_TARGETS = [
    (Decimal(12), None),  # children missing from care, lower is better: about 10
    (Decimal(22), Decimal(5)),  # repeat referrals, lower is better: about 25
    (Decimal(15), Decimal(2)),  # arrests, charges and convictions for neglect, higher is better: about 10
    (Decimal(50), None),  # referrals from GPs and health providers, higher is better: about 52
    (Decimal(27), Decimal(4)),  # perpetrator courses completed, higher is better: about 24
    (None, None),  # e-safety ambassadors: no target
]


# The core business measures' quarterly status (three closed quarters, then the open one), by the same notation.
CORE_PROFILES = [
    [G, G, G, N],
    [G, A, A, G],
    [A, A, G, N],
    [G, G, C, N],
    [N, A, G, N],
    [G, A, R, N],
    [G, G, G, G],
    [A, G, G, N],
    [G, G, A, N],
    [G, A, A, A],
]
CORE_COMMENTARY = {
    Rag.GREEN: "On track: reported to the BSCB as planned this quarter.",
    Rag.AMBER: "Slipping: partner returns came in late; the sub-group agreed a revised date and is managing the risk.",
    Rag.RED: "Off track: no partner has been able to take this forward this quarter; the board is asked to decide how.",
    Rag.COMPLETE: "Complete: delivered and the evidence reported to the PQA sub-group.",
}


def _core_leads(plan) -> int:
    """Give each of the plan's core measures that has no lead one: the people who lead the plan's actions, in turn
    (the plan names no lead for its core business). Returns the number of measures given a lead."""
    measures = list(
        CoreMeasure.objects.filter(core_priority__plan=plan, leads__isnull=True).order_by(
            "core_priority__order", "order"
        )
    )
    if not measures:
        return 0
    people = list(
        Lead.objects.filter(board=plan.board, kind=Lead.Kind.PERSON, actions__objective__priority__plan=plan)
        .distinct()
        .order_by("name")
    )
    if not people:
        return 0
    for index, measure in enumerate(measures):
        measure.leads.set([people[index % len(people)]])
    return len(measures)


def _core_updates(plan, *, quarter, step, user, rng_seed) -> int:
    """The core measures' demo updates for one quarter of the demo history (while it is open). Returns how many."""
    rng = random.Random(rng_seed)  # its own, so that the actions' demo history stays as it was
    measures = list(CoreMeasure.objects.filter(core_priority__plan=plan).order_by("pk"))
    written = 0
    for index, measure in enumerate(measures):
        profile = CORE_PROFILES[rng.randrange(len(CORE_PROFILES))]
        planned = profile[step] if step < len(profile) else None
        if planned is None:
            continue
        day = min(12 + index % 50, (quarter.end_date - quarter.start_date).days - 5)
        measure_update_record(
            measure=measure,
            user=user,
            rag=planned,
            commentary=CORE_COMMENTARY[planned],
            quarter=quarter,
            created_at=_at(quarter.start_date + datetime.timedelta(days=day), 11),
            is_demo=True,
        )
        written += 1
    return written


def _short(action) -> str:
    words = action.how.split()
    return " ".join(words[:8]).rstrip(".,;:") + ("..." if len(words) > 8 else "")


def _at(date: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, 0)))


def demo_user():
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "History"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo_history(*, plan) -> str:
    """Load the demo history for `plan`, once. Returns a one-line summary of what it did."""
    actions = list(Action.objects.filter(objective__priority__plan=plan).order_by("pk"))
    if not actions:
        return f"{plan}: no actions loaded, so no demo history."
    if StatusUpdate.objects.filter(quarter__plan=plan, is_demo=True).exists():
        return f"{plan}: demo history already loaded."
    if (
        StatusUpdate.objects.filter(quarter__plan=plan).exists()
        or Quarter.objects.filter(plan=plan, state=Quarter.State.CLOSED).exists()
    ):
        return f"{plan}: real updates or closed quarters exist, so no demo history was added."

    user = demo_user()
    services.quarters_create_for_plan(plan=plan)
    if not Quarter.objects.filter(plan=plan, state=Quarter.State.OPEN).exists():
        # Dated on the quarter's first day, like the rest of the demo history, not on the day the demo was loaded.
        first = Quarter.objects.filter(plan=plan, state=Quarter.State.FUTURE).order_by("start_date").first()
        services.quarter_open_next(plan=plan, user=user, at=_at(first.start_date, 9) if first else None)
    quarters = list(Quarter.objects.filter(plan=plan).order_by("start_date"))
    start = next(i for i, q in enumerate(quarters) if q.is_open)
    period = quarters[start : start + CLOSED_QUARTERS + 1]
    rng = random.Random(f"demo-{plan.slug}")
    profiles = {action.pk: PROFILES[rng.randrange(len(PROFILES))] for action in actions}

    updates = challenges = core_updates = 0
    core_led = _core_leads(plan)
    for step, quarter in enumerate(period):
        quarter.refresh_from_db()
        core_updates += _core_updates(plan, quarter=quarter, step=step, user=user, rng_seed=f"demo-core-{plan.slug}")
        for index, action in enumerate(actions):
            planned = profiles[action.pk][step]
            if planned is None:
                continue
            rag, escalate = planned.rstrip("!"), planned.endswith("!")
            day = min(10 + index % 60, (quarter.end_date - quarter.start_date).days - 5)
            status_update_record(
                action=action,
                user=user,
                rag=rag,
                commentary=COMMENTARY[rag].format(what=_short(action)),
                needs_escalation=escalate,
                escalation_reason=ESCALATION if escalate else "",
                quarter=quarter,
                created_at=_at(quarter.start_date + datetime.timedelta(days=day), 10),
                is_demo=True,
            )
            updates += 1
        if step == len(period) - 1 or step >= CLOSED_QUARTERS:
            break  # the last quarter stays open
        closed_at = _at(quarter.end_date + datetime.timedelta(days=7), 17)
        services.quarter_close(quarter=quarter, user=user, at=closed_at, is_demo=True)
        challenged = [
            a for a in actions if (profiles[a.pk][step] or "").rstrip("!") in (Rag.RED.value, Rag.AMBER.value)
        ]
        for number, action in enumerate(challenged[:3]):
            services.challenge_record(
                quarter=quarter,
                action=action,
                user=user,
                text=CHALLENGES[number % len(CHALLENGES)],
                created_at=closed_at + datetime.timedelta(days=10),
                is_demo=True,
            )
            challenges += 1
        if step < CLOSED_QUARTERS - 1:
            services.quarter_review_mark_done(
                quarter=quarter, user=user, at=closed_at + datetime.timedelta(days=14), is_demo=True
            )

    indicators = services.indicators_seed_for_plan(plan=plan)
    for indicator, (target, tolerance) in zip(indicators, INDICATOR_DEMO_TARGETS, strict=False):
        if indicator.target is None and target is not None:
            # Recorded in the audit log with the demo-history account as the actor.
            services.indicator_change(indicator=indicator, user=user, target=target, tolerance=tolerance)
    values = 0
    for indicator, (first, change) in zip(indicators, INDICATOR_TRENDS, strict=False):
        for step, quarter in enumerate(period[:CLOSED_QUARTERS]):
            services.indicator_value_record(
                indicator=indicator,
                quarter=quarter,
                value=Decimal(max(first + change * step + rng.choice([-1, 0, 1]), 0)),
                note="Demo figure",
                user=user,
                is_demo=True,
            )
            values += 1
    closed = min(CLOSED_QUARTERS, len(period) - 1)
    return (
        f"{plan}: demo history loaded: {closed} quarters closed, {updates} status updates, {challenges} challenges, "
        f"{values} indicator values, {core_updates} core business updates ({core_led} measures given a lead)."
    )
