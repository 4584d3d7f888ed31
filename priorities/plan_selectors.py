"""Reads of the plan's actions for the plan pages (`plans:`): RAG summaries, the leads directory, a lead's actions.

They count or list the priorities' actions, so they stand on the priorities floor (docs/CONVENTIONS.md, "Floors");
the current plan itself is read by plans.selectors.current_plan_for. Every function takes the board or a plan already
fetched for it, so nothing here can reach another board's data. Each runs a fixed number of queries however many
actions or leads the plan holds (pinned by tests/plans_pages).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from plans.models import Lead

from .models import Action, Rag


@dataclass
class RagCount:
    rag: str
    label: str
    count: int


@dataclass
class RagSummary:
    """Counts of a priority's actions per status (every status listed, zeros included) and how many are overdue."""

    counts: list[RagCount]
    total: int = 0
    overdue: int = 0


def rag_summaries(plan, as_of_date) -> dict[int, RagSummary]:
    """Priority id -> RagSummary for every priority of the plan, in one query; overdue as at `as_of_date` (the
    plan's, plans.quarters.plan_as_of)."""
    today = as_of_date
    rows = (
        Action.objects.filter(objective__priority__plan=plan)
        .values("objective__priority_id", "rag")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=Q(due_date__lt=today) & ~Q(rag=Rag.COMPLETE)),
        )
        .order_by()
    )
    by_priority: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in rows:
        by_priority[row["objective__priority_id"]][row["rag"]] = (row["n"], row["overdue"])
    summaries = {}
    for priority_id in plan.priorities.values_list("id", flat=True):
        found = by_priority.get(priority_id, {})
        counts = [RagCount(rag.value, rag.label, found.get(rag.value, (0, 0))[0]) for rag in Rag]
        summaries[priority_id] = RagSummary(
            counts=counts,
            total=sum(c.count for c in counts),
            overdue=sum(overdue for _, overdue in found.values()),
        )
    return summaries


@dataclass
class LeadEntry:
    """A lead in the directory with the number of the plan's actions they lead, directly and through their groups."""

    lead: Lead
    direct: int = 0
    including_groups: int = 0
    group_names: list[str] = field(default_factory=list)


@dataclass
class AgencyEntry:
    agency: object
    leads: list[LeadEntry]
    actions: int = 0


@dataclass
class LeadsDirectory:
    people: list[LeadEntry]
    groups: list[LeadEntry]
    placeholders: list[LeadEntry]
    agencies: list[AgencyEntry]
    no_agency: list[LeadEntry]


def _plan_lead_links(plan):
    """lead id -> set of the plan's action ids the lead is named on (directly)."""
    links = defaultdict(set)
    pairs = Action.leads.through.objects.filter(action__objective__priority__plan=plan).values_list(
        "lead_id", "action_id"
    )
    for lead_id, action_id in pairs:
        links[lead_id].add(action_id)
    return links


def _group_memberships(board):
    """person id -> list of group ids they belong to."""
    memberships = defaultdict(list)
    pairs = Lead.groups.through.objects.filter(from_lead__board=board).values_list("from_lead_id", "to_lead_id")
    for person_id, group_id in pairs:
        memberships[person_id].append(group_id)
    return memberships


def leads_directory(board, plan) -> LeadsDirectory:
    """Every lead of the board, by kind and by agency, with counts of the plan's actions they lead. Four queries."""
    leads = list(Lead.objects.filter(board=board).select_related("agency").order_by("name"))
    names = {lead.id: lead.name for lead in leads}
    links = _plan_lead_links(plan)
    memberships = _group_memberships(board)
    entries = {}
    for lead in leads:
        direct = links.get(lead.id, set())
        via_groups = set(direct)
        for group_id in memberships.get(lead.id, []):
            via_groups |= links.get(group_id, set())
        entries[lead.id] = LeadEntry(
            lead=lead,
            direct=len(direct),
            including_groups=len(via_groups),
            group_names=sorted(names[g] for g in memberships.get(lead.id, []) if g in names),
        )

    by_kind = defaultdict(list)
    by_agency = defaultdict(list)
    agencies = {}
    no_agency = []
    for lead in leads:
        entry = entries[lead.id]
        by_kind[lead.kind].append(entry)
        if lead.agency_id:
            agencies[lead.agency_id] = lead.agency
            by_agency[lead.agency_id].append(entry)
        elif lead.kind == Lead.Kind.PERSON:
            no_agency.append(entry)
    agency_entries = []
    for agency_id, agency in sorted(agencies.items(), key=lambda item: item[1].name):
        action_ids = set()
        for entry in by_agency[agency_id]:
            action_ids |= links.get(entry.lead.id, set())
        agency_entries.append(AgencyEntry(agency=agency, leads=by_agency[agency_id], actions=len(action_ids)))
    return LeadsDirectory(
        people=by_kind[Lead.Kind.PERSON],
        groups=by_kind[Lead.Kind.GROUP],
        placeholders=by_kind[Lead.Kind.PLACEHOLDER],
        agencies=agency_entries,
        no_agency=no_agency,
    )


def actions_led_by(lead, plan, group_ids):
    """The plan's actions naming the lead or (for a person) one of their groups, with their leads prefetched."""
    return (
        Action.objects.filter(objective__priority__plan=plan)
        .filter(Q(pk__in=Action.leads.through.objects.filter(lead_id__in=[lead.id, *group_ids]).values("action_id")))
        .select_related("objective__priority")
        .prefetch_related("leads")
    )
