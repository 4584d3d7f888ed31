"""Reads of reporting periods and the quarterly dashboard.

A quarter's status rows are the frozen ActionSnapshots once it is closed, and are computed live (with the very same
function that closing uses) while it is open, so the dashboard reads the same shape either way.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Invitation, Membership
from plans.models import Board, BusinessPlan
from plans.quarters import quarter_open_for  # noqa: F401  (read here by the dashboard and its callers)
from priorities.models import (
    RAG_RANK,
    Action,
    Objective,
    Priority,
    Rag,
    StatusUpdate,
    StrategicStage,
    is_overdue,
)
from priorities.notices import Notice

from .cache import DASHBOARD_SECONDS, signature_of, trend_key
from .models import ActionSnapshot, Challenge, IndicatorValue, Quarter, QuarterEvent

RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE, Rag.NOT_STARTED]


def plan_for_board(board) -> BusinessPlan | None:
    """The plan people see first for a board."""
    plans = BusinessPlan.objects.filter(board=board)
    return plans.filter(is_current=True).first() or plans.first()


def quarter_default_for(plan) -> Quarter | None:
    """The quarter the dashboard opens on: the one in progress (open), else the latest closed one, else the first.
    The BMG reviews the quarter in progress; the last closed one is a link away on the page."""
    quarters = Quarter.objects.filter(plan=plan)
    return (
        quarters.filter(state=Quarter.State.OPEN).first()
        or quarters.filter(state=Quarter.State.CLOSED).order_by("-start_date").first()
        or quarters.order_by("start_date").first()
    )


def quarter_previous(quarter) -> Quarter | None:
    return (
        Quarter.objects.filter(plan_id=quarter.plan_id, start_date__lt=quarter.start_date)
        .order_by("-start_date")
        .first()
    )


def as_at(quarter, today: datetime.date | None = None) -> datetime.date:
    """The date overdue is judged at: the quarter's end, or today while an open quarter is still running."""
    today = today or timezone.localdate()
    return min(today, quarter.end_date)


def _latest_update_until(quarter):
    """The outer action's latest update recorded in `quarter` or an earlier quarter of its plan (a subquery)."""
    return StatusUpdate.objects.filter(
        action=OuterRef("pk"), quarter__plan_id=quarter.plan_id, quarter__start_date__lte=quarter.start_date
    ).order_by("-created_at", "-id")


def status_rows_live(quarter, today: datetime.date | None = None) -> list[ActionSnapshot]:
    """Every action of the plan as it stands for `quarter` now, as unsaved snapshots (three queries).

    The status is the latest update recorded in this quarter or an earlier one: updates of a later quarter never
    leak back, which is why the Action.rag cache is not used here.
    """
    at_date = as_at(quarter, today)
    latest = _latest_update_until(quarter)
    actions = list(
        Action.objects.filter(objective__priority__plan_id=quarter.plan_id)
        .select_related("objective__priority")
        .prefetch_related("objective__stages")
        .annotate(
            snapshot_update_id=Subquery(latest.values("id")[:1]),
            updated_here=Exists(StatusUpdate.objects.filter(action=OuterRef("pk"), quarter=quarter)),
        )
    )
    updates = StatusUpdate.objects.select_related("author").in_bulk(
        [a.snapshot_update_id for a in actions if a.snapshot_update_id]
    )
    rows = []
    for action in actions:
        update = updates.get(action.snapshot_update_id)
        rag = update.rag if update else Rag.NOT_STARTED
        rows.append(
            ActionSnapshot(
                quarter=quarter,
                action=action,
                priority=action.objective.priority,
                stage_codes=[stage.code for stage in action.objective.stages.all()],
                reference=action.reference,
                rag=rag,
                latest_update=update,
                latest_update_at=update.created_at if update else None,
                latest_update_author=(update.author.get_full_name() or update.author.username) if update else "",
                commentary=update.commentary if update else "",
                needs_escalation=bool(update and update.needs_escalation),
                escalation_reason=update.escalation_reason if update else "",
                due_date=action.due_date,
                is_overdue=is_overdue(action.due_date, rag, at_date),
                updated_this_quarter=action.updated_here,
                is_demo=bool(update and update.is_demo),
            )
        )
    return rows


@dataclass(frozen=True)
class ActionBrief:
    """What the dashboard prints of an action beside its status: the `row.action` of a `StatusRow`."""

    pk: int
    reference: str
    how: str
    responsible_leads: str


@dataclass
class StatusRow:
    """An action's live status in the open quarter, as plain values: what the dashboard reads of an ActionSnapshot
    (same attribute names), without building a model instance per action and per update (issue 19: the open
    quarter's dashboard spent most of its time there). Not saved anywhere: closing a quarter writes real snapshots
    with `status_rows_live`."""

    action: ActionBrief
    action_id: int
    priority_id: int
    stage_codes: list
    reference: str
    rag: str
    latest_update_at: datetime.datetime | None
    latest_update_author: str
    commentary: str
    needs_escalation: bool
    escalation_reason: str
    due_date: datetime.date | None
    is_overdue: bool
    updated_this_quarter: bool
    is_demo: bool
    previous_rag: str = ""
    latest_challenge: object = None


