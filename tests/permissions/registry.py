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


def expected_outcome(case, persona):
    if persona == "anonymous":
        return "ok" if case.public else "login"
    return "ok" if persona in case.allowed else "deny"
