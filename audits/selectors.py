"""Reads of Section 11 audits: who sees which return, the compliance overview, the questionnaire summary and the
dashboard panel figures. Each read is a fixed number of queries, whatever the number of agencies or standards."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from accounts.access import agency_of
from accounts.roles import Role, has_role

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
    StandardAssessment,
)

# Roles that read every agency's return and the overview. Agency audit contacts read only their own agency's.
OVERVIEW_READERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.AUDIT_COORDINATOR)
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


def compliance_overview(cycle, today=None) -> Overview:
    """Agencies x standards with the rating the board relies on, each return's status and completion, overdue
    returns, and the improvement actions arising."""
    today = today or timezone.localdate()
    standards = list(cycle.standards.all())
    returns = list(
        cycle.returns.select_related("agency").prefetch_related(
            Prefetch("assessments", queryset=StandardAssessment.objects.order_by("standard__order"))
        )
    )
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
        "by_status": [(status.label, statuses[status]) for status in ReturnStatus],
    }
    actions = list(
        ImprovementAction.objects.filter(assessment__agency_return__cycle=cycle)
        .exclude(assessment__agency_return__status=ReturnStatus.DRAFT)
        .select_related("assessment__standard", "assessment__agency_return__agency")
        .order_by("due_date", "id")
    )
    for action in actions:
        action.overdue = action.is_overdue(today)
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
        return {"cycle": None}
    today = min(timezone.localdate(), quarter.end_date)
    statuses = list(cycle.returns.values_list("status", flat=True))
    return {
        "cycle": cycle,
        "required": len(statuses),
        "received": sum(1 for s in statuses if s in RECEIVED_STATUSES),
        "accepted": sum(1 for s in statuses if s == ReturnStatus.ACCEPTED),
        "overdue": sum(1 for s in statuses if s == ReturnStatus.DRAFT) if cycle.deadline < today else 0,
    }


def questionnaire_answered(cycle, user) -> bool:
    """Whether this person has already answered the cycle's questionnaire (once per person per cycle)."""
    return QuestionnaireRespondent.objects.filter(cycle=cycle, user=user).exists()


# ----- the board pack (reporting/panels.py hooks, registered in audits/apps.py) --------------------------------------


def pack_summary(quarter) -> str | None:
    """The Section 11 position at the quarter in one sentence for the pack's executive summary."""
    context = dashboard_panel_context(quarter)
    if context["cycle"] is None:
        return "No Section 11 audit cycle has been opened for this plan."
    overdue = f", {context['overdue']} overdue" if context["overdue"] else ""
    return (
        f"{context['cycle'].title}: {context['received']} of {context['required']} returns received and "
        f"{context['accepted']} accepted{overdue} (due {context['cycle'].deadline:%-d %B %Y})."
    )


def pack_sheets(quarter) -> list[dict]:
    """Each agency's return in the quarter's cycle for the pack's XLSX: status, first submission, deadline."""
    cycle = cycle_for_plan(quarter.plan, quarter.financial_year)
    if cycle is None:
        return []
    returns = cycle.returns.select_related("agency").order_by("agency__name")
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
        }
    ]
