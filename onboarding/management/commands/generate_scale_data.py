"""Generates a large, realistic, reproducible dataset for the benchmark (PostgreSQL recommended).

Default: 50 boards x 400 actions, a three-year plan with 12 quarters (11 closed, 1 open), a status update for most
actions in most quarters, leads, groups, agencies and users; for every closed quarter the frozen ActionSnapshots and
the "closed" event, exactly as `reporting.services.quarter_close` would have written them; the plan's indicators with
a value per closed quarter; and a Section 11 audit cycle per financial year with every agency's return (rated
standards, events, improvement actions) and practitioner questionnaire responses. Written in bulk: closing 11
quarters one by one through the service would take minutes per board and produce the same rows.

Other apps can add rows through SCALE_EXTENSIONS.
"""

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from audits.models import (
    DEFAULT_QUESTIONS,
    DEFAULT_STANDARDS,
    AgencyReturn,
    Answer,
    AuditCycle,
    ImprovementAction,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireResponse,
    Rating,
    ReturnEvent,
    ReturnStatus,
    Standard,
    StandardAssessment,
)
from plans.models import Agency, Board, BusinessPlan, Lead, Quarter, QuarterEvent
from plans.quarters import quarters_create_for_plan
from priorities.models import Action, Objective, Priority, Rag, StatusUpdate, StrategicStage
from reporting.models import ActionSnapshot, IndicatorValue
from reporting.services import indicators_seed_for_plan

PRIORITIES = [("Child Sexual Exploitation", "CSE"), ("Neglect", "NEG"), ("Domestic Abuse", "DA"), ("E-Safety", "ES")]
HEADINGS = [
    ("Prevent", ["prevent"]),
    ("Identify", ["identify"]),
    ("Intervene & Support", ["intervene", "support"]),
    ("Enforce (disrupt and prosecute)", ["enforce"]),
]
AGENCIES = [
    "Council",
    "Police",
    "Probation",
    "CCG",
    "Community Healthcare",
    "Mental Health Trust",
    "Hospital Trust",
    "CAFCASS",
]
FIRST = ["Jo", "Kaye", "Hema", "Zainab", "Mari", "Carolyn", "Bilal", "Erica", "John", "Simon", "Amina", "Tom"]
LAST = [
    "Moses",
    "Wise",
    "Parmar",
    "Bundu",
    "Martin",
    "Greenaway",
    "Khan",
    "Ferrari",
    "Cannon",
    "Corkhill",
    "Ali",
    "Hughes",
]
HEADING_STAGES = dict(HEADINGS)
RAG_WEIGHTS = [(Rag.GREEN, 45), (Rag.AMBER, 25), (Rag.RED, 8), (Rag.COMPLETE, 12), (Rag.NOT_STARTED, 10)]

# Other apps append callables (board, plan, quarters, actions, rng) -> None to add their rows.
SCALE_EXTENSIONS: list = []


