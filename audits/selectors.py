"""Reads of Section 11 audits: who sees which return, the compliance overview, the questionnaire summary and the
dashboard panel figures. Each read is a fixed number of queries, whatever the number of agencies or standards."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from accounts.access import agency_of
from accounts.roles import Role, has_role

from .findings import all_findings, open_findings_count, overdue_findings
from .models import (
    RECEIVED_STATUSES,
    AgencyReturn,
    Answer,
    AuditCycle,
    ImprovementAction,
    QuestionnaireAnswer,
    QuestionnaireRespondent,
    QuestionnaireResponse,
    Rating,
    ReturnStatus,
    SingleAgencyAudit,
    StandardAssessment,
)

# Roles that read every agency's return and the overview. Agency audit contacts read only their own agency's.
OVERVIEW_READERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.AUDIT_COORDINATOR, Role.SCRUTINEER)
RETURN_READERS = (*OVERVIEW_READERS, Role.AGENCY_AUDIT_CONTACT)
# Fewer answers than this from one agency are not broken down by agency, so that nobody can be identified.
ANONYMITY_THRESHOLD = 3


def _contact_agency(user):
    """The agency whose return an agency audit contact may see; None for anyone else or a contact with no agency."""
    return agency_of(user) if has_role(user, Role.AGENCY_AUDIT_CONTACT) else None


def returns_visible_to(user, board):
    """The returns this user may see: every return of the board for readers, only their own agency's for an agency
    audit contact (none when their account has no agency). The return list shows exactly these."""
    returns = AgencyReturn.objects.filter(cycle__board=board)
    if has_role(user, *OVERVIEW_READERS):
        return returns
    agency = _contact_agency(user)
    return returns.filter(agency=agency) if agency is not None else returns.none()


def can_see_return(user, agency_return):
    """The rule of `returns_visible_to` for one return already looked up on the user's board. Every return URL checks
    it (views.common.get_return), so another agency's return is a 404 for an agency audit contact."""
    if has_role(user, *OVERVIEW_READERS):
        return True
    agency = _contact_agency(user)
    return agency is not None and agency_return.agency_id == agency.pk


@dataclass
class AgencyRow:
    agency_return: AgencyReturn
    cells: list  # StandardAssessment per standard, in standard order
    overdue: bool
    completed: int


@dataclass
class Overview:
    cycle: AuditCycle
    standards: list
    rows: list
    counts: dict
    rating_counts: list = field(default_factory=list)  # per standard: {rating: count}
    actions: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)  # returns of agencies removed from the cycle, counted nowhere


def compliance_overview(cycle, today=None) -> Overview:
    """Agencies x standards with the rating the board relies on, each return's status and completion, overdue
    returns, and the improvement actions arising."""
    today = today or timezone.localdate()
    standards = list(cycle.standards.all())
    every_return = list(
        cycle.returns.select_related("agency").prefetch_related(
            Prefetch("assessments", queryset=StandardAssessment.objects.order_by("standard__order"))
        )
    )
    # A withdrawn return (its agency removed from the cycle) is listed apart and left out of every figure.
    returns = [r for r in every_return if r.status != ReturnStatus.WITHDRAWN]
    withdrawn = [r for r in every_return if r.status == ReturnStatus.WITHDRAWN]
    rows = []
    rating_counts = [Counter() for _ in standards]
    index = {standard.pk: i for i, standard in enumerate(standards)}
    for agency_return in returns:
        agency_return.cycle = cycle
        cells = [None] * len(standards)
        for assessment in agency_return.assessments.all():
            i = index[assessment.standard_id]
            cells[i] = assessment
            if agency_return.is_received and assessment.rating:
                rating_counts[i][assessment.rating] += 1
        rows.append(
            AgencyRow(
                agency_return=agency_return,
                cells=cells,
                overdue=agency_return.is_overdue(today),
                completed=sum(1 for c in cells if c is not None and c.is_complete),
            )
        )
    statuses = Counter(r.status for r in returns)
    counts = {
        "required": len(returns),
        "received": sum(statuses[s] for s in RECEIVED_STATUSES),
        "accepted": statuses[ReturnStatus.ACCEPTED],
        "challenged": statuses[ReturnStatus.CHALLENGED],
        "overdue": sum(1 for row in rows if row.overdue),
        "by_status": [(status.label, statuses[status]) for status in ReturnStatus if status != ReturnStatus.WITHDRAWN],
    }
    actions = list(
        ImprovementAction.objects.filter(assessment__agency_return__cycle=cycle)
        .exclude(assessment__agency_return__status__in=[ReturnStatus.DRAFT, ReturnStatus.WITHDRAWN])
        .select_related("assessment__standard", "assessment__agency_return__agency", "owner_lead")
        # An action carried forward into a later cycle is tracked there (audits.carry_forward): say where.
        .annotate(
            carried_to_cycle=Subquery(
                ImprovementAction.objects.filter(carried_from=OuterRef("pk")).values(
                    "assessment__agency_return__cycle__title"
                )[:1]
            )
        )
        .order_by("due_date", "id")
    )
    for action in actions:
        action.overdue = action.is_overdue(today) and not action.carried_to_cycle
    return Overview(
        cycle=cycle,
        standards=standards,
        rows=rows,
        counts=counts,
        rating_counts=[
            {"standard": s, "counts": [(rating.label, rating_counts[i][rating]) for rating in Rating]}
            for i, s in enumerate(standards)
        ],
        actions=actions,
        withdrawn=withdrawn,
    )


