"""Import, step 3: creating the new plan from validated rows (rows.py), in bulk and in one transaction.

- Objectives are consecutive rows of a priority with the same strategic approach heading and "What we will do".
- RAG: every imported action starts as Not started. A status is only ever the latest of the append-only status
  updates, each with an author, a quarter and a commentary; a new plan has no quarters yet, and a status typed into
  a spreadsheet is not a lead's update. The result page says how many rows carried another status. So a round trip
  gives identical rows for a plan whose actions are Not started, and identical rows apart from the RAG column
  otherwise.
- References: kept when given; empty ones become "<priority code>-<n>".
- Leads: matched by leads.py; the names that match no lead are created as placeholder leads of the board.
- Quarters: the plan's financial quarters are created with their update deadlines (plans/quarters.py), as `load_plan`
  does; when the plan becomes the current one, the quarter containing today is opened (the first one if the plan has
  not started or has ended), so leads can record updates at once. The administrator changes the deadlines, and
  closes quarters, on the Quarters page.
- The new plan and its priorities, objectives, actions and new leads get their history baseline ("Imported from
  <file>", by the administrator), written in bulk; the many-to-many history (stages, leads) has no baseline rows.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from plans.models import BusinessPlan, Lead
from plans.quarters import quarters_create_for_plan
from priorities.models import Action, Objective, Priority, Rag

from .leads import LeadMatcher, lead_key
from .rows import ImportRow

BATCH_SIZE = 1000


@dataclass
class ImportResult:
    plan: BusinessPlan
    priorities: int
    objectives: int
    actions: int
    new_leads: list[str]
    statuses_not_imported: int
    needs_review: int
    quarters: int = 0
    open_quarter: str = ""


def _priority_code(title: str, references: list[str], taken: set[str]) -> str:
    prefixes = {ref.rsplit("-", 1)[0] for ref in references if "-" in ref}
    if len(prefixes) == 1 and len(references) and (code := prefixes.pop()) and len(code) <= 10:
        return code
    words = re.findall(r"[A-Za-z0-9]+", title)
    code = ("".join(w[0] for w in words) if len(words) > 1 else (words[0][:3] if words else "P")).upper()[:8]
    candidate, n = code, 2
    while candidate in taken:
        candidate, n = f"{code}{n}", n + 1
    return candidate


def _unique_slug(title: str, taken: set[str]) -> str:
    base = slugify(title)[:50] or "priority"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


@transaction.atomic
def plan_import(
    *,
    board,
    user,
    rows: list[ImportRow],
    title: str,
    slug: str,
    period: str,
    start_year: int,
    end_year: int,
    dated: str = "",
    make_current: bool = False,
    source_name: str = "",
    lead_decisions: dict | None = None,
) -> ImportResult:
    """Create a new plan of `board` from validated rows (see `read_action_plan`), in bulk and in one transaction."""
    reason = f"Imported from {source_name}"[:100] if source_name else "Imported from a spreadsheet"
    today = datetime.date.today()
    if make_current:
        BusinessPlan.objects.filter(board=board, is_current=True).update(is_current=False)
    plan = BusinessPlan(
        board=board,
        title=title,
        slug=slug,
        period=period,
        start_year=start_year,
        end_year=end_year,
        dated=dated,
        is_current=make_current,
    )
    plan._change_reason = reason
    plan.save()

    # Priorities, in order of first appearance.
    by_title: dict[str, list[ImportRow]] = {}
    for row in rows:
        by_title.setdefault(row.priority, []).append(row)
    slugs: set[str] = set()
    codes: set[str] = set()
    priorities = []
    for order, (priority_title, priority_rows) in enumerate(by_title.items(), start=1):
        code = _priority_code(priority_title, [r.reference for r in priority_rows if r.reference], codes)
        codes.add(code)
        priorities.append(
            Priority(
                plan=plan,
                order=order,
                title=priority_title,
                slug=_unique_slug(priority_title, slugs),
                code=code,
                action_plan_title=f"{priority_title} Action Plan"[:200],
            )
        )
    history = {"default_user": user, "default_change_reason": reason, "batch_size": BATCH_SIZE}
    priorities = bulk_create_with_history(priorities, Priority, **history)

    # Objectives: consecutive rows of a priority with the same heading and "What we will do".
    objectives: list[Objective] = []
    objective_of_row: list[Objective] = []
    for priority in priorities:
        last_key, order = None, 0
        for row in by_title[priority.title]:
            key = (row.heading, row.what)
            if key != last_key:
                order += 1
                objective = Objective(priority=priority, order=order, approach_heading=row.heading, what=row.what)
                objective._stage_codes = row.stages
                objectives.append(objective)
                last_key = key
            objective_of_row.append(objective)
    objectives = bulk_create_with_history(objectives, Objective, **history)
    Objective.stages.through.objects.bulk_create(
        [
            Objective.stages.through(objective_id=objective.pk, strategicstage_id=code)
            for objective in objectives
            for code in objective._stage_codes
        ],
        batch_size=BATCH_SIZE,
    )

    # Leads: match every cell first, then create the unknown names in one go.
    matcher = LeadMatcher(Lead.objects.filter(board=board))
    ordered_rows = [row for priority in priorities for row in by_title[priority.title]]
    leads_of_row = [matcher.leads_for(row.leads) for row in ordered_rows]
    if lead_decisions:
        replaced = apply_lead_decisions(matcher, lead_decisions, board)
        leads_of_row = [_unique([replaced.get(id(lead), lead) for lead in leads]) for leads in leads_of_row]
    if matcher.new:
        for lead in matcher.new.values():
            lead.board = board
            lead.description = f"Added by the import of {title} on {today:%d/%m/%Y}: check the name and kind"[:300]
        bulk_create_with_history(list(matcher.new.values()), Lead, **history)

    # Actions, with generated references where the file had none.
    used = {row.reference.casefold() for row in ordered_rows if row.reference}
    actions = []
    action_order: dict[int, int] = {}
    next_number: dict[int, int] = {}
    for row, objective in zip(ordered_rows, objective_of_row, strict=True):
        action_order[id(objective)] = action_order.get(id(objective), 0) + 1
        reference = row.reference
        if not reference:
            priority = objective.priority
            while True:
                next_number[priority.pk] = next_number.get(priority.pk, 0) + 1
                reference = f"{priority.code}-{next_number[priority.pk]:02d}"
                if reference.casefold() not in used:
                    break
            used.add(reference.casefold())
        actions.append(
            Action(
                objective=objective,
                order=action_order[id(objective)],
                reference=reference,
                how=row.how,
                responsible_leads=row.leads,
                outcomes=row.outcomes,
                timescale=row.timescale,
                start_date=row.start_date,
                due_date=row.due_date,
                timescale_needs_review=row.needs_review,
                timescale_review_note=row.review_note,
            )
        )
    actions = bulk_create_with_history(actions, Action, **history)
    Action.leads.through.objects.bulk_create(
        [
            Action.leads.through(action_id=action.pk, lead_id=lead.pk)
            for action, leads in zip(actions, leads_of_row, strict=True)
            for lead in leads
        ],
        batch_size=BATCH_SIZE,
    )
    quarters = quarters_create_for_plan(plan=plan, open_on=today if make_current else None)
    open_quarter = next((quarter.label for quarter in quarters if quarter.is_open), "")
    return ImportResult(
        plan=plan,
        priorities=len(priorities),
        objectives=len(objectives),
        actions=len(actions),
        new_leads=sorted(lead.name for lead in matcher.new.values()),
        statuses_not_imported=sum(1 for row in rows if row.rag != Rag.NOT_STARTED),
        needs_review=sum(1 for row in rows if row.needs_review),
        quarters=len(quarters),
        open_quarter=open_quarter,
    )


def _unique(leads: list[Lead]) -> list[Lead]:
    unique: list[Lead] = []
    for lead in leads:
        if lead not in unique:
            unique.append(lead)
    return unique


def apply_lead_decisions(matcher: LeadMatcher, decisions: dict, board) -> dict[int, Lead]:
    """The administrator's decisions on the preview page (preview.py), applied to the names the import does not know:
    keep a name as a new person, group or placeholder (under the name given), or treat it as an existing lead. A new
    name given the name of an existing lead, or of another new lead, becomes that lead. Returns the replacements
    (by the id of the new Lead object) and leaves in `matcher.new` only the leads to create."""
    existing = {lead_key(lead.name): lead for lead in Lead.objects.filter(board=board)}
    by_pk = {lead.pk: lead for lead in existing.values()}
    replaced: dict[int, Lead] = {}
    kept: dict[str, Lead] = {}
    for key, lead in list(matcher.new.items()):
        decision = decisions.get(key) or {}
        choice = decision.get("choice")
        if choice == "existing" and decision.get("lead") in by_pk:
            replaced[id(lead)] = by_pk[decision["lead"]]
            continue
        if choice in (Lead.Kind.PERSON, Lead.Kind.GROUP, Lead.Kind.PLACEHOLDER):
            lead.kind = choice
        name = " ".join((decision.get("name") or lead.name).split())[:200] or lead.name
        final = lead_key(name)
        if final in existing:
            replaced[id(lead)] = existing[final]
        elif final in kept:
            replaced[id(lead)] = kept[final]
        else:
            lead.name = name
            kept[final] = lead
    matcher.new = {lead_key(lead.name): lead for lead in kept.values()}
    return replaced


def plan_counts(plan):
    """The plan's priorities with the number of objectives and actions of each, in two queries."""
    objectives = dict(
        Objective.objects.filter(priority__plan=plan).values_list("priority").annotate(n=Count("pk")).order_by()
    )
    actions = dict(
        Action.objects.filter(objective__priority__plan=plan)
        .values_list("objective__priority")
        .annotate(n=Count("pk"))
        .order_by()
    )
    priorities = list(plan.priorities.order_by("order"))
    for priority in priorities:
        priority.objective_count = objectives.get(priority.pk, 0)
        priority.action_count = actions.get(priority.pk, 0)
    return priorities