class Command(BaseCommand):
    help = (
        "Generate scale data: --boards boards (default 50), each with one plan of --actions actions (default 400), "
        "12 quarters of status updates with 11 closed; reproducible from --seed. Prints the rows it created."
    )

    def add_arguments(self, parser):
        parser.add_argument("--boards", type=int, default=50)
        parser.add_argument("--actions", type=int, default=400)
        parser.add_argument("--seed", type=int, default=2014)
        parser.add_argument("--prefix", default="scale")

    def handle(self, *args, boards, actions, seed, prefix, **options):
        started = time.monotonic()
        rng = random.Random(seed)
        stages = {s.code: s for s in StrategicStage.objects.all()}
        roles = {r: Group.objects.get(name=r.value) for r in Role}
        total_updates = 0
        for index in range(boards):
            with transaction.atomic():
                total_updates += self._board(index, actions, rng, stages, roles, prefix)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Generated {boards} boards x {actions} actions, {total_updates} status updates in {elapsed:.1f}s"
        )

    def _board(self, index, n_actions, rng, stages, roles, prefix):
        board = Board.objects.create(
            name=f"{prefix.title()} Safeguarding Children Board {index:03d}",
            short_name=f"S{index:03d}",
            slug=f"{prefix}-{index:03d}",
        )
        plan = BusinessPlan.objects.create(
            board=board,
            title="Business Plan 2014-2017",
            slug="2014-2017",
            period="2014-2017",
            start_year=2014,
            end_year=2017,
            dated="June 2014",
            vision="Children and young people thrive, are protected and feel safe.",
        )
        agencies = Agency.objects.bulk_create(
            [Agency(board=board, name=f"{name} {index:03d}", sector=name) for name in AGENCIES]
        )
        User = get_user_model()
        users = User.objects.bulk_create(
            [
                User(
                    username=f"{prefix}{index:03d}.{FIRST[i]}.{LAST[i]}".lower(),
                    first_name=FIRST[i],
                    last_name=LAST[i],
                    email=f"{FIRST[i]}.{LAST[i]}.{index}@example.org".lower(),
                )
                for i in range(len(FIRST))
            ]
            + [User(username=f"{prefix}{index:03d}-{role}") for role in ("admin", "bmg", "board")]
        )
        person_users, (admin, bmg, board_user) = users[: len(FIRST)], users[len(FIRST) :]
        memberships = Membership.objects.bulk_create([Membership(user=u, board=board) for u in users])
        role_of = {u.pk: roles[Role.LEAD].pk for u in person_users} | {
            admin.pk: roles[Role.BOARD_ADMIN].pk,
            bmg.pk: roles[Role.BMG_MEMBER].pk,
            board_user.pk: roles[Role.BOARD_MEMBER].pk,
        }
        # Bulk inserts send no signals: the roles go on each membership and, mirrored, on the account's groups
        # (accounts/role_sync.py).
        Through = User.groups.through
        Through.objects.bulk_create([Through(user_id=pk, group_id=group) for pk, group in role_of.items()])
        RoleThrough = Membership.roles.through
        RoleThrough.objects.bulk_create(
            [RoleThrough(membership_id=m.pk, group_id=role_of[m.user_id]) for m in memberships]
        )
        people = Lead.objects.bulk_create(
            [
                Lead(
                    board=board,
                    name=f"{FIRST[i]} {LAST[i]}",
                    kind=Lead.Kind.PERSON,
                    agency=agencies[i % 8],
                    user=person_users[i],
                )
                for i in range(len(FIRST))
            ]
        )
        groups = Lead.objects.bulk_create(
            [Lead(board=board, name=name, kind=Lead.Kind.GROUP) for name in ("MASE", "DV & VAWG", "Youth Shield")]
        )
        Lead.groups.through.objects.bulk_create(
            [Lead.groups.through(from_lead_id=p.pk, to_lead_id=groups[i % 3].pk) for i, p in enumerate(people)]
        )
        quarters = quarters_create_for_plan(plan=plan)
        for quarter in quarters[:-1]:
            quarter.state = Quarter.State.CLOSED
            quarter.closed_at = timezone.make_aware(datetime.datetime.combine(quarter.end_date, datetime.time(17)))
            quarter.closed_by = admin
        quarters[-1].state = Quarter.State.OPEN
        Quarter.objects.bulk_update(quarters, ["state", "closed_at", "closed_by"])

        priorities = Priority.objects.bulk_create(
            [
                Priority(
                    plan=plan,
                    order=i + 1,
                    title=t,
                    slug=t.lower().replace(" ", "-"),
                    code=c,
                    narrative="Why this priority matters to the partnership.",
                )
                for i, (t, c) in enumerate(PRIORITIES)
            ]
        )
        per_objective = 5
        objectives = []
        for _p_index, priority in enumerate(priorities):
            count = n_actions // len(priorities) // per_objective
            for o in range(count):
                heading, _ = HEADINGS[o % len(HEADINGS)]
                objectives.append(
                    Objective(
                        priority=priority,
                        order=o + 1,
                        approach_heading=heading,
                        what=f"Objective {o + 1} of {priority.title}",
                    )
                )
        objectives = Objective.objects.bulk_create(objectives)
        Objective.stages.through.objects.bulk_create(
            [
                Objective.stages.through(objective_id=obj.pk, strategicstage_id=stage_code)
                for o, obj in enumerate(objectives)
                for stage_code in HEADINGS[(obj.order - 1) % len(HEADINGS)][1]
            ]
        )
        actions = []

        def lead_of(i):
            return people[i % len(people)] if i % 4 else groups[i % 3]

        for o, objective in enumerate(objectives):
            for a in range(per_objective):
                start = datetime.date(2014, rng.choice([4, 7, 10]), 1)
                due = datetime.date(rng.choice([2015, 2016, 2017]), rng.choice([3, 6, 9, 12]), 28)
                actions.append(
                    Action(
                        objective=objective,
                        order=a + 1,
                        reference=f"A-{o * per_objective + a + 1:04d}",
                        how=f"Action {a + 1}: deliver and evidence the work for objective {objective.order}",
                        responsible_leads=lead_of(len(actions)).name,
                        outcomes="Evidence of improvement",
                        timescale="July 2014 to July 2015",
                        start_date=start,
                        due_date=due,
                    )
                )
        actions = Action.objects.bulk_create(actions)
        Action.leads.through.objects.bulk_create(
            [Action.leads.through(action_id=act.pk, lead_id=lead_of(i).pk) for i, act in enumerate(actions)]
        )
        updates = []
        current = {act.pk: Rag.NOT_STARTED for act in actions}
        weights = [w for _, w in RAG_WEIGHTS]
        values = [r for r, _ in RAG_WEIGHTS]
        for quarter in quarters:
            at = timezone.make_aware(datetime.datetime.combine(quarter.end_date, datetime.time(9)))
            for i, act in enumerate(actions):
                if rng.random() < 0.15:
                    continue
                rag = rng.choices(values, weights)[0]
                updates.append(
                    StatusUpdate(
                        action=act,
                        quarter=quarter,
                        author=person_users[i % len(person_users)],
                        created_at=at - datetime.timedelta(days=rng.randint(5, 40)),
                        rag_before=current[act.pk],
                        rag=rag,
                        commentary=f"Progress in {quarter.label}: on track with partners."
                        if rag != Rag.NOT_STARTED
                        else "",
                        is_demo=True,
                    )
                )
                current[act.pk] = rag
        StatusUpdate.objects.bulk_create(updates, batch_size=5000)
        latest, counts = {}, {}
        for update in updates:
            latest[update.action_id] = update
            counts[update.action_id] = counts.get(update.action_id, 0) + 1
        for act in actions:
            update = latest.get(act.pk)
            if update:
                # version counts the action's updates, as status_update_record keeps it.
                act.rag, act.latest_update, act.version = update.rag, update, counts[act.pk]
        Action.objects.bulk_update(actions, ["rag", "latest_update", "version"], batch_size=2000)
        closed = [q for q in quarters if q.state == Quarter.State.CLOSED]
        people_by_user = {u.pk: u for u in person_users}
        snapshots_create(quarters=closed, actions=actions, updates=updates, authors=people_by_user, admin=admin)
        indicator_values_create(plan=plan, quarters=closed, admin=admin, rng=rng)
        audit_cycles_create(board=board, plan=plan, agencies=agencies, admin=admin, rng=rng)
        for extension in SCALE_EXTENSIONS:
            extension(board=board, plan=plan, quarters=quarters, actions=actions, rng=rng)
        return len(updates)