def _percent(part, whole):
    return round(100 * part / whole) if whole else 0


def questionnaire_summary(cycle):
    """Per question: counts and whole percentages of Yes, No and Don't know; and per agency the number of responses,
    with a per-agency breakdown only where enough people answered to stay anonymous."""
    questions = list(cycle.questions.all())
    counts = Counter(
        (row["question_id"], row["answer"])
        for row in QuestionnaireAnswer.objects.filter(question__cycle=cycle).values("question_id", "answer")
    )
    rows = []
    for question in questions:
        total = sum(counts[(question.pk, a)] for a in Answer)
        rows.append(
            {
                "question": question,
                "total": total,
                "answers": [
                    {
                        "label": a.label,
                        "count": counts[(question.pk, a)],
                        "percent": _percent(counts[(question.pk, a)], total),
                    }
                    for a in Answer
                ],
            }
        )
    per_agency = Counter(QuestionnaireResponse.objects.filter(cycle=cycle).values_list("agency__name", flat=True))
    agencies = [
        {"name": name, "responses": n, "shown": n >= ANONYMITY_THRESHOLD} for name, n in sorted(per_agency.items())
    ]
    return {"questions": rows, "responses": sum(per_agency.values()), "agencies": agencies}


def cycle_for_plan(plan, financial_year=None):
    """The cycle a quarter's dashboard reports on: the plan's cycle of that financial year, else its latest."""
    # The board as well as the plan: a cycle is the board's, and a plan of another board must never lend it one.
    cycles = AuditCycle.objects.filter(plan=plan, board_id=plan.board_id).order_by("-financial_year", "-id")
    if financial_year is not None:
        match = cycles.filter(financial_year=financial_year).first()
        if match is not None:
            return match
    return cycles.first()


def dashboard_panel_context(quarter):
    """Returns received, accepted and overdue for the quarter's plan (judged at the quarter's end, or today if
    earlier)."""
    cycle = cycle_for_plan(quarter.plan, quarter.financial_year)
    if cycle is None:
        return {"cycle": None, **findings_panel_context(quarter)}
    today = min(timezone.localdate(), quarter.end_date)
    statuses = list(cycle.returns.exclude(status=ReturnStatus.WITHDRAWN).values_list("status", flat=True))
    return {
        **findings_panel_context(quarter),
        "cycle": cycle,
        "required": len(statuses),
        "received": sum(1 for s in statuses if s in RECEIVED_STATUSES),
        "accepted": sum(1 for s in statuses if s == ReturnStatus.ACCEPTED),
        "overdue": sum(1 for s in statuses if s == ReturnStatus.DRAFT) if cycle.deadline < today else 0,
    }


# How many overdue findings the panel names; the rest are counted and linked to the findings list.
PANEL_FINDINGS = 5


