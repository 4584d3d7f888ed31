"""The dashboard panel registry: the one documented way for another feature app to add a panel to the quarterly
dashboard (and to the board pack PDF) without reporting importing it.

Interface
---------
A panel is a template and a function that builds its context for a quarter. An app registers its panel in its
AppConfig.ready(), the only place reporting's floor neighbours may import this module from (pyproject.toml,
`ignore_imports`):

    from reporting.panels import register_panel
    register_panel(key="budget", title="Budget", template="budget/_dashboard_panel.html",
                   context=lambda quarter: {...}, order=50)

`context(quarter)` returns a dict (or None); the template is rendered with it plus `quarter`, `in_pack` (the board
pack, which prints a panel in full) and `on_dashboard` (the dashboard, read for what needs attention: a panel may show
its exceptions or one sentence and link to the rest; a template that another page includes itself gets neither).
Two optional hooks feed
the board pack (reporting/pack.py):

- `summary(quarter) -> str | None`: one plain sentence for the pack's executive summary ("Spent £12,400 of £98,000;
  contributions received from 9 of 12 partners."), or None to say nothing.
- `sheets(quarter) -> list[Sheet]`: the panel's tables for the pack's XLSX, one worksheet each (a title row naming
  the board and quarter is added above every sheet by the writer). Cells are plain values: str, int, Decimal, date
  and datetime stay typed; a column named in `rag_columns` holds a priorities.models.Rag code and is written as its
  word with its colour's fill. An app on reporting's floor may not import `Sheet` outside its apps.py, so its hook
  may return dicts of the same fields, which its AppConfig wraps (`[Sheet(**s) for s in pack_sheets(quarter)]`).

`render_panels` renders
every registered panel in `order`; the dashboard view (reporting/views/dashboard.py) and the board pack PDF
(reporting/exports.py) both call it, so the two always show the same panels. The board pack renders them without a
request (in the task queue's worker, and in the download view to find the built PDF by its HTML's digest): a panel's
template must not use `request`, `user`, the CSP nonce or anything else a context processor adds.

Known panels
------------
    order  key       title               registered by                              template
    40     core_business  Core business  corebusiness/apps.py CoreBusinessConfig.ready()  (template below)
           corebusiness/_dashboard_panel.html
    50     budget    Budget              budget/apps.py   BudgetConfig.ready()      budget/_dashboard_panel.html
    60     audits    Section 11 audits   audits/apps.py   AuditsConfig.ready()      audits/_dashboard_panel.html

Add a line here when an app registers a new panel. Reporting never imports budget or audits: without those apps
installed, the dashboard simply shows no panel.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from .cache import watch_panel_apps


@dataclass(frozen=True)
class Sheet:
    """One worksheet of the board pack's XLSX, given by a panel's `sheets` hook."""

    title: str  # the worksheet's name: at most 31 characters, no []:*?/\\
    header: list[str]
    rows: list[list]
    widths: dict[str, int] = field(default_factory=dict)  # column letter -> width in characters
    rag_columns: tuple[int, ...] = ()  # 0-based indexes of columns holding a Rag code
    money_columns: tuple[int, ...] = ()  # 0-based indexes of columns in pounds (formatted £#,##0.00)


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    context: Callable
    order: int = 100
    summary: Callable | None = None
    sheets: Callable | None = None


_PANELS: dict[str, Panel] = {}


def register_panel(
    *,
    key: str,
    title: str,
    template: str,
    context: Callable,
    order: int = 100,
    summary: Callable | None = None,
    sheets: Callable | None = None,
) -> None:
    _PANELS[key] = Panel(
        key=key, title=title, template=template, context=context, order=order, summary=summary, sheets=sheets
    )
    # Writes to the registering app's models retire the dashboard's cached panels (reporting/cache.py).
    watch_panel_apps({context.__module__.split(".")[0]})


def panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda panel: panel.order)


def render_panels(request, quarter) -> list[dict]:
    """Every registered panel rendered for `quarter`, in order: `{"panel": Panel, "html": str}` each. `request` is
    None for the board pack, whose HTML must not depend on who asks for it."""
    rendered = []
    for panel in panels():
        # `in_pack`: the board pack prints a panel in full; the dashboard may show a panel's exceptions first.
        context = {
            "quarter": quarter,
            "in_pack": request is None,
            "on_dashboard": request is not None,
            **(panel.context(quarter) or {}),
        }
        rendered.append({"panel": panel, "html": render_to_string(panel.template, context, request=request)})
    return rendered
