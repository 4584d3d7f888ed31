"""More of every row the pages list, on both boards: `add_batch(world)` before the N counts, and `double_the_data`
(a second, equal batch) before the 2N counts. A page whose query count differs between the two has a query per row
somewhere (an N+1).

A batch adds, on the home board: an agency; a person lead with a user (a Lead role); a priority and an objective on
the world's priority, each with two actions led by the new lead, the world's lead and its group; status updates (red
with an escalation) and challenges on the new actions and the world's two actions; their snapshots in every closed
quarter; an indicator with values; a core priority with a measure, an outcome and updates; a survey row; evidence
links; notifications; an invitation; and, when the cases built them (audits_of, budget_of), standards, a return,
improvement actions and finding updates, recommendations, themed and single-agency audits, budget lines with their
monitoring, and learning reviews (a review with a finding, a recommendation led by the world's lead with an action and
its history, a restricted review; a finding, a recommendation and history on the cases' own review). On the other
board: a user and lead, an objective with two actions and their updates, a notification.
"""

import datetime
import itertools
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Invitation
from accounts.roles import Role
from audits import services as audit_services
from audits.models import FindingUpdate, Recommendation, SingleAgencyAudit, ThemedAudit
from budget.models import CommitmentMonitoring, ContributionMonitoring
from corebusiness.models import CoreMeasureUpdate
from evidence.models import Attachment
from learning import models as learning
from notifications.models import Notification
from plans.models import CoreMeasure, CoreOutcome, Quarter, SurveyResult
from priorities.models import Action
from priorities.services import status_update_record
from reporting.models import ActionSnapshot, Indicator
from reporting.selectors import status_rows_live
from reporting.services import challenge_record, indicator_value_record
from tests import factories as f

_serial = itertools.count(1)


def _member(board, roles, agency=None):
    n = next(_serial)
    user = f.UserFactory(username=f"perf{n}", first_name="Perf", last_name=f"Person {n}", roles=roles)
    f.MembershipFactory(user=user, board=board, agency=agency)
    return user


def _actions(objective, leads, count=2):
    # Explicit orders and references, clear of the world's (the factories' sequences may meet them).
    return [
        f.ActionFactory(
            objective=objective, order=100 + i, reference=f"PERF-{next(_serial)}", leads=leads, responsible_leads="Perf"
        )
        for i in range(count)
    ]


def _updates(actions, user, quarter_of_plan):
    for action in actions:
        status_update_record(
            action=action,
            user=user,
            rag="red",
            commentary="Slipped",
            evidence_of_impact="None yet",
            needs_escalation=True,
            escalation_reason="No budget",
        )
        quarter = quarter_of_plan(action)
        if quarter is not None and quarter.review_done_at is None:
            challenge_record(
                quarter=quarter, action=action, user=user, text=f"When will it be back on track? ({next(_serial)})"
            )


def _snapshots(plan, actions):
    """The new actions' rows in every closed quarter, as closing it would have frozen them."""
    ids = {a.pk for a in actions}
    for quarter in Quarter.objects.filter(plan=plan, state=Quarter.State.CLOSED):
        rows = [row for row in status_rows_live(quarter) if row.action_id in ids]
        ActionSnapshot.objects.bulk_create(rows)


def _open_quarter(plan):
    return Quarter.objects.filter(plan=plan, state=Quarter.State.OPEN).first()


def _notification(board, user, kind=Notification.Kind.UPDATE_REMINDER, status=Notification.Status.FAILED):
    n = next(_serial)
    Notification.objects.create(
        board=board,
        kind=kind,
        status=status,
        recipient=user,
        email=user.email,
        subject=f"Reminder {n}",
        body="Please update your actions.",
        dedupe_key=f"perf-{n}",
        attempts=1,
        sent_at=timezone.now() if status == Notification.Status.SENT else None,
        last_error="Connection refused" if status == Notification.Status.FAILED else "",
    )