def findings_panel_context(quarter):
    """The board's findings (improvement actions and recommendations) at the quarter: open, and overdue judged at its
    end (or today if earlier), the first few overdue with their owners. Four queries."""
    today = min(timezone.localdate(), quarter.end_date)
    board = quarter.plan.board
    overdue = overdue_findings(board, today)
    return {
        "open_findings": open_findings_count(board),
        "overdue_findings": overdue[:PANEL_FINDINGS],
        "overdue_findings_count": len(overdue),
    }


def questionnaire_answered(cycle, user) -> bool:
    """Whether this person has already answered the cycle's questionnaire (once per person per cycle)."""
    return QuestionnaireRespondent.objects.filter(cycle=cycle, user=user).exists()


# ----- the board pack (reporting/panels.py hooks, registered in audits/apps.py) --------------------------------------


def pack_summary(quarter) -> str | None:
    """The Section 11 position at the quarter in one sentence for the pack's executive summary."""
    context = dashboard_panel_context(quarter)
    findings = _findings_clause(context)
    if context["cycle"] is None:
        return f"No Section 11 audit cycle has been opened for this plan.{findings}"
    overdue = f", {context['overdue']} overdue" if context["overdue"] else ""
    return (
        f"{context['cycle'].title}: {context['received']} of {context['required']} returns received and "
        f"{context['accepted']} accepted{overdue} (due {context['cycle'].deadline:%-d %B %Y}).{findings}"
    )


def _findings_clause(context) -> str:
    """The findings' clause of the pack's sentence (improvement actions and recommendations), "" when none is open."""
    open_count, overdue = context["open_findings"], context["overdue_findings_count"]
    if not open_count:
        return ""
    noun = "finding" if open_count == 1 else "findings"
    return f" {open_count} Section 11 and audit {noun} open, {overdue or 'none'} overdue."


def pack_sheets(quarter) -> list[dict]:
    """Each agency's return in the quarter's cycle for the pack's XLSX (status, first submission, deadline), and the
    board's findings."""
    cycle = cycle_for_plan(quarter.plan, quarter.financial_year)
    if cycle is None:
        return [findings_sheet(quarter)]
    returns = cycle.returns.exclude(status=ReturnStatus.WITHDRAWN).select_related("agency").order_by("agency__name")
    rows = [
        [
            r.agency.name,
            r.get_status_display(),
            timezone.localtime(r.submitted_at).date() if r.submitted_at else None,
            cycle.deadline,
        ]
        for r in returns
    ]
    return [
        {
            "title": "Section 11 returns",
            "header": ["Agency", "Status", "First submitted", "Due"],
            "rows": rows,
            "widths": {"A": 50, "B": 16, "C": 16, "D": 16},
        },
        findings_sheet(quarter),
    ]


def findings_sheet(quarter) -> dict:
    """Every finding of the board created by the quarter's end: reference, finding, owner, due date (a date), status
    (a Rag code, filled by the pack), latest note and the plan actions it feeds. Four queries."""
    end = timezone.make_aware(datetime.datetime.combine(quarter.end_date, datetime.time.max))
    today = min(timezone.localdate(), quarter.end_date)
    rows = [
        [
            row.reference,
            row.title,
            row.owner or "Not set",
            row.due,
            row.status,
            row.latest_note,
            ", ".join(action.reference for action in row.finding.plan_actions.all()),
        ]
        for row in all_findings(quarter.plan.board, today, created_by=end)
    ]
    return {
        "title": "Findings",
        "header": ["Reference", "Finding", "Owner", "Due", "Status", "Latest note", "Plan actions"],
        "rows": rows,
        "widths": {"A": 22, "B": 60, "C": 28, "D": 14, "E": 14, "F": 60, "G": 20},
        "rag_columns": (4,),
    }


def audit_map_removed(board):
    """Audit map entries removed from the board's map, from their history: the last record of each is its removal
    (who and when). Newest removal first."""
    live = SingleAgencyAudit.objects.filter(board=board).values("pk")
    return (
        SingleAgencyAudit.history.filter(board_id=board.pk, history_type="-")
        .exclude(id__in=live)
        .select_related("agency", "history_user")
        .order_by("-history_date", "-history_id")
    )
