"""Notices on actions from the floors above: the one documented way for an app above priorities (reporting, audits)
to put a message on a lead's My actions and update form without priorities importing it (docs/CONVENTIONS.md).

Interface
---------
A provider is a function `provider(actions) -> {action id: [Notice, ...]}` over a list of actions, answering in a
fixed number of queries whatever their number. An app registers it in its AppConfig.ready():

    from priorities.notices import register_notice_provider
    register_notice_provider(key="challenges", provider=open_challenge_notices)

Known providers
---------------
    key         registered by                                  what it says
    challenges  reporting/apps.py  ReportingConfig.ready()      "Challenged by the BMG": a challenge with no update
                                                                 recorded on the action since it was made

Add a line here when an app registers a new provider. Without the app installed, no notice is shown.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Notice:
    """Something a lead should read before updating an action (shown above the update form and on My actions)."""

    title: str  # short, shown as a tag on My actions, e.g. "Challenged by the BMG"
    text: str  # what the person wrote, shown on the update form (typed text: escaped, links made clickable)
    author: str
    at: datetime
    answer_hint: str = ""  # how the lead answers it
    short: str = ""  # the tag in My actions' narrow column, e.g. "Challenged" (screen readers hear the title)


_PROVIDERS: dict[str, Callable] = {}


def register_notice_provider(*, key: str, provider: Callable) -> None:
    _PROVIDERS[key] = provider


def notices_for(actions) -> dict[int, list[Notice]]:
    """{action id: [Notice]} from every registered provider, oldest first; actions without a notice are absent."""
    actions = list(actions)
    found: dict[int, list[Notice]] = defaultdict(list)
    if not actions:
        return {}
    for key in sorted(_PROVIDERS):
        for action_id, notices in _PROVIDERS[key](actions).items():
            found[action_id].extend(notices)
    return {action_id: sorted(notices, key=lambda n: n.at) for action_id, notices in found.items()}