def _home(world):
    board, plan, admin, bmg = world.board, world.plan, world.users["admin"], world.users["bmg"]
    n = next(_serial)
    agency = f.AgencyFactory(board=board, name=f"Perf Agency {n}")
    user = _member(board, [Role.LEAD], agency=agency)
    lead = f.LeadFactory(board=board, name=f"Perf Lead {n}", agency=agency, user=user)
    lead.groups.add(world.group)
    priority = f.PriorityFactory(plan=plan, order=100 + n, slug=f"perf-{n}", code=f"PF{n}")
    new = []
    for parent in (world.priority, priority):
        objective = f.ObjectiveFactory(priority=parent, order=100 + n)
        new += _actions(objective, [lead, world.lead_person, world.group])
    _updates(new, admin, lambda a: _open_quarter(plan))
    _updates([world.action, world.other_action], admin, lambda a: None)
    open_quarter = _open_quarter(plan)
    for action in (world.action, world.other_action):
        challenge_record(quarter=open_quarter, action=action, user=bmg, text=f"Any news? ({n})")
    _snapshots(plan, new)

    indicator = Indicator.objects.create(
        plan=plan,
        order=100 + n,
        name=f"Perf indicator {n}",
        good_direction=Indicator._meta.get_field("good_direction").choices[0][0],
    )
    for quarter in Quarter.objects.filter(plan=plan).exclude(state=Quarter.State.FUTURE):
        indicator_value_record(indicator=indicator, quarter=quarter, value=Decimal(n), user=admin)

    core = f.CorePriorityFactory(plan=plan, order=100 + n)
    f.CoreMeasureFactory(core_priority=core, order=1, leads=[world.lead_person, lead])
    CoreOutcome.objects.create(core_priority=core, order=n, text=f"Outcome {n}")
    # Every measure's history grows (the cases open the populated world's measure), the new one's too.
    for each in CoreMeasure.objects.filter(core_priority__plan=plan):
        CoreMeasureUpdate.objects.create(
            measure=each, quarter=open_quarter, author=admin, rag_before="not_started", rag="green", commentary="Done"
        )
    SurveyResult.objects.create(
        plan=plan, order=100 + n, area=f"Area {n}", response_percent=Decimal("50.0"), response_count=10
    )

    action_type = ContentType.objects.get_for_model(Action)
    for action in [world.action, *new]:
        Attachment.objects.create(
            board=board,
            content_type=action_type,
            object_id=action.pk,
            url=f"https://example.org/evidence/{n}",
            title=f"Evidence {n}",
            uploaded_by=admin,
        )
    _notification(board, world.users["lead"])  # what the notification list's filters in the cases match
    _notification(board, admin, kind=Notification.Kind.ACTION_ALERT, status=Notification.Status.SENT)
    Invitation.objects.create(
        board=board,
        email=f"invitee{n}@example.org",
        first_name="Invited",
        last_name=f"Person {n}",
        token_hash=f"perf-token-{n}",
        expires_at=timezone.now() + datetime.timedelta(days=7),
        invited_by=admin,
    )
    _audits(world, agency, lead, n)
    _budget(world, agency, n)
    _learning(world, lead, n)


def _audits(world, agency, lead, n):
    audits = world.extras.get("audits")
    if audits is None:
        return
    coordinator = world.users["audit_coordinator"]
    audit_services.standard_add(cycle=audits.cycle, title=f"Standard {n}", description="Perf")
    audit_services.return_add(cycle=audits.cycle, agency=agency, user=coordinator)
    assessment = audits.own.assessments.order_by("standard__order").first()
    improvement = audit_services.improvement_action_save(
        assessment=assessment, description=f"Improve {n}", owner="Head of service", due_date=datetime.date(2015, 3, 31)
    )
    recommendation = Recommendation.objects.create(
        themed_audit=audits.themed, text=f"Recommendation {n}", owner_lead=lead, due_date=datetime.date(2015, 1, 31)
    )
    for target in (
        {"improvement_action": audits.action},
        {"improvement_action": improvement},
        {"recommendation": recommendation},
        {"recommendation": audits.recommendation},
    ):
        FindingUpdate.objects.create(
            author=coordinator, rag_before="not_started", rag="amber", note="Under way", **target
        )
    themed = ThemedAudit.objects.create(
        board=world.board, theme=f"Theme {n}", scope="Cases", commissioned_on=datetime.date(2014, 8, 1)
    )
    themed.agencies.set([agency, world.agency])
    themed.priorities.set([world.priority])
    SingleAgencyAudit.objects.create(
        board=world.board, agency=agency, topic=f"Topic {n}", reported_on=datetime.date(2014, 10, 1)
    )


