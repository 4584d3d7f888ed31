"""One row of every model the Django admin shows, on either board of the persona world, built on demand.

The admin permission cases (tests/permissions/cases_admin.py) open each admin page with an object of the home board;
the scoping tests (tests/admin/) build the same rows on the other board too, so that any choice, list or page that
leaks across boards has something to leak.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.db.models import Max
from django_tasks_db.models import DBTaskResult

from accounts.models import AuditEvent
from accounts.roles import Role
from annualreport.models import YearlyReport
from audits import services as audit_services
from audits.models import SingleAgencyAudit, ThemedAudit
from budget.models import Budget, CommitmentMonitoring, ContributionMonitoring
from corebusiness.models import CoreMeasureUpdate
from evidence.models import Attachment
from notifications.models import Notification
from notifications.tasks import deliver_notification
from plans.models import CoreMeasure, CoreOutcome, CorePriority, Quarter, QuarterEvent, SurveyResult
from priorities.models import Rag, StatusUpdate, StrategicStage
from reporting.models import ActionSnapshot, Challenge, Indicator

from . import factories as f


def side_of(world, side: str):
    """The rows of one board of the world, under the same names for both boards."""
    if side == "home":
        return SimpleNamespace(
            name="home",
            board=world.board,
            plan=world.plan,
            agency=world.agency,
            priority=world.priority,
            objective=world.objective,
            action=world.action,
            admin=world.users["admin"],
            lead_user=world.users["lead"],
            lead_person=world.lead_person,
        )
    action = world.other_board_action
    return SimpleNamespace(
        name="other",
        board=world.other_board,
        plan=world.other_plan,
        agency=world.get("other:agency", lambda w: f.AgencyFactory(board=w.other_board, name="Other Police")),
        priority=action.objective.priority,
        objective=action.objective,
        action=action,
        admin=world.users["other_board_admin"],
        lead_user=world.get("other:lead_user", _other_lead_user),
        lead_person=world.get("other:lead_person", _other_lead_person),
    )


def _other_lead_user(world):
    user = f.UserFactory(username="otherboardlead", first_name="Ola", last_name="Other", roles=[Role.LEAD])
    f.MembershipFactory(user=user, board=world.other_board)
    return user


def _other_lead_person(world):
    return f.LeadFactory(board=world.other_board, name="Ola Other", user=world.get("other:lead_user", _other_lead_user))


def _quarter(s, state):
    return Quarter.objects.filter(plan=s.plan, state=state).order_by("start_date").first()


def _cycle(s):
    return audit_services.cycle_open(
        board=s.board,
        plan=s.plan,
        title=f"Section 11 audit 2014/15 ({s.name})",
        financial_year=2014,
        deadline=datetime.date(2014, 12, 19),
        agencies=[s.agency],
        user=s.admin,
    )


def _budget(s):
    existing = Budget.objects.filter(plan=s.plan).first()  # e.g. Appendix 2, built by another case of the world
    if existing is not None:
        return existing
    budget = f.BudgetFactory(plan=s.plan)
    f.IncomeLineFactory(budget=budget, agency=s.agency, description=f"Contribution ({s.name})")
    f.CommitmentLineFactory(budget=budget, description=f"Commitment ({s.name})")
    return budget


def _next(queryset):
    """The next free `order` (other cases of the same world may have added rows of the model already)."""
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


def _core_priority(s):
    return CorePriority.objects.create(
        plan=s.plan, order=_next(CorePriority.objects.filter(plan=s.plan)), title=f"Core priority ({s.name})"
    )


BUILDERS = {
    "auth.user": lambda s, get: s.lead_user,
    "auth.group": lambda s, get: Group.objects.get(name=Role.LEAD.value),
    "axes.accessattempt": lambda s, get: AccessAttempt.objects.create(
        username="someone",
        ip_address="127.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    ),
    "axes.accesslog": lambda s, get: AccessLog.objects.create(
        username="someone", ip_address="127.0.0.1", user_agent="test", http_accept="*/*", path_info="/"
    ),
    "axes.accessfailurelog": lambda s, get: AccessFailureLog.objects.create(
        username="someone", ip_address="127.0.0.1", user_agent="test", http_accept="*/*", path_info="/"
    ),
    "accounts.auditevent": lambda s, get: AuditEvent.objects.create(kind=AuditEvent.Kind.SIGN_IN, username="someone"),
    "plans.board": lambda s, get: s.board,
    "plans.agency": lambda s, get: s.agency,
    "plans.businessplan": lambda s, get: s.plan,
    "plans.surveyresult": lambda s, get: SurveyResult.objects.create(
        plan=s.plan,
        order=_next(SurveyResult.objects.filter(plan=s.plan)),
        area=f"Neglect ({s.name})",
        response_percent=Decimal("50.0"),
        response_count=10,
    ),
    "plans.lead": lambda s, get: s.lead_person,
    "plans.corepriority": lambda s, get: get("plans.corepriority", _core_priority),
    "plans.coremeasure": lambda s, get: CoreMeasure.objects.create(
        core_priority=get("plans.corepriority", _core_priority), order=1, text=f"Measure ({s.name})"
    ),
    "plans.coreoutcome": lambda s, get: CoreOutcome.objects.create(
        core_priority=get("plans.corepriority", _core_priority), order=1, text=f"Outcome ({s.name})"
    ),
    "priorities.strategicstage": lambda s, get: StrategicStage.objects.order_by("order").first(),
    "priorities.priority": lambda s, get: s.priority,
    "priorities.objective": lambda s, get: s.objective,
    "priorities.action": lambda s, get: s.action,
    "priorities.statusupdate": lambda s, get: StatusUpdate.objects.create(
        action=s.action,
        quarter=_quarter(s, Quarter.State.OPEN),
        author=s.lead_user,
        rag_before=Rag.NOT_STARTED,
        rag=Rag.AMBER,
        commentary="On track but late",
    ),
    "corebusiness.coremeasureupdate": lambda s, get: CoreMeasureUpdate.objects.create(
        measure=CoreMeasure.objects.create(
            core_priority=get("plans.corepriority", _core_priority), order=99, text=f"Updated measure ({s.name})"
        ),
        quarter=_quarter(s, Quarter.State.OPEN),
        author=s.lead_user,
        rag_before=Rag.NOT_STARTED,
        rag=Rag.GREEN,
        commentary="On track",
    ),
    "plans.quarter": lambda s, get: _quarter(s, Quarter.State.CLOSED),
    "plans.quarterevent": lambda s, get: QuarterEvent.objects.create(
        quarter=_quarter(s, Quarter.State.CLOSED), kind=QuarterEvent.Kind.CLOSED, by=s.admin
    ),
    "reporting.actionsnapshot": lambda s, get: ActionSnapshot.objects.create(
        quarter=_quarter(s, Quarter.State.CLOSED),
        action=s.action,
        priority=s.priority,
        reference=s.action.reference,
        rag=Rag.GREEN,
    ),
    "reporting.challenge": lambda s, get: Challenge.objects.create(
        quarter=_quarter(s, Quarter.State.OPEN), action=s.action, author=s.admin, text="Why is this late?"
    ),
    "reporting.indicator": lambda s, get: Indicator.objects.create(
        plan=s.plan,
        order=_next(Indicator.objects.filter(plan=s.plan)),
        name=f"Children missing from care ({s.name})",
        good_direction=Indicator.Direction.LOWER,
    ),
    "audits.auditcycle": lambda s, get: get("audits.auditcycle", _cycle),
    "audits.agencyreturn": lambda s, get: get("audits.auditcycle", _cycle).returns.get(),
    "audits.themedaudit": lambda s, get: ThemedAudit.objects.create(
        board=s.board, theme=f"Neglect ({s.name})", scope="Twelve cases", commissioned_on=datetime.date(2014, 7, 1)
    ),
    "evidence.attachment": lambda s, get: Attachment.objects.create(
        board=s.board,
        record=get("audits.auditcycle", _cycle).returns.get(),
        url="https://sharepoint.example.org/policy.docx",
        title=f"Safeguarding policy ({s.name})",
        uploaded_by=s.lead_user,
    ),
    "audits.singleagencyaudit": lambda s, get: SingleAgencyAudit.objects.create(
        board=s.board,
        agency=s.agency,
        topic=f"Missing children ({s.name})",
        reported_on=datetime.date(2014, 10, 1),
        summary_of_findings="Return interviews were offered.",
    ),
    "budget.budget": lambda s, get: get("budget.budget", _budget),
    "budget.commitmentmonitoring": lambda s, get: CommitmentMonitoring.objects.get_or_create(
        line=get("budget.budget", _budget).commitment_lines.first(),
        quarter=_quarter(s, Quarter.State.CLOSED),
        defaults={"spent_to_date": Decimal("100.00"), "forecast_outturn": Decimal("1000.00")},
    )[0],
    "budget.contributionmonitoring": lambda s, get: ContributionMonitoring.objects.get_or_create(
        line=get("budget.budget", _budget).income_lines.first(),
        quarter=_quarter(s, Quarter.State.CLOSED),
        defaults={"received_to_date": Decimal("-500.00")},
    )[0],
    "annualreport.yearlyreport": lambda s, get: YearlyReport.objects.create(
        board=s.board,
        template="adults",
        title=f"Yearly report 2010/11 ({s.name})",
        period_start=datetime.date(2010, 4, 1),
        period_end=datetime.date(2011, 3, 31),
    ),
    "notifications.notification": lambda s, get: Notification.objects.create(
        board=s.board,
        kind=Notification.Kind.ACTION_ALERT,
        recipient=s.admin,
        email=s.admin.email,
        subject=f"CSE-01 is now Red ({s.name})",
        body="The action turned Red.",
        dedupe_key=f"admin-world:{s.name}",
    ),
    "django_tasks_database.dbtaskresult": lambda s, get: DBTaskResult.objects.get(
        id=deliver_notification.enqueue(0).id
    ),
}


# Rows of no board (the platform operator's, and rows every board shares): one for both sides.
BOARDLESS = {
    "auth.group",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "accounts.auditevent",
    "priorities.strategicstage",
    "django_tasks_database.dbtaskresult",
}


def admin_object(world, label: str, side: str = "home"):
    """The row of model `label` ("app_label.modelname") on one board of the world, built once per test."""
    if label in BOARDLESS:
        side = "home"
    s = side_of(world, side)

    def get(name, build):
        return world.get(f"admin:{side}:{name}:base", lambda w: build(s))

    return world.get(f"admin:{side}:{label}", lambda w: BUILDERS[label](s, get))


def every_admin_object(world, side: str):
    return {label: admin_object(world, label, side) for label in BUILDERS}
