"""Which records accept evidence, and who may see and add it: the one documented way for an app on any floor to take
attachments without `evidence` (on the ground floor) importing it (docs/CONVENTIONS.md).

Interface
---------
An app registers each model it lets people attach evidence to, in its AppConfig.ready():

    from evidence.registry import register_evidence
    register_evidence(
        AgencyReturn,
        board_path="cycle__board",              # how the record reaches its board (looked up on the user's board)
        can_view=lambda user, record: ...,      # may this user see the record's evidence? (False: 403)
        can_add=lambda user, record: ...,       # may this user add or remove evidence? (whoever may edit the record)
        describe=lambda record: "...",          # words for the record ("the return of Home Police"), in link texts
        url=lambda record: "/audits/...",       # the record's page: where the person goes back after adding
        is_hidden=lambda user, record: ...,     # optional: True where the record itself is a 404 for this user
        select_related=("cycle", "agency"),     # optional: what can_view, can_add, describe and url read
    )

The functions are called with a record already looked up on the user's board. They must not query the database
more than a constant number of times (they are called once per record shown on a page).

Known registrations
-------------------
    model                        registered by                            who sees / who adds
    audits.AgencyReturn          audits/apps.py  AuditsConfig.ready()     readers of the return (never another agency's
    audits.StandardAssessment                                             contact: 404) / the agency's contact while
    audits.ImprovementAction                                              the return is editable, the coordinator
    priorities.StatusUpdate      priorities/apps.py PrioritiesConfig      anyone on the board / its author, the board
                                                                          administrator

Add a line here when an app registers a model. A record of a model nobody registered takes no evidence (404).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceTarget:
    """How the evidence app treats one registered model."""

    model: type
    board_path: str
    can_view: Callable
    can_add: Callable
    describe: Callable
    url: Callable
    is_hidden: Callable
    select_related: tuple

    @property
    def label(self) -> str:
        """ "audits.agencyreturn": the model's name in evidence URLs."""
        return self.model._meta.label_lower


_TARGETS: dict[str, EvidenceTarget] = {}


def _never_hidden(user, record):
    return False


def register_evidence(
    model,
    *,
    board_path: str,
    can_view: Callable,
    can_add: Callable,
    describe: Callable,
    url: Callable,
    is_hidden: Callable | None = None,
    select_related: tuple = (),
) -> None:
    target = EvidenceTarget(
        model=model,
        board_path=board_path,
        can_view=can_view,
        can_add=can_add,
        describe=describe,
        url=url,
        is_hidden=is_hidden or _never_hidden,
        select_related=tuple(select_related),
    )
    _TARGETS[target.label] = target


def target_for_label(label: str) -> EvidenceTarget | None:
    return _TARGETS.get(label)


def target_for(record) -> EvidenceTarget | None:
    """The registration of a record's model, or None when its app takes no evidence."""
    return _TARGETS.get(record._meta.label_lower)