def _budget(world, agency, n):
    budget = world.extras.get("budget")
    if budget is None:
        return
    income = f.IncomeLineFactory(budget=budget, order=100 + n, agency=agency, description=f"Perf contributor {n}")
    commitment = f.CommitmentLineFactory(budget=budget, order=100 + n, description=f"Perf commitment {n}")
    for quarter in Quarter.objects.filter(plan=world.plan).exclude(state=Quarter.State.FUTURE):
        ContributionMonitoring.objects.create(line=income, quarter=quarter, received_to_date=Decimal("-100"))
        CommitmentMonitoring.objects.create(
            line=commitment, quarter=quarter, spent_to_date=Decimal("100"), forecast_outturn=Decimal("1000")
        )


def _learning(world, lead, n):
    review = world.extras.get("learning_review")
    if review is None:
        return
    admin = world.users["admin"]
    new = learning.LearningReview.objects.create(
        board=world.board,
        kind=learning.LearningReview.Kind.RAPID_REVIEW,
        reference=f"PERF-{n}",
        title=f"Perf review {n}",
        aware_on=datetime.date(2014, 12, 15),
        notified_on=datetime.date(2014, 12, 19),
    )
    restricted = learning.LearningReview.objects.create(
        board=world.board,
        kind=learning.LearningReview.Kind.DHR,
        reference=f"PERF-R-{n}",
        title=f"Perf restricted {n}",
        aware_on=datetime.date(2015, 1, 5),
        restricted=True,
    )
    restricted.named_people.add(admin, world.users["bmg"])
    world.board.closure_days.create(date=datetime.date(2014, 12, 22) + datetime.timedelta(days=n), description="Shut")
    for parent in (review, new, restricted):
        finding = learning.Finding.objects.create(review=parent, number=100 + n, text=f"Finding {n}")
        rec = learning.Recommendation.objects.create(
            review=parent, number=100 + n, text=f"Recommendation {n}", finding=finding, lead=world.lead_person
        )
        rec.plan_actions.set([world.action])
        _learning_history(rec, lead, admin, n)
    recommendation = world.extras.get("learning_recommendation")
    if recommendation is not None:
        _learning_history(recommendation, lead, admin, n)


def _learning_history(rec, lead, admin, n):
    action = learning.RecommendationAction.objects.create(recommendation=rec, description=f"Step {n}", lead=lead)
    learning.RecommendationUpdate.objects.create(
        recommendation=rec, action=action, status="in_progress", note=f"{n}", by=admin
    )
    learning.RecommendationUpdate.objects.create(
        recommendation=rec, status="in_progress", note=f"Progress {n}", by=admin
    )


def _other(world):
    board, plan = world.other_board, world.other_plan
    admin = world.users["other_board_admin"]
    n = next(_serial)
    user = _member(board, [Role.LEAD])
    lead = f.LeadFactory(board=board, name=f"Other Perf Lead {n}", user=user)
    objective = f.ObjectiveFactory(priority=world.other_board_action.objective.priority, order=100 + n)
    new = _actions(objective, [lead])
    _updates(new, admin, lambda a: _open_quarter(plan))
    _snapshots(plan, new)
    _notification(board, admin)


def add_batch(world):
    _home(world)
    _other(world)


def double_the_data(world):
    """A second batch, as big as the first: every list a page shows grows by the same rows again."""
    add_batch(world)
