"""The shape of a permission case: one URL pattern, how to fill it in, and which personas may use it.

Each app lists its cases in tests/permissions/cases_<app>.py as `CASES`. test_matrix.py runs every case for every
persona, and fails when a URL pattern of the project has no case. The accessibility sweep visits every GET case.

A persona not in `allowed` is refused with exactly one status (registry.expected_outcome): 404 when the URL names an
object the persona may not know about (another board's object, or one in `not_found`), otherwise 403.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Case:
    url_name: str
    allowed: frozenset
    kwargs: Callable | None = None  # world -> dict of URL kwargs
    args: Callable | None = None  # world -> list of positional URL args (for URL patterns that take no names)
    method: str = "get"
    data: Callable | None = None  # world -> POST data
    query: str = ""
    public: bool = False  # reachable without signing in
    a11y: bool = True  # an HTML page for the accessibility sweep (GET only)
    ok_statuses: tuple = (200,)
    # Personas refused with 404 rather than 403 for a reason special to this case (say why in `note`), e.g. an agency
    # audit contact and another agency's return, or the home board's users and another board's object.
    not_found: frozenset = frozenset()
    # Whether the URL names an object of the home board, which the other board's administrator must get a 404 for.
    # None: exactly when the case has `kwargs` (or `args`). Set False when the URL names another board's object or
    # no object at all (say an app label).
    board_object: bool | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def names_board_object(self):
        if self.board_object is None:
            return self.kwargs is not None or self.args is not None
        return self.board_object

    def url(self, world):
        url = reverse(
            self.url_name,
            args=self.args(world) if self.args else None,
            kwargs=self.kwargs(world) if self.kwargs else None,
        )
        return f"{url}?{self.query}" if self.query else url

    @property
    def id(self):
        return f"{self.method.upper()} {self.url_name}{'?' + self.query if self.query else ''}"
