"""Findings as tracked work: the services and reads of an improvement action (of a Section 11 return) or a
recommendation (of a themed audit), together called a finding.

A finding has an owner (a lead of the plan, person or group, else free text), a due date and a status. Its status
(`ImprovementAction.progress` / `Recommendation.rag`) and `progress_note` are caches of its latest append-only
`FindingUpdate`, written only by `finding_update_record` in the same transaction. A finding stays open after its return
is accepted until it is Complete: updates do not depend on the return's workflow.

Who may update a finding (`can_update_finding`): a user linked to the owner Lead (their person-Lead, or a group they
belong to: `priorities.rules.lead_ids_for`), the audit coordinator, the board administrator, and for an improvement
action the agency's audit contact. Nobody from another board.

Every read here is a fixed number of queries, whatever the number of findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.access import agency_of, board_of
from accounts.roles import Role, has_role
from plans.models import Lead
from priorities.models import Action, Rag
from priorities.my_work import MyWorkItem, MyWorkSection
from priorities.related import RelatedItem, RelatedSection
from priorities.rules import lead_ids_for

from .models import FindingUpdate, ImprovementAction, Recommendation, ReturnStatus, ThemedAudit

NOTE_MAX_LENGTH = 3000

# Returns whose improvement actions are agreed work: a draft is still the agency's proposal, and a withdrawn return no
# longer counts (the overview lists actions from received returns for the same reason).
NOT_TRACKED_STATUSES = (ReturnStatus.DRAFT, ReturnStatus.WITHDRAWN)

# Roles that read every finding of the board (the readers of the overview and of themed audits).
FINDING_READERS = (
    Role.BOARD_ADMIN,
    Role.BMG_MEMBER,
    Role.BOARD_MEMBER,
    Role.AUDIT_COORDINATOR,
    Role.SCRUTINEER,
)

IMPROVEMENT_ACTION_RELATED = (
    "owner_lead",
    "assessment__standard",
    "assessment__agency_return__agency",
    "assessment__agency_return__cycle",
)
RECOMMENDATION_RELATED = ("owner_lead", "themed_audit")


# ----- what a finding is ----------------------------------------------------------------------------------------------


def is_improvement_action(finding) -> bool:
    return isinstance(finding, ImprovementAction)


def status_of(finding) -> str:
    """The finding's cached status, a Rag code (the two models name the field differently)."""
    return finding.progress if is_improvement_action(finding) else finding.rag


def status_field(finding) -> str:
    return "progress" if is_improvement_action(finding) else "rag"


def board_id_of(finding) -> int:
    if is_improvement_action(finding):
        return finding.assessment.agency_return.cycle.board_id
    return finding.themed_audit.board_id


def kind_label(finding) -> str:
    return "Section 11 improvement action" if is_improvement_action(finding) else "Themed audit recommendation"


def title_of(finding) -> str:
    return finding.description if is_improvement_action(finding) else finding.text


def source_of(finding) -> str:
    """Where the finding came from, in words: the agency, cycle and standard, or the themed audit."""
    if is_improvement_action(finding):
        agency_return = finding.assessment.agency_return
        return f"{agency_return.agency.name}, {agency_return.cycle.title}: {finding.assessment.standard.title}"
    return f"Themed audit: {finding.themed_audit.theme}"


def reference_of(finding) -> str:
    """A short, stable reference for tables and the pack (the standard's number, or the audit's)."""
    if is_improvement_action(finding):
        agency_return = finding.assessment.agency_return
        return f"S11 {agency_return.agency.name} {finding.assessment.standard.order}.{finding.pk}"
    return f"TA {finding.themed_audit_id}.{finding.pk}"


def url_of(finding) -> str:
    if is_improvement_action(finding):
        return reverse("audits:finding_improvement_action", args=[finding.pk])
    return reverse("audits:finding_recommendation", args=[finding.pk])


def update_filter(finding) -> dict:
    """The FindingUpdate lookup for this finding."""
    return {"improvement_action": finding} if is_improvement_action(finding) else {"recommendation": finding}


# ----- who may do what ------------------------------------------------------------------------------------------------


def _is_agency_contact_of(user, finding) -> bool:
    if not is_improvement_action(finding) or not has_role(user, Role.AGENCY_AUDIT_CONTACT):
        return False
    agency = agency_of(user)
    return agency is not None and agency.pk == finding.assessment.agency_return.agency_id


def _owns(user, finding) -> bool:
    return finding.owner_lead_id is not None and finding.owner_lead_id in lead_ids_for(user)


def can_see_finding(user, finding) -> bool:
    """Readers of the board, the owner's users and (improvement action) the agency's audit contact."""
    board = board_of(user)
    if board is None or board.pk != board_id_of(finding):
        return False
    return has_role(user, *FINDING_READERS) or _owns(user, finding) or _is_agency_contact_of(user, finding)