def status_rows_brief(quarter, today: datetime.date | None = None) -> list[StatusRow]:
    """The same statuses as `status_rows_live`, read as values (three queries): the open quarter's dashboard."""
    at_date = as_at(quarter, today)
    latest = _latest_update_until(quarter)
    actions = list(
        Action.objects.filter(objective__priority__plan_id=quarter.plan_id)
        .annotate(
            snapshot_update_id=Subquery(latest.values("id")[:1]),
            updated_here=Exists(StatusUpdate.objects.filter(action=OuterRef("pk"), quarter=quarter)),
        )
        .values_list(
            "pk",
            "reference",
            "how",
            "responsible_leads",
            "due_date",
            "objective_id",
            "objective__priority_id",
            "snapshot_update_id",
            "updated_here",
        )
    )
    update_fields = ("rag", "created_at", "commentary", "needs_escalation", "escalation_reason", "is_demo")
    updates = {
        row[0]: row[1:]
        for row in StatusUpdate.objects.filter(pk__in=[a[7] for a in actions if a[7]]).values_list(
            "pk", *update_fields, "author__first_name", "author__last_name", "author__username"
        )
    }
    stages = defaultdict(list)
    for objective_id, code in Objective.stages.through.objects.filter(
        objective_id__in={a[5] for a in actions}
    ).values_list("objective_id", "strategicstage__code"):
        stages[objective_id].append(code)
    rows = []
    for pk, reference, how, leads, due_date, objective_id, priority_id, update_id, updated_here in actions:
        update = updates.get(update_id)
        if update:
            rag, at, commentary, escalation, reason, is_demo, first, last, username = update
            author = f"{first} {last}".strip() or username
        else:
            rag, at, commentary, escalation, reason, is_demo, author = Rag.NOT_STARTED, None, "", False, "", False, ""
        rows.append(
            StatusRow(
                action=ActionBrief(pk=pk, reference=reference, how=how, responsible_leads=leads),
                action_id=pk,
                priority_id=priority_id,
                stage_codes=stages[objective_id],
                reference=reference,
                rag=rag,
                latest_update_at=at,
                latest_update_author=author,
                commentary=commentary,
                needs_escalation=bool(escalation),
                escalation_reason=reason,
                due_date=due_date,
                is_overdue=is_overdue(due_date, rag, at_date),
                updated_this_quarter=updated_here,
                is_demo=is_demo,
            )
        )
    return rows


def status_rows(quarter, today: datetime.date | None = None, *, brief: bool = False) -> list:
    """A closed quarter's frozen snapshots, or the open quarter's live status (as plain `StatusRow`s if `brief`)."""
    if quarter.is_closed:
        return list(ActionSnapshot.objects.filter(quarter=quarter).select_related("action", "priority"))
    return status_rows_brief(quarter, today) if brief else status_rows_live(quarter, today)


# ----- movement -----------------------------------------------------------------------------------------------------

MOVEMENT_LABELS = {
    "improved": "Improved",
    "worsened": "Worsened",
    "unchanged": "Unchanged",
    "changed": "Started or changed status",
}


def movement_of(before: str, after: str) -> str:
    """Improved / worsened by RAG_RANK; a move from or to Not started is a change of status, not a ranking."""
    if before == after:
        return "unchanged"
    if before in RAG_RANK and after in RAG_RANK:
        return "improved" if RAG_RANK[after] > RAG_RANK[before] else "worsened"
    return "changed"


# ----- the dashboard ------------------------------------------------------------------------------------------------


@dataclass
class Dashboard:
    """Everything the dashboard and the board pack show for one quarter."""

    quarter: Quarter
    quarters: list
    previous: Quarter | None
    rows: list
    previous_rag: dict  # action id -> status at the previous quarter's close (when it is closed)
    priorities: list
    stages: list
    challenges: list
    trend: list  # [(quarter, Counter)]
    has_demo_data: bool
    movement: dict = field(default_factory=dict)  # key -> rows
    compare_with: int | None = None  # the pk of the quarter chosen to compare with, when not the one before

    @property
    def totals(self) -> Counter:
        return Counter(row.rag for row in self.rows)

    @property
    def compared(self) -> bool:
        return self.previous is not None and self.previous.is_closed

    def rows_where(self, *, set_name="all", rag="", priority="", stage="") -> list:
        rows = self.rows
        if set_name in self.movement:
            rows = self.movement[set_name]
        elif set_name == "red_amber":
            rows = [r for r in rows if r.rag in (Rag.RED, Rag.AMBER)]
        elif set_name == "escalated":
            rows = [r for r in rows if r.needs_escalation]
        elif set_name == "overdue":
            rows = [r for r in rows if r.is_overdue]
        elif set_name == "no_update":
            rows = [r for r in rows if not r.updated_this_quarter]
        elif set_name == "challenged":
            challenged = {c.action_id for c in self.challenges}
            rows = [r for r in rows if r.action_id in challenged]
        if rag:
            rows = [r for r in rows if r.rag == rag]
        if priority:
            rows = [r for r in rows if str(r.priority_id) == str(priority)]
        if stage:
            rows = [r for r in rows if stage in r.stage_codes]
        return rows

    def latest_challenges_by_action(self) -> dict:
        latest = {}
        for challenge in self.challenges:  # newest first
            latest.setdefault(challenge.action_id, challenge)
        return latest


