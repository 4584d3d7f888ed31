"""Carry forward: a new Section 11 cycle starts each agency's return from its accepted return of an earlier cycle of
the same board, so that partners confirm or change last time's answers instead of re-typing them.

For each agency of the new cycle with an accepted return in the source cycle:
- the new return records `carried_from`;
- each assessment whose standard has the same title (ignoring case and surrounding spaces) copies the self-rating and
  evidence and is marked `carried_forward` until the agency confirms or changes it (`services.assessment_confirm`,
  `services.assessment_update`); a return cannot be submitted while one is unconfirmed. Moderation is not copied: it
  judged the old return;
- each improvement action still open there (not Complete) is copied onto the new assessment with `carried_from` set.

Decision (nothing tracked twice): the old improvement action is *closed by carrying it forward*. Its progress is left
as it was (not Complete: the work is not done) and an append-only FindingUpdate records "Carried forward to <new
cycle>" with the same status before and after. From then on its tracking continues on the copy only: an action with a
`carried_to` copy is not open (`open_improvement_actions` leaves it out; the old cycle's overview shows "Carried
forward to <cycle>" instead of Overdue) and cannot be carried forward a second time.

The FindingUpdate goes through `audits.findings.finding_update_record` (which also refreshes the old action's cached
progress note), in the same transaction as the copy.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef

from priorities.models import Rag

# A module import, not a name: findings imports services, which imports this module.
from . import findings
from .models import AgencyReturn, AuditCycle, ImprovementAction, ReturnStatus, StandardAssessment


def _key(title):
    return " ".join(title.split()).casefold()


def open_improvement_actions(queryset=None):
    """Improvement actions still to be tracked: not Complete and not carried forward into a later cycle."""
    queryset = ImprovementAction.objects.all() if queryset is None else queryset
    return queryset.exclude(progress=Rag.COMPLETE).exclude(
        Exists(ImprovementAction.objects.filter(carried_from=OuterRef("pk")))
    )


def earlier_cycles(board, exclude=None):
    """The board's cycles a new cycle may carry forward from: those with at least one accepted return."""
    cycles = AuditCycle.objects.filter(board=board, returns__status=ReturnStatus.ACCEPTED).distinct()
    if exclude is not None:
        cycles = cycles.exclude(pk=exclude.pk)
    return cycles.order_by("-financial_year", "-id")


@transaction.atomic
def carry_forward(*, cycle, source, user=None) -> list[AgencyReturn]:
    """Start the returns of `cycle` from the accepted returns of `source` (an earlier cycle of the same board).
    Returns the returns carried forward. Only draft returns not yet carried forward are touched, so running it twice
    copies nothing twice."""
    if source.board_id != cycle.board_id or source.pk == cycle.pk:
        raise ValueError("A cycle carries forward only from another cycle of the same board.")
    accepted = {
        r.agency_id: r
        for r in AgencyReturn.objects.filter(cycle=source, status=ReturnStatus.ACCEPTED).prefetch_related(
            "assessments__standard", "assessments__actions"
        )
    }
    carried = []
    targets = cycle.returns.filter(status=ReturnStatus.DRAFT, carried_from__isnull=True).prefetch_related(
        "assessments__standard"
    )
    for new_return in targets:
        old_return = accepted.get(new_return.agency_id)
        if old_return is None:
            continue
        new_return.carried_from = old_return
        new_return.save(update_fields=["carried_from"])
        _copy_assessments(old_return, new_return, cycle=cycle, user=user)
        carried.append(new_return)
    return carried


def _copy_assessments(old_return, new_return, *, cycle, user):
    old_by_title = {_key(a.standard.title): a for a in old_return.assessments.all()}
    for assessment in new_return.assessments.all():
        old = old_by_title.get(_key(assessment.standard.title))
        if old is None or not old.self_rating:
            continue
        assessment.self_rating = old.self_rating
        assessment.evidence = old.evidence
        assessment.carried_forward = True
        assessment.save(update_fields=["self_rating", "evidence", "carried_forward"])
        _carry_actions(old, assessment, cycle=cycle, user=user)


def _carry_actions(old_assessment, new_assessment: StandardAssessment, *, cycle, user):
    still_open = open_improvement_actions(ImprovementAction.objects.filter(assessment=old_assessment)).prefetch_related(
        "plan_actions"
    )
    for old in still_open:
        new = ImprovementAction.objects.create(
            assessment=new_assessment,
            description=old.description,
            owner=old.owner,
            owner_lead=old.owner_lead,
            due_date=old.due_date,
            progress=old.progress,
            progress_note=old.progress_note,
            carried_from=old,
        )
        new.plan_actions.set(old.plan_actions.all())
        # Status unchanged on purpose: the work is not done, it is now tracked on the copy.
        findings.finding_update_record(
            finding=old, user=user, rag=old.progress, note=f"Carried forward to {cycle.title}"
        )
