"""What the board pack says, once, for its three forms: the PDF (templates/reporting/board_pack.html), the HTML preview
(templates/reporting/board_pack_preview.html) and the XLSX (reporting/exports.py). All three read `board_pack_data`,
so a figure in one is the figure in the others.

The pack is ordered as a board member reads it: a cover, a one-page executive summary (headline counts, movement,
new reds and escalations with their leads, the BMG's challenges and sign-off note, each panel's one-sentence position,
indicators off target), then a section per priority (every action with its leads, status, movement and latest
commentary), then appendices (the priority x stage grid, the trend, overdue, no update, challenges, the performance
dataset, and every dashboard panel in full)."""

import re
from dataclasses import dataclass, field

from django.urls import reverse

from bscb.links import absolute_url
from priorities.models import Rag

from .indicators import indicator_rows_for_quarter, off_target
from .models import QuarterEvent
from .panels import panels
from .presentation import RAG_WORDS, dashboard_context
from .selectors import MOVEMENT_LABELS, RAG_ORDER, dashboard_for

_NUMBER = re.compile(r"(\d+)")


def reference_key(reference: str) -> list:
    """CSE-2 before CSE-10: references sort by their numbers, not as text."""
    return [int(part) if part.isdigit() else part for part in _NUMBER.split(reference)]


@dataclass
class PrioritySection:
    """One priority's part of the pack: its actions in reference order and their counts by status."""

    priority: object
    rows: list
    counts: dict

    @property
    def anchor(self) -> str:
        return f"priority-{self.priority.pk}"

    @property
    def count_words(self) -> str:
        parts = [f"{self.counts[rag]} {RAG_WORDS[rag].lower()}" for rag in RAG_ORDER if self.counts[rag]]
        return ", ".join(parts) or "no actions"


@dataclass
class PanelSummary:
    key: str
    title: str
    sentence: str


@dataclass
class PackData:
    """Everything in the pack. `context` is the dashboard's presentation context (reporting.presentation), so the
    pack's figures are the dashboard's."""

    quarter: object
    context: dict
    sections: list[PrioritySection]
    new_reds: list
    escalated: list
    sign_off_note: str
    panel_summaries: list[PanelSummary]
    indicators: list
    indicators_off_target: list
    movement_counts: list = field(default_factory=list)  # [(label, count)] when there is a quarter to compare with
    # The executive summary fits one page: it lists this many new reds and escalations and counts the rest.
    summary_limit: int = 5

    @property
    def new_reds_shown(self) -> list:
        return self.new_reds[: self.summary_limit]

    @property
    def new_reds_more(self) -> int:
        return max(0, len(self.new_reds) - self.summary_limit)

    @property
    def escalated_shown(self) -> list:
        return self.escalated[: self.summary_limit]

    @property
    def escalated_more(self) -> int:
        return max(0, len(self.escalated) - self.summary_limit)

    @property
    def frozen(self) -> bool:
        return self.quarter.is_closed

    @property
    def state_words(self) -> str:
        return "Frozen" if self.frozen else "Live"

    @property
    def headline(self) -> list[tuple[str, str, int]]:
        """(rag code, word, count) for every status, in the dashboard's order."""
        totals = self.context["dash"].totals
        return [(rag, RAG_WORDS[rag], totals.get(rag, 0)) for rag in RAG_ORDER]

    @property
    def dashboard_url(self) -> str:
        return absolute_url(f"{reverse('reporting:dashboard')}?quarter={self.quarter.pk}")


def _movement_label(row) -> str:
    """ "Amber to Red", or "Unchanged"; "" when there is no closed quarter before to compare with."""
    previous = getattr(row, "previous_rag", None)
    if previous is None:
        return ""
    if previous == row.rag:
        return MOVEMENT_LABELS["unchanged"]
    return f"{RAG_WORDS.get(previous, previous)} to {RAG_WORDS.get(row.rag, row.rag)}"


def board_pack_data(quarter) -> PackData:
    """The pack of a quarter, in a fixed number of queries whatever the number of actions."""
    dash = dashboard_for(quarter)
    context = dashboard_context(dash)
    by_priority: dict = {}
    for row in dash.rows:
        row.movement_label = _movement_label(row)
        by_priority.setdefault(row.priority_id, []).append(row)
    sections = []
    for priority in dash.priorities:
        rows = sorted(by_priority.get(priority.pk, []), key=lambda r: reference_key(r.reference))
        counts = {rag: sum(1 for r in rows if r.rag == rag) for rag in RAG_ORDER}
        sections.append(PrioritySection(priority=priority, rows=rows, counts=counts))
    new_reds = sorted(
        (r for r in dash.rows if r.rag == Rag.RED and dash.compared and r.previous_rag != Rag.RED),
        key=lambda r: reference_key(r.reference),
    )
    escalated = sorted(context["escalated"], key=lambda r: reference_key(r.reference))
    sign_off = (
        QuarterEvent.objects.filter(quarter=quarter, kind=QuarterEvent.Kind.REVIEW_DONE).order_by("-at").first()
        if quarter.review_done_at
        else None
    )
    summaries = []
    for panel in panels():
        sentence = panel.summary(quarter) if panel.summary else None
        if sentence:
            summaries.append(PanelSummary(key=panel.key, title=panel.title, sentence=sentence))
    indicators = indicator_rows_for_quarter(quarter)
    movement_counts = (
        [(m["label"], len(m["rows"])) for m in context["movement"] if m["key"] != "unchanged"] if dash.compared else []
    )
    return PackData(
        quarter=quarter,
        context=context,
        sections=sections,
        new_reds=new_reds,
        escalated=escalated,
        sign_off_note=sign_off.detail if sign_off else "",
        panel_summaries=summaries,
        indicators=indicators,
        indicators_off_target=off_target(indicators),
        movement_counts=movement_counts,
    )


def leads_of(row) -> str:
    """The action's leads as the plan names them."""
    return row.action.responsible_leads or "None named"
