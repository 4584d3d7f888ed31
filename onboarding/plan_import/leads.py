"""Import: the leads named in a Responsible Leads cell.

The Responsible Leads cell is kept as written. It is matched against the board's Lead records by name (longest names
first, so "DV & VAWG" is one lead, not two); what is left is split on , ; & / : "and", and each remaining name that
matches no lead (case-insensitively) is created as a Lead of kind "placeholder", with a description saying it came
from the import, for the administrator to check and reclassify (writer.py creates them; the result page lists them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from plans.models import Lead

_LEAD_SEPARATORS = re.compile(r"[,;&/:+\n]|\band\b", re.IGNORECASE)


def lead_parts(text: str) -> list[str]:
    parts = []
    for part in _LEAD_SEPARATORS.split(text):
        name = " ".join(part.split()).strip(" .-()[]")
        if any(ch.isalpha() for ch in name):
            parts.append(name)
    return parts


def _tidy(text: str) -> str:
    return _HYPHEN_BREAK.sub("-", " ".join(text.split()))


def lead_key(name: str) -> str:
    """How names are compared: case, spacing and a line broken after a hyphen ("Co- ordinator") do not count."""
    return _tidy(name).casefold()


_HYPHEN_BREAK = re.compile(r"(?<=\w)- (?=\w)")


class LeadMatcher:
    """Finds the board's leads named in a cell: known names first (longest first), then the rest split by separator.

    Unknown names are collected once per import (case-insensitively) to be created as placeholders.
    """

    def __init__(self, leads: Iterable[Lead]):
        self.by_name = {lead_key(lead.name): lead for lead in leads}
        names = sorted({_tidy(lead.name) for lead in self.by_name.values() if len(lead.name.strip()) > 1}, key=len)
        alternatives = "|".join(re.escape(name) for name in reversed(names))
        # Known names are looked for as written (case-sensitive), so that "All" does not match "all agencies".
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if alternatives else None
        self.new: dict[str, Lead] = {}
        self._cache: dict[str, list[Lead]] = {}

    def leads_for(self, cell: str) -> list[Lead]:
        if cell not in self._cache:
            self._cache[cell] = self._match(cell)
        return self._cache[cell]

    def _match(self, cell: str) -> list[Lead]:
        whole = self.by_name.get(lead_key(cell))
        if whole is not None:
            return [whole]
        found: list[Lead] = []
        rest = _tidy(cell)
        if self.pattern is not None:
            found = [self.by_name[lead_key(m.group(0))] for m in self.pattern.finditer(rest)]
            rest = self.pattern.sub("\n", rest)
        for name in lead_parts(rest):
            key = lead_key(name)
            lead = self.by_name.get(key) or self.new.get(key)
            if lead is None:
                lead = self.new[key] = Lead(name=name, kind=Lead.Kind.PLACEHOLDER)
            found.append(lead)
        unique = []
        for lead in found:
            if lead not in unique:
                unique.append(lead)
        return unique
