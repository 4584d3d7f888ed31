"""The shape of a permission case: one URL pattern, how to fill it in, and which personas may use it.

Each app lists its cases in tests/permissions/cases_<app>.py as `CASES`. test_matrix.py runs every case for every
persona, and fails when a URL pattern of the project has no case. The accessibility sweep visits every GET case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    url_name: str
    allowed: frozenset
    kwargs: Callable | None = None  # world -> dict of URL kwargs
    method: str = "get"
    data: Callable | None = None  # world -> POST data
    query: str = ""
    public: bool = False  # reachable without signing in
    a11y: bool = True  # an HTML page for the accessibility sweep (GET only)
    ok_statuses: tuple = (200,)
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def id(self):
        return f"{self.method.upper()} {self.url_name}{'?' + self.query if self.query else ''}"