def snapshots_create(*, quarters, actions, updates, authors, admin):
    """The snapshots and "closed" events of every closed quarter, as `quarter_close` writes them.

    Same rules as `reporting.selectors.status_rows_live`: the status is the latest update (by created_at, then id)
    recorded in this quarter or an earlier one; overdue is judged at the quarter's end; `updated_this_quarter` is
    whether the action has an update in this quarter. `updates` are in quarter order, as the generator makes them.
    """
    by_quarter: dict[int, list] = {}
    for update in updates:
        by_quarter.setdefault(update.quarter_id, []).append(update)
    stage_codes = {}
    for action in actions:
        objective = action.objective
        if objective.pk not in stage_codes:
            stage_codes[objective.pk] = HEADING_STAGES[objective.approach_heading]
    latest: dict[int, StatusUpdate] = {}
    snapshots, events = [], []
    for quarter in quarters:
        here = set()
        for update in sorted(by_quarter.get(quarter.pk, []), key=lambda u: (u.created_at, u.pk)):
            latest[update.action_id] = update
            here.add(update.action_id)
        totals: dict[str, int] = {}
        for action in actions:
            update = latest.get(action.pk)
            rag = update.rag if update else Rag.NOT_STARTED
            totals[rag] = totals.get(rag, 0) + 1
            author = authors.get(update.author_id) if update else None
            snapshots.append(
                ActionSnapshot(
                    quarter=quarter,
                    action=action,
                    priority_id=action.objective.priority_id,
                    stage_codes=stage_codes[action.objective_id],
                    reference=action.reference,
                    rag=rag,
                    latest_update=update,
                    latest_update_at=update.created_at if update else None,
                    latest_update_author=(author.get_full_name() or author.username) if author else "",
                    commentary=update.commentary if update else "",
                    needs_escalation=bool(update and update.needs_escalation),
                    escalation_reason=update.escalation_reason if update else "",
                    due_date=action.due_date,
                    is_overdue=bool(action.due_date and action.due_date < quarter.end_date and rag != Rag.COMPLETE),
                    updated_this_quarter=action.pk in here,
                    is_demo=bool(update and update.is_demo),
                )
            )
        events.append(
            QuarterEvent(
                quarter=quarter,
                kind=QuarterEvent.Kind.CLOSED,
                at=quarter.closed_at,
                by=admin,
                detail=f"{len(actions)} actions frozen: "
                + ", ".join(f"{rag} {n}" for rag, n in sorted(totals.items())),
                is_demo=True,
            )
        )
    ActionSnapshot.objects.bulk_create(snapshots, batch_size=5000)
    QuarterEvent.objects.bulk_create(events)


