"""Generates a large, realistic, reproducible dataset for the benchmark (PostgreSQL recommended).

Default: 50 boards x 400 actions, a three-year plan with 12 quarters (11 closed, 1 open), a status update for most
actions in most quarters, leads, groups, agencies and users. Extended by the other apps through SCALE_EXTENSIONS
(snapshots, indicator values, audit returns) when they are installed.
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
from plans.models import Agency, Board, BusinessPlan, Lead
from priorities.models import Action, Objective, Priority, Rag, StatusUpdate, StrategicStage
from reporting.models import Quarter
from reporting.services import quarters_create_for_plan

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
        Membership.objects.bulk_create([Membership(user=u, board=board) for u in users])
        Through = User.groups.through
        Through.objects.bulk_create(
            [Through(user_id=u.pk, group_id=roles[Role.LEAD].pk) for u in person_users]
            + [
                Through(user_id=admin.pk, group_id=roles[Role.BOARD_ADMIN].pk),
                Through(user_id=bmg.pk, group_id=roles[Role.BMG_MEMBER].pk),
                Through(user_id=board_user.pk, group_id=roles[Role.BOARD_MEMBER].pk),
            ]
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
                        responsible_leads="",
                        outcomes="Evidence of improvement",
                        timescale="July 2014 to July 2015",
                        start_date=start,
                        due_date=due,
                    )
                )
        actions = Action.objects.bulk_create(actions)
        Action.leads.through.objects.bulk_create(
            [
                Action.leads.through(action_id=act.pk, lead_id=(people[i % len(people)] if i % 4 else groups[i % 3]).pk)
                for i, act in enumerate(actions)
            ]
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
        for extension in SCALE_EXTENSIONS:
            extension(board=board, plan=plan, quarters=quarters, actions=actions, rng=rng)
        return len(updates)
