"""Work of the floors above that relates to the plan: the one documented way for an app above priorities (audits) to
list its items on an action's page and on a priority's page without priorities importing it (docs/CONVENTIONS.md).

Interface
---------
A provider is a function `provider(obj, *, user) -> RelatedSection | None`, where `obj` is the Action (for an action
provider) or the Priority (for a priority provider) being shown to `user`: its related items, in a fixed number of
queries; None (or a section with no items) shows nothing. An item's `url` is "" when `user` may not open it (the
page then shows its title without a link). An app registers it in its AppConfig.ready(), the only place a floor above
may import this module from:

    from priorities.related import register_related_provider
    register_related_provider(key="findings", action=findings_section, priority=None, order=10)

The action page (priorities/views/browse.py `action_detail`) and the priority page (`priority_detail`) show each
non-empty section, in `order`, as a heading and a list (templates/priorities/_related_sections.html): each item's
title (a link), what it is, its status (a Rag code shown as word and colour, or words) and its due date.

Known providers
---------------
    order  key       registered by                           action page                   priority page
    10     findings  audits/apps.py  AuditsConfig.ready()    Section 11 and audit findings  -
    20     themed    audits/apps.py  AuditsConfig.ready()    -                             Themed audits informing it

Add a line here when an app registers a new provider. Without the app installed, no section is shown.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class RelatedItem:
    """One related thing, as the plan's pages list it."""

    title: str  # the link text, shortened by the template
    url: str = ""  # its page; "" when the user may not open it
    kind: str = ""  # what it is, e.g. "Themed audit recommendation"
    detail: str = ""  # one line: where it comes from, its owner...
    status: str = ""  # a priorities.models.Rag code shown as word and colour ("" when the item has no RAG)
    status_text: str = ""  # the status in words when it is not a RAG; ignored with `status`
    due: date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class RelatedSection:
    key: str
    heading: str  # e.g. "Section 11 and audit findings"
    items: list[RelatedItem] = field(default_factory=list)
    intro: str = ""


@dataclass(frozen=True)
class _Provider:
    key: str
    action: Callable | None
    priority: Callable | None
    order: int


_PROVIDERS: dict[str, _Provider] = {}


def register_related_provider(
    *, key: str, action: Callable | None = None, priority: Callable | None = None, order: int = 100
) -> None:
    _PROVIDERS[key] = _Provider(key=key, action=action, priority=priority, order=order)


def _sections(kind: str, obj, user) -> list[RelatedSection]:
    sections = []
    for entry in sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key)):
        provider = getattr(entry, kind)
        if provider is None:
            continue
        section = provider(obj, user=user)
        if section is not None and section.items:
            sections.append(section)
    return sections


def related_to_action(action, *, user) -> list[RelatedSection]:
    """Every registered provider's non-empty section for the action's page, in order."""
    return _sections("action", action, user)


def related_to_priority(priority, *, user) -> list[RelatedSection]:
    """Every registered provider's non-empty section for the priority's page, in order."""
    return _sections("priority", priority, user)
