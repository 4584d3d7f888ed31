"""Import, step 2b: what an import would create, shown to the administrator before anything is written.

Built by the task queue from the validated rows (reader.py), kept on the job as JSON (PlanImportJob.preview) and shown
on the job's page: the priorities with their objectives and actions, the actions themselves (dates derived from the
timescale text as `load_plan` does), the leads the Responsible Leads cells name (matched to the board's leads, or
new), the quarters of the plan period with their update deadlines, and the warnings (sheets and columns the import
leaves out). The administrator then decides, for each new name, whether to create it as a person, a group or a
placeholder (under its name or another) or to treat it as one of the board's existing leads (writer.py applies the
decisions).
"""

from __future__ import annotations

import datetime
import difflib

from plans.models import Lead
from plans.quarters import UPDATE_DEADLINE_DAYS_BEFORE_END, quarter_bounds

from .leads import LeadMatcher, lead_key
from .rows import ImportRow

# The actions listed on the preview page; a bigger plan is summarised by priority and the list says how many more.
PREVIEW_ACTIONS = 300
SUGGEST_CUTOFF = 0.8

# What the administrator may decide for a new name (the form's values; writer.py applies them).
CREATE_PERSON, CREATE_GROUP, CREATE_PLACEHOLDER = "person", "group", "placeholder"


def _guess_kind(name: str) -> str:
    """A first guess for a new name: an acronym or a name ending in a body's word ("Harrow Team") is a group, two to
    four capitalised words a person, anything else (a role: "Head of Early Help") a placeholder."""
    words = name.split()
    body_words = {"group", "board", "team", "panel", "service", "services", "partnership", "forum", "unit", "network"}
    role_words = {"officer", "head", "manager", "lead", "chair", "coordinator", "co-ordinator", "director", "all"}
    if name.isupper() or words[-1].casefold() in body_words:
        return CREATE_GROUP
    if any(word.casefold() in role_words for word in words):
        return CREATE_PLACEHOLDER
    if 2 <= len(words) <= 4 and all(word[:1].isupper() for word in words) and not any(ch.isdigit() for ch in name):
        return CREATE_PERSON
    return CREATE_PLACEHOLDER


def build_preview(*, board, rows: list[ImportRow], start_year: int, end_year: int, warnings: list[str]) -> dict:
    existing = list(Lead.objects.filter(board=board).order_by("name"))
    matcher = LeadMatcher(existing)
    counts: dict[str, int] = {}
    matched: dict[int, int] = {}
    actions = []
    priorities: dict[str, dict] = {}
    for row in rows:
        leads = matcher.leads_for(row.leads)
        for lead in leads:
            if lead.pk is None:
                counts[lead_key(lead.name)] = counts.get(lead_key(lead.name), 0) + 1
            else:
                matched[lead.pk] = matched.get(lead.pk, 0) + 1
        entry = priorities.setdefault(row.priority, {"title": row.priority, "objectives": set(), "actions": 0})
        entry["objectives"].add((row.heading, row.what))
        entry["actions"] += 1
        if len(actions) < PREVIEW_ACTIONS:
            actions.append(
                {
                    "priority": row.priority,
                    "heading": row.heading,
                    "reference": row.reference,
                    "how": row.how[:200],
                    "leads": row.leads,
                    "timescale": row.timescale,
                    "start_date": f"{row.start_date:%-d %b %Y}" if row.start_date else "",
                    "due_date": f"{row.due_date:%-d %b %Y}" if row.due_date else "",
                    "needs_review": row.needs_review,
                }
            )
    names = {lead.name: lead.pk for lead in existing}
    new_leads = []
    for key, lead in matcher.new.items():
        close = difflib.get_close_matches(lead.name, list(names), n=1, cutoff=SUGGEST_CUTOFF)
        new_leads.append(
            {
                "key": key,
                "name": lead.name,
                "actions": counts.get(key, 0),
                "suggested_lead": names[close[0]] if close else None,
                "suggested_name": close[0] if close else "",
                "kind": _guess_kind(lead.name),
            }
        )
    quarters = []
    for financial_year in range(start_year, end_year):
        for number in range(1, 5):
            start, end = quarter_bounds(financial_year, number)
            deadline = end - datetime.timedelta(days=UPDATE_DEADLINE_DAYS_BEFORE_END)
            quarters.append(
                {
                    "label": f"{financial_year}/{str(financial_year + 1)[-2:]} Q{number}",
                    "start": f"{start:%-d %b %Y}",
                    "end": f"{end:%-d %b %Y}",
                    "deadline": f"{deadline:%-d %b %Y}",
                }
            )
    by_pk = {lead.pk: lead for lead in existing}
    return {
        "priorities": [
            {"title": p["title"], "objectives": len(p["objectives"]), "actions": p["actions"]}
            for p in priorities.values()
        ],
        "actions": actions,
        "action_count": len(rows),
        "more_actions": max(len(rows) - PREVIEW_ACTIONS, 0),
        "needs_review": sum(1 for row in rows if row.needs_review),
        "matched_leads": [
            {"name": by_pk[pk].name, "kind": by_pk[pk].get_kind_display(), "actions": n}
            for pk, n in sorted(matched.items(), key=lambda item: by_pk[item[0]].name)
        ],
        "new_leads": sorted(new_leads, key=lambda lead: lead["name"].casefold()),
        "quarters": quarters,
        "warnings": warnings,
    }