def comparable_quarters(dash_quarters, quarter) -> list:
    """The quarters a dashboard can be compared with: the plan's closed quarters that started before it."""
    return [q for q in dash_quarters if q.is_closed and q.start_date < quarter.start_date]


def dashboard_for(
    quarter, today: datetime.date | None = None, compare_with: int | None = None, *, brief: bool = False
) -> Dashboard:
    """Build the dashboard of a quarter in a fixed number of queries, whatever the number of actions.

    Movement is against the quarter before, or against `compare_with` (the pk of any closed quarter of the plan that
    started earlier; anything else is refused with ValueError, which the views answer with a 404). `brief`: an open
    quarter's rows are plain `StatusRow`s (what the dashboard page prints), not unsaved snapshots."""
    plan_id = quarter.plan_id
    quarters = list(Quarter.objects.filter(plan_id=plan_id).select_related("cache_version").order_by("start_date"))
    index = next(i for i, q in enumerate(quarters) if q.pk == quarter.pk)
    previous = quarters[index - 1] if index > 0 else None
    if compare_with is not None:
        previous = next((q for q in comparable_quarters(quarters, quarter) if q.pk == compare_with), None)
        if previous is None:
            raise ValueError("Not a quarter this one can be compared with")
    rows = status_rows(quarter, today, brief=brief)

    previous_rag = {}
    if previous is not None and previous.is_closed:
        previous_rag = dict(ActionSnapshot.objects.filter(quarter=previous).values_list("action_id", "rag"))
    movement = {key: [] for key in MOVEMENT_LABELS}
    if previous is not None and previous.is_closed:
        for row in rows:
            row.previous_rag = previous_rag.get(row.action_id, Rag.NOT_STARTED)
            movement[movement_of(row.previous_rag, row.rag)].append(row)

    # Trend: every closed quarter up to this one from its snapshots, plus this one if it is still open. The closed
    # quarters' counts are kept in the shared cache under the plan's signature (reporting/cache.py): the heaviest
    # query of the open quarter's dashboard, whose answer changes only when a quarter closes or reopens.
    key = trend_key(plan_id, signature_of(quarters))
    by_quarter = cache.get(key)
    if by_quarter is None:
        by_quarter = {}
        counts = (
            ActionSnapshot.objects.filter(quarter__plan_id=plan_id).values("quarter_id", "rag").annotate(n=Count("id"))
        )
        for entry in counts:
            by_quarter.setdefault(entry["quarter_id"], Counter())[entry["rag"]] = entry["n"]
        cache.set(key, by_quarter, timeout=DASHBOARD_SECONDS)
    trend = [(q, by_quarter[q.pk]) for q in quarters[: index + 1] if q.pk in by_quarter]
    if not quarter.is_closed:
        trend.append((quarter, Counter(row.rag for row in rows)))

    challenges = list(Challenge.objects.filter(quarter=quarter).select_related("author", "action"))
    challenge_answers(challenges)  # answered by the lead's next update, or not yet
    return Dashboard(
        quarter=quarter,
        quarters=quarters,
        previous=previous,
        rows=rows,
        previous_rag=previous_rag,
        priorities=list(Priority.objects.filter(plan_id=plan_id).order_by("order")),
        stages=list(StrategicStage.objects.order_by("order")),
        challenges=challenges,
        trend=trend,
        has_demo_data=plan_has_demo_data(plan_id),
        movement=movement,
        compare_with=compare_with,
    )


def plan_has_demo_data(plan_id) -> bool:
    """Whether the clearly marked demo history is loaded for this plan (one query)."""
    # The demo history always records status updates, so they alone tell whether it is loaded.
    return StatusUpdate.objects.filter(quarter__plan_id=plan_id, is_demo=True).exists()