def indicator_values_create(*, plan, quarters, admin, rng):
    """The plan's indicators with a value entered for every closed quarter."""
    values = []
    for indicator in indicators_seed_for_plan(plan=plan):
        level = rng.randint(20, 200)
        for quarter in quarters:
            level = max(0, level + rng.randint(-8, 8))
            values.append(
                IndicatorValue(
                    indicator=indicator,
                    quarter=quarter,
                    value=level,
                    entered_by=admin,
                    entered_at=quarter.closed_at,
                    is_demo=True,
                )
            )
    IndicatorValue.objects.bulk_create(values)


def audit_cycles_create(*, board, plan, agencies, admin, rng):
    """A Section 11 cycle per financial year of the plan: the eight standards, a return from every agency (rated,
    with evidence, events and improvement actions; the older cycles all accepted, the latest part way through) and
    practitioner questionnaire responses. Rows as `audits.services` writes them, in bulk."""
    years = list(range(plan.start_year, plan.end_year))
    cycles = AuditCycle.objects.bulk_create(
        [
            AuditCycle(
                board=board,
                plan=plan,
                title=f"Section 11 audit {year}/{str(year + 1)[-2:]}",
                financial_year=year,
                deadline=datetime.date(year, 10, 31),
                opened_at=timezone.make_aware(datetime.datetime(year, 7, 1, 9)),
                opened_by=admin,
            )
            for year in years
        ]
    )
    standards = Standard.objects.bulk_create(
        [
            Standard(cycle=cycle, order=order, title=title, description=description)
            for cycle in cycles
            for order, (title, description) in enumerate(DEFAULT_STANDARDS, start=1)
        ]
    )
    questions = QuestionnaireQuestion.objects.bulk_create(
        [
            QuestionnaireQuestion(cycle=cycle, order=order, text=text)
            for cycle in cycles
            for order, text in enumerate(DEFAULT_QUESTIONS, start=1)
        ]
    )
    paths = {
        ReturnStatus.ACCEPTED: [ReturnStatus.DRAFT, ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED],
        ReturnStatus.SUBMITTED: [ReturnStatus.DRAFT, ReturnStatus.SUBMITTED],
        ReturnStatus.CHALLENGED: [ReturnStatus.DRAFT, ReturnStatus.SUBMITTED, ReturnStatus.CHALLENGED],
        ReturnStatus.DRAFT: [ReturnStatus.DRAFT],
    }
    returns = []
    for cycle in cycles:
        latest = cycle is cycles[-1]
        for agency in agencies:
            status = rng.choice(list(paths)) if latest else ReturnStatus.ACCEPTED
            submitted = timezone.make_aware(datetime.datetime.combine(cycle.deadline, datetime.time(12)))
            returns.append(
                AgencyReturn(
                    cycle=cycle,
                    agency=agency,
                    status=status,
                    submitted_at=submitted if status != ReturnStatus.DRAFT else None,
                    is_demo=True,
                )
            )
    returns = AgencyReturn.objects.bulk_create(returns)
    events = []
    for agency_return in returns:
        at = agency_return.cycle.opened_at
        path = paths[agency_return.status]
        for i, status in enumerate(path):
            events.append(
                ReturnEvent(
                    agency_return=agency_return,
                    at=at + datetime.timedelta(days=30 * i),
                    actor=admin,
                    from_status=path[i - 1] if i else "",
                    to_status=status,
                    note="Return opened" if i == 0 else "",
                )
            )
    ReturnEvent.objects.bulk_create(events)
    standards_of = {}
    for standard in standards:
        standards_of.setdefault(standard.cycle_id, []).append(standard)
    ratings = [Rating.FULLY_MET, Rating.FULLY_MET, Rating.PARTIALLY_MET, Rating.NOT_MET]
    assessments = []
    for agency_return in returns:
        rated = agency_return.status != ReturnStatus.DRAFT
        for standard in standards_of[agency_return.cycle_id]:
            rating = rng.choice(ratings)
            assessments.append(
                StandardAssessment(
                    agency_return=agency_return,
                    standard=standard,
                    self_rating=rating if rated else "",
                    evidence="Policy, training records and audit findings attached." if rated else "",
                    updated_at=agency_return.submitted_at,
                    moderated_rating=rating if agency_return.status == ReturnStatus.ACCEPTED else "",
                    moderated_by=admin if agency_return.status == ReturnStatus.ACCEPTED else None,
                    moderated_at=agency_return.submitted_at if agency_return.status == ReturnStatus.ACCEPTED else None,
                )
            )
    assessments = StandardAssessment.objects.bulk_create(assessments, batch_size=2000)
    ImprovementAction.objects.bulk_create(
        [
            ImprovementAction(
                assessment=assessment,
                description=f"Close the gap against '{assessment.standard.title}'",
                owner="Designated safeguarding lead",
                due_date=assessment.standard.cycle.deadline + datetime.timedelta(days=180),
                progress=rng.choice([Rag.GREEN, Rag.AMBER, Rag.COMPLETE]),
            )
            for assessment in assessments
            if assessment.self_rating in (Rating.PARTIALLY_MET, Rating.NOT_MET)
        ]
    )
    questions_of = {}
    for question in questions:
        questions_of.setdefault(question.cycle_id, []).append(question)
    responses = QuestionnaireResponse.objects.bulk_create(
        [
            QuestionnaireResponse(
                cycle=cycle,
                agency=agency,
                submitted_on=cycle.deadline - datetime.timedelta(days=rng.randint(0, 60)),
                is_demo=True,
            )
            for cycle in cycles
            for agency in agencies
            for _ in range(5)
        ]
    )
    answers = [Answer.YES, Answer.YES, Answer.YES, Answer.NO, Answer.DONT_KNOW]
    QuestionnaireAnswer.objects.bulk_create(
        [
            QuestionnaireAnswer(response=response, question=question, answer=rng.choice(answers))
            for response in responses
            for question in questions_of[response.cycle_id]
        ],
        batch_size=5000,
    )
