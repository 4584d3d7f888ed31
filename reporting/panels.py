"""Extension point of the quarterly dashboard: other apps (budget, audits) register a panel here.

A panel is a template and a function that builds its context for a quarter. Register in your AppConfig.ready():

    from reporting.panels import register_panel
    register_panel(key="budget", title="Budget", template="budget/_dashboard_panel.html",
                   context=lambda quarter: {...}, order=50)

The dashboard (and the board pack) renders every registered panel, in `order`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    context: Callable
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register_panel(*, key: str, title: str, template: str, context: Callable, order: int = 100) -> None:
    _PANELS[key] = Panel(key=key, title=title, template=template, context=context, order=order)


def panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda panel: panel.order)