def can_update_finding(user, finding) -> bool:
    """The owner's users, the audit coordinator, the board administrator and (improvement action) the agency's audit
    contact; nobody from another board."""
    board = board_of(user)
    if board is None or board.pk != board_id_of(finding):
        return False
    if has_role(user, Role.AUDIT_COORDINATOR, Role.BOARD_ADMIN):
        return True
    return _owns(user, finding) or _is_agency_contact_of(user, finding)


# ----- owner and plan-action links ------------------------------------------------------------------------------------


def owner_leads(board):
    """The leads a finding may be given to: the board's own, people and groups, by name."""
    return Lead.objects.filter(board=board).order_by("name")


def linkable_plan_actions(board):
    """The plan actions a finding may feed: the actions of the board's plans (the form offers the current plan's)."""
    return Action.objects.filter(objective__priority__plan__board=board)


def check_links(*, board_id: int, owner_lead, plan_actions) -> None:
    """Refuse an owner or plan action of another board (ValidationError by field): the forms only offer the board's
    own, and this rule holds for every caller (commands, the admin, tests)."""
    errors = {}
    if owner_lead is not None and owner_lead.board_id != board_id:
        errors["owner_lead"] = ["Select a lead of this board"]
    if plan_actions is not None:
        ids = {action.pk for action in plan_actions}
        if ids and Action.objects.filter(pk__in=ids, objective__priority__plan__board_id=board_id).count() != len(ids):
            errors["plan_actions"] = ["Select plan actions of this board"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def recommendation_save(*, themed_audit, recommendation=None, plan_actions=None, **fields) -> Recommendation:
    """Create or edit a recommendation's description, owner and due date, and set the plan actions it feeds. Its status
    is not a field here: it changes only through `finding_update_record`."""
    check_links(board_id=themed_audit.board_id, owner_lead=fields.get("owner_lead"), plan_actions=plan_actions)
    recommendation = recommendation or Recommendation(themed_audit=themed_audit)
    for name, value in fields.items():
        setattr(recommendation, name, value)
    recommendation.save()
    if plan_actions is not None:
        recommendation.plan_actions.set(plan_actions)
    return recommendation


# ----- progress updates -----------------------------------------------------------------------------------------------


class StaleFindingError(Exception):
    """Someone else recorded an update after the form was opened: nothing was saved. `updates` are the updates made
    since the version the user saw, newest first; `finding` is the fresh finding."""

    def __init__(self, *, finding, updates):
        self.finding = finding
        self.updates = updates
        super().__init__("Someone else updated this finding while you were editing")


def finding_update_errors(*, current: str, rag: str, note: str) -> dict[str, list[str]]:
    """The rules an update must meet, as GOV.UK error messages by field (those of a plan action's status update:
    Red and Amber need a note, so does any change of status, Complete included). An update that changes nothing
    needs a note, else it records nothing."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    note = (note or "").strip()
    if rag not in Rag.values:
        add("rag", "Select the status of the finding")
    elif not note:
        label = Rag(rag).label.lower()
        if rag in (Rag.RED, Rag.AMBER):
            add("note", f"Enter a note explaining why the finding is {label}")
        elif rag != current:
            add("note", f"Enter a note explaining why the status has changed to {label}")
        else:
            add("note", "Enter a note on progress, or change the status")
    if len(note) > NOTE_MAX_LENGTH:
        add("note", f"Note must be {NOTE_MAX_LENGTH} characters or fewer")
    return errors


def latest_update(finding):
    return FindingUpdate.objects.filter(**update_filter(finding)).order_by("-created_at", "-id").first()


@transaction.atomic
def finding_update_record(
    *,
    finding,
    user,
    rag: str,
    note: str,
    expected_latest_id: int | None = None,
    created_at=None,
    is_demo: bool = False,
) -> FindingUpdate:
    """Append a FindingUpdate to `finding` and refresh its cached status and note in the same transaction.

    `expected_latest_id` is the id of the latest update the person saw when they opened the form (0 for none); when
    someone else has updated since, StaleFindingError is raised and nothing changes. None skips the check (the demo
    data, written by code). Bad input raises ValidationError by field. A signed-in `user` must be allowed to update
    it (`can_update_finding`), else PermissionDenied; the return's status does not matter, so a finding of an
    accepted return stays open until it is Complete.
    """
    model = type(finding)
    related = IMPROVEMENT_ACTION_RELATED if is_improvement_action(finding) else RECOMMENDATION_RELATED
    # Lock the finding's row (`of=self`: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join, the
    # owner) so that two saves run one after the other and the second sees the first's update.
    locked = model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=finding.pk)
    if user is not None and not can_update_finding(user, locked):
        raise PermissionDenied("You cannot update this finding.")
    latest = latest_update(locked)
    if expected_latest_id is not None and int(expected_latest_id) != (latest.pk if latest else 0):
        newer = list(
            FindingUpdate.objects.filter(**update_filter(locked), pk__gt=int(expected_latest_id))
            .select_related("author")
            .order_by("-created_at", "-id")
        )
        raise StaleFindingError(finding=locked, updates=newer)

    note = (note or "").strip()
    current = status_of(locked)
    errors = finding_update_errors(current=current, rag=rag, note=note)
    if errors:
        raise ValidationError(errors)
    created_at = created_at or timezone.now()
    if latest is not None and created_at < latest.created_at:
        # The cache is the newest update's; an older one would make the cache and the log disagree.
        raise ValidationError("Updates are recorded in date order: this one is older than the latest.")

    update = FindingUpdate.objects.create(
        **update_filter(locked),
        author=user,
        created_at=created_at,
        rag_before=current,
        rag=rag,
        note=note,
        is_demo=is_demo,
    )
    model.objects.filter(pk=locked.pk).update(**{status_field(locked): rag, "progress_note": note})
    setattr(finding, status_field(finding), rag)
    finding.progress_note = note
    return update


# ----- reads: My actions, the dashboard and the pack ------------------------------------------------------------------


@dataclass(frozen=True)
class FindingRow:
    """A finding as the lists show it (My actions, the dashboard panel, the pack's sheet)."""

    finding: object
    reference: str
    kind: str
    title: str
    source: str
    owner: str
    owner_is_group: bool
    due: date
    status: str
    overdue: bool
    url: str
    latest_note: str

    @classmethod
    def of(cls, finding, today):
        status = status_of(finding)
        owner_lead = finding.owner_lead if finding.owner_lead_id else None
        return cls(
            finding=finding,
            reference=reference_of(finding),
            kind=kind_label(finding),
            title=title_of(finding),
            source=source_of(finding),
            owner=finding.owner_name,
            owner_is_group=owner_lead is not None and owner_lead.kind == Lead.Kind.GROUP,
            due=finding.due_date,
            status=status,
            overdue=finding.due_date < today and status != Rag.COMPLETE,
            url=url_of(finding),
            latest_note=finding.progress_note,
        )


def improvement_actions_of(board):
    """The board's tracked improvement actions (received returns, not withdrawn), with what a row shows."""
    return (
        ImprovementAction.objects.filter(assessment__agency_return__cycle__board=board)
        .exclude(assessment__agency_return__status__in=NOT_TRACKED_STATUSES)
        .select_related(*IMPROVEMENT_ACTION_RELATED)
    )


def open_improvement_actions_of(board):
    """Those still open: not Complete, and not carried forward into a later cycle (the copy is tracked instead)."""
    carried = ImprovementAction.objects.filter(carried_from=OuterRef("pk"))
    return improvement_actions_of(board).exclude(progress=Rag.COMPLETE).exclude(Exists(carried))


def recommendations_of(board):
    return Recommendation.objects.filter(themed_audit__board=board).select_related(*RECOMMENDATION_RELATED)


def _rows(querysets, today):
    rows = [FindingRow.of(finding, today) for queryset in querysets for finding in queryset]
    return sorted(rows, key=lambda row: (row.due, row.reference))


def findings_for_lead(board, lead_ids, today=None) -> list[FindingRow]:
    """The open findings of `board` owned by one of `lead_ids` (a person-Lead or a group), due first. Two queries."""
    today = today or timezone.localdate()
    if not lead_ids:
        return []
    lead_ids = set(lead_ids)

    def latest(field):
        # The latest update's time, in the same query (My actions says when it was last updated).
        updates = FindingUpdate.objects.filter(**{field: OuterRef("pk")}).order_by("-created_at", "-id")
        return Subquery(updates.values("created_at")[:1])

    return _rows(
        [
            open_improvement_actions_of(board)
            .filter(owner_lead_id__in=lead_ids)
            .annotate(last_update_at=latest("improvement_action")),
            recommendations_of(board)
            .filter(owner_lead_id__in=lead_ids)
            .exclude(rag=Rag.COMPLETE)
            .annotate(last_update_at=latest("recommendation")),
        ],
        today,
    )


def overdue_findings(board, today=None) -> list[FindingRow]:
    """The findings of `board` past their due date and not complete, most overdue first. Two queries."""
    today = today or timezone.localdate()
    return _rows(
        [
            open_improvement_actions_of(board).filter(due_date__lt=today),
            recommendations_of(board).filter(due_date__lt=today).exclude(rag=Rag.COMPLETE),
        ],
        today,
    )


def open_findings_count(board) -> int:
    """How many findings of `board` are open (not Complete, not carried forward). Two queries."""
    return open_improvement_actions_of(board).count() + recommendations_of(board).exclude(rag=Rag.COMPLETE).count()


def all_findings(board, today=None, *, created_by=None) -> list[FindingRow]:
    """Every tracked finding of `board` (created by `created_by`, a datetime, when given), with the plan actions each
    feeds prefetched (`row.finding.plan_actions.all()`). Four queries."""
    today = today or timezone.localdate()
    actions = Prefetch("plan_actions", queryset=Action.objects.order_by("reference"))
    improvement, recommendations = improvement_actions_of(board), recommendations_of(board)
    if created_by is not None:
        improvement = improvement.filter(created_at__lte=created_by)
        recommendations = recommendations.filter(created_at__lte=created_by)
    return _rows([improvement.prefetch_related(actions), recommendations.prefetch_related(actions)], today)


def findings_of_action(action, today=None) -> list[FindingRow]:
    """The findings that feed a plan action (its page lists them). Two queries."""
    today = today or timezone.localdate()
    board = action.objective.priority.plan.board
    return _rows(
        [
            improvement_actions_of(board).filter(plan_actions=action),
            recommendations_of(board).filter(plan_actions=action),
        ],
        today,
    )


@transaction.atomic
def improvement_action_save(*, assessment, action=None, plan_actions=None, **fields) -> ImprovementAction:
    """Create or edit an improvement action's description, owner and due date (only while its return is editable, as
    `audits.services.improvement_action_save`), and set the plan actions it feeds. Its progress is not a field here:
    it changes only through `finding_update_record`, whatever the return's status. (Not a call to that service:
    audits.services imports this module through carry_forward.)"""
    if not assessment.agency_return.is_editable:
        raise ValidationError("This return is with the audit coordinator and cannot be changed now.")
    board_id = assessment.agency_return.cycle.board_id
    check_links(board_id=board_id, owner_lead=fields.get("owner_lead"), plan_actions=plan_actions)
    action = action or ImprovementAction(assessment=assessment)
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    if plan_actions is not None:
        action.plan_actions.set(plan_actions)
    return action


# ----- the plan's pages and My actions (priorities/my_work.py and priorities/related.py, registered in apps.py) -------


def my_work_section(user, *, board, lead_ids) -> MyWorkSection | None:
    """My actions: the open findings the user owns directly or through a group, due first. Two queries (the
    latest update's date is the finding's own cache: none is read here)."""
    rows = findings_for_lead(board, lead_ids)
    if not rows:
        return None
    items = [
        MyWorkItem(
            title=row.title[:70],
            url=row.url,
            detail=f"{'Overdue. ' if row.overdue else ''}{row.kind}: {row.source}",
            status=row.status,
            due=row.due,
            update_url=row.url,
            updated_on=timezone.localtime(at).date() if (at := row.finding.last_update_at) else None,
            through=(row.owner,) if row.owner_is_group else (),
        )
        for row in rows
    ]
    return MyWorkSection(
        key="findings",
        heading="Section 11 and audit findings",
        items=items,
        intro="Improvement actions and themed audit recommendations you own, open until they are complete.",
    )


def action_related_section(action, *, user) -> RelatedSection | None:
    """The action's page: the findings that feed it, linked for those who may open them. Two queries."""
    rows = findings_of_action(action)
    if not rows:
        return None
    items = [
        RelatedItem(
            title=row.title,
            url=row.url if can_see_finding(user, row.finding) else "",
            kind=row.kind,
            detail=f"{row.source}. Owner: {row.owner or 'not set'}",
            status=row.status,
            due=row.due,
            overdue=row.overdue,
        )
        for row in rows
    ]
    return RelatedSection(key="findings", heading="Section 11 and audit findings", items=items)


def priority_related_section(priority, *, user) -> RelatedSection | None:
    """The priority's page: the themed audits marked as informing it. One query."""
    audits = list(
        ThemedAudit.objects.filter(board_id=priority.plan.board_id, priorities=priority).order_by("-commissioned_on")
    )
    if not audits:
        return None
    readable = has_role(user, *FINDING_READERS)
    items = [
        RelatedItem(
            title=audit.theme,
            url=reverse("audits:themed_detail", args=[audit.pk]) if readable else "",
            kind="Multi-agency themed audit",
            detail=audit.scope[:120],
            status_text=(
                f"Reported {audit.reported_on:%-d %B %Y}"
                if audit.reported_on
                else f"Commissioned {audit.commissioned_on:%-d %B %Y}"
            ),
        )
        for audit in audits
    ]
    return RelatedSection(key="themed", heading="Themed audits informing this priority", items=items)
