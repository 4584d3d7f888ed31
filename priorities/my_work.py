"""Other work a lead reports on, from the floors above: the one documented way for an app above priorities
(corebusiness, and later Section 11 findings in audits) to list a lead's items on My actions without priorities
importing it (docs/CONVENTIONS.md).

Interface
---------
A provider is a function `provider(user, *, board, lead_ids) -> MyWorkSection | None`: the items of `board` that
`user` reports on, given `lead_ids` (priorities.rules.lead_ids_for: the user's person-Lead and their groups), in a
fixed number of queries whatever their number; None (or a section with no items) shows nothing. An app registers it
in its AppConfig.ready(), the only place a floor above may import this module from:

    from priorities.my_work import register_my_work_provider
    register_my_work_provider(key="core_business", provider=core_measures_for_lead, order=10)

My actions (priorities/views/updates.py) shows each non-empty section under the lead's actions, in `order`, as a
table headed by the section's heading: each item's title (a link), status (a Rag code shown as word and colour, or
plain words), due date (or text), whether an update is due this quarter, and its update link.

Known providers
---------------
    order  key            registered by                                        section heading
    10     core_business  corebusiness/apps.py  CoreBusinessConfig.ready()      Core business measures
    20     findings       audits/apps.py  AuditsConfig.ready()                  Section 11 and audit findings
    30     learning       learning/apps.py  LearningConfig.ready()              Learning review recommendations

Add a line here when an app registers a new provider. Without the app installed, no section is shown.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class MyWorkItem:
    """One thing a lead reports on, as My actions lists it."""

    title: str  # short, the link text, e.g. "Core business 2.3"
    url: str  # the item's page
    detail: str = ""  # one line under the title (what the item is), shortened by the template
    status: str = ""  # a priorities.models.Rag code, shown as its word and colour ("" when the item has no RAG)
    status_text: str = ""  # the status in words when it is not a RAG (e.g. "Action agreed"); ignored with `status`
    due: date | None = None
    due_text: str = ""  # when there is no due date: what to show instead ("Each quarter")
    update_url: str = ""  # where the lead updates it, without a query string (My actions adds ?return_to=); "" when
    # they cannot (no quarter open)
    update_due: bool = False  # no update recorded this quarter yet
    updated_on: date | None = None  # the latest update's date, if any
    through: tuple[str, ...] = ()  # the groups the user leads it through, by name


@dataclass(frozen=True)
class MyWorkSection:
    """A heading and its items, shown as one table on My actions."""

    key: str
    heading: str  # e.g. "Core business measures"; the table's caption
    items: list[MyWorkItem] = field(default_factory=list)
    intro: str = ""  # one sentence under the heading, optional


@dataclass(frozen=True)
class _Provider:
    key: str
    provider: Callable
    order: int


_PROVIDERS: dict[str, _Provider] = {}


def register_my_work_provider(key: str, provider: Callable, *, order: int = 100) -> None:
    _PROVIDERS[key] = _Provider(key=key, provider=provider, order=order)


def my_work_for(user, *, board, lead_ids) -> list[MyWorkSection]:
    """Every registered provider's non-empty section for `user` on `board`, in order."""
    if board is None or not lead_ids:
        return []
    sections = []
    for entry in sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key)):
        section = entry.provider(user, board=board, lead_ids=set(lead_ids))
        if section is not None and section.items:
            sections.append(section)
    return sections