def indicator_series(indicator, values=None) -> list[dict]:
    """An indicator's values in quarter order, each with its direction of travel from the one before, in words."""
    if values is None:
        values = IndicatorValue.objects.filter(indicator=indicator).select_related("quarter", "entered_by")
    values = sorted(values, key=lambda v: v.quarter.start_date)
    series = []
    previous = None
    for value in values:
        if previous is None:
            travel = ""
        elif value.value == previous.value:
            travel = "Same"
        else:
            went_up = value.value > previous.value
            travel = "Better" if went_up == (indicator.good_direction == "higher") else "Worse"
        series.append({"value": value, "travel": travel})
        previous = value
    return series


def boards_summary(*, today):
    """One row per board, with or without a plan: its current plan's action counts by status, overdue, the open
    quarter, the date of the latest update, its active accounts and waiting invitations. Six queries whatever the
    number of boards or actions: the counts are aggregated in SQL."""
    boards = list(Board.objects.order_by("name"))
    plans = {plan.board_id: plan for plan in BusinessPlan.objects.filter(is_current=True).order_by("pk")}
    counts = {
        row["objective__priority__plan"]: row
        for row in Action.objects.filter(objective__priority__plan__in=list(plans.values()))
        .values("objective__priority__plan")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(due_date__lt=today) & ~Q(rag=Rag.COMPLETE)),
            last_update=Max("latest_update__created_at"),
            **{rag: Count("pk", filter=Q(rag=rag)) for rag in Rag.values},
        )
    }
    open_quarters = {
        q.plan_id: q for q in Quarter.objects.filter(plan__in=list(plans.values()), state=Quarter.State.OPEN)
    }
    people = dict(
        Membership.objects.filter(is_active=True, user__is_active=True)
        .values("board")
        .annotate(n=Count("pk"))
        .values_list("board", "n")
    )
    waiting = dict(Invitation.objects.waiting().values("board").annotate(n=Count("pk")).values_list("board", "n"))
    rows = []
    for board in boards:
        plan = plans.get(board.pk)
        row = counts.get(plan.pk, {}) if plan else {}
        rows.append(
            {
                "board": board,
                "plan": plan,
                "total": row.get("total", 0),
                "overdue": row.get("overdue", 0),
                "last_update": row.get("last_update"),
                "by_rag": [(rag, label, row.get(rag, 0)) for rag, label in Rag.choices],
                "open_quarter": open_quarters.get(plan.pk) if plan else None,
                "people": people.get(board.pk, 0),
                "invitations_waiting": waiting.get(board.pk, 0),
            }
        )
    return rows


def unanswered_challenges(actions) -> list:
    """Challenges on `actions` with no status update recorded on the action since they were made, oldest first (one
    query). A lead answers a challenge with their next update: its commentary is the answer."""
    later_update = StatusUpdate.objects.filter(action=OuterRef("action"), created_at__gt=OuterRef("created_at"))
    return list(
        Challenge.objects.filter(action__in=[action.pk for action in actions])
        .exclude(Exists(later_update))
        .select_related("author", "quarter")
        .order_by("created_at", "id")
    )


def open_challenge_notices(actions) -> dict:
    """The notice provider registered with priorities.notices: "Challenged by the BMG" on each unanswered one."""
    notices = defaultdict(list)
    for challenge in unanswered_challenges(actions):
        notices[challenge.action_id].append(
            Notice(
                title="Challenged by the BMG",
                short="Challenged",
                text=challenge.text,
                author=challenge.author.get_full_name() or challenge.author.username,
                at=challenge.created_at,
                answer_hint=(
                    f"Raised in the review of {challenge.quarter.label}. Your next update answers it: say in the "
                    "commentary what is being done about it. The Business Management Group sees your update beside "
                    "the challenge."
                ),
            )
        )
    return notices


def challenge_answers(challenges) -> None:
    """Set `answer` on each challenge: the first status update recorded on its action after it, or None (one
    query whatever the number of challenges)."""
    challenges = list(challenges)
    for challenge in challenges:
        challenge.answer = None
    if not challenges:
        return
    earliest = min(challenge.created_at for challenge in challenges)
    updates = (
        StatusUpdate.objects.filter(action__in={c.action_id for c in challenges}, created_at__gt=earliest)
        .select_related("author")
        .order_by("created_at", "id")
    )
    by_action = defaultdict(list)
    for update in updates:
        by_action[update.action_id].append(update)
    for challenge in challenges:
        challenge.answer = next(
            (update for update in by_action[challenge.action_id] if update.created_at > challenge.created_at), None
        )


def sign_off_note(quarter) -> str:
    """The note the BMG left with the quarter's current sign-off ("" when none, or not signed off; at most one
    query)."""
    if quarter.review_done_at is None:
        return ""
    event = (
        QuarterEvent.objects.filter(quarter=quarter, kind=QuarterEvent.Kind.REVIEW_DONE).order_by("-at", "-id").first()
    )
    return event.detail if event else ""
