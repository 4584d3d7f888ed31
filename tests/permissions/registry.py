"""Collects every app's permission cases."""

import importlib
import pkgutil

import tests.permissions as package


def all_cases():
    cases = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("cases_"):
            cases.extend(importlib.import_module(f"tests.permissions.{module.name}").CASES)
    return cases


# The administrator of another board: any URL naming one of the home board's objects is a 404 for them.
OTHER_BOARD = "other_board_admin"


def expected_outcome(case, persona):
    """One of "ok", "login", "forbidden" (exactly 403) or "not_found" (exactly 404). README: another board's object is
    a 404, a wrong role a 403. The platform operator has no board and is refused board pages with 403."""
    if persona == "anonymous":
        return "ok" if case.public else "login"
    if persona in case.allowed:
        return "ok"
    if persona == OTHER_BOARD and case.names_board_object:
        return "not_found"
    if persona in case.not_found:
        return "not_found"
    return "forbidden"
