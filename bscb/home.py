"""The home page's sections: the one documented way for the apps above the ground floor to put a person's next step
on their home page (issue 16) without bscb importing them (docs/CONVENTIONS.md, "Floors").

Interface
---------
A section is a template and a function `context(request, board)` that returns a dict, or None when the section is not
for this person (wrong role, nothing to show). An app registers it in its AppConfig.ready():

    from bscb.home import register_home_section
    register_home_section(key="my-actions", template="priorities/_home_section.html", context=..., order=10)

Known sections
--------------
    order  key          registered by                                 for whom
    10     my-actions   priorities/apps.py  PrioritiesConfig.ready()   anyone who leads actions: what needs their
                                                                        update this quarter, and challenges to answer
    20     quarter      reporting/apps.py   ReportingConfig.ready()    BMG members and administrators: the quarter in
                                                                        progress, and for administrators what blocks
                                                                        it (who has not updated, the deadline);
                                                                        board members: the last closed quarter

Add a line here when an app registers a new section.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class HomeSection:
    key: str
    template: str
    context: Callable
    order: int = 100


_SECTIONS: dict[str, HomeSection] = {}


def register_home_section(*, key: str, template: str, context: Callable, order: int = 100) -> None:
    _SECTIONS[key] = HomeSection(key=key, template=template, context=context, order=order)


def render_home_sections(request, board) -> list[str]:
    """The HTML of every registered section that has something for this person, in order."""
    rendered = []
    for section in sorted(_SECTIONS.values(), key=lambda s: s.order):
        context = section.context(request, board)
        if context is not None:
            rendered.append(render_to_string(section.template, {**context, "board": board}, request=request))
    return rendered
