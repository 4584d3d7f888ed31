"""The yearly report as a document: what the HTML page, the PDF and the DOCX all render, whatever they are made from.

`annualreport.content.report_document(report)` builds one from a report: live figures while it is a draft, the
figures frozen at sign-off afterwards. The exports (annualreport/exports.py) only ever read this, so the three
outputs cannot disagree. Plain, immutable values: it can be hashed (`digest`) to tell whether a file built earlier
still matches the report.
"""

import hashlib
import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Figure:
    """One number or fact of the report, with the page of the application it is read from (traceability)."""

    label: str
    value: str
    url: str = ""  # path of the page the figure comes from, e.g. /reporting/quarters/12/dashboard/
    note: str = ""


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    url: str = ""  # the page the rows come from


@dataclass(frozen=True)
class Section:
    key: str  # stable within a template, e.g. "priorities", "learning", "care-act-d"
    heading: str
    guidance: str  # what the statutory guidance asks of this section: shown to the editor, not printed
    narrative: str  # the administrator's text; paragraphs separated by blank lines
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class ReportDocument:
    board_name: str
    title: str  # "Barnet Safeguarding Children Board: yearly report 2014/15"
    period_label: str  # "1 April 2014 to 31 March 2015"
    template_label: str  # "Safeguarding children partnership (Working Together 2023)"
    status_label: str  # "Draft" or "Signed off on 3 June 2015 by Jane Smith"
    generated_note: str  # "Figures as at 4 December 2026, 12:40" or "Figures frozen at sign-off on 3 June 2015"
    easy_read: tuple[str, ...]  # the easy-read summary: short plain sentences, one per item
    sections: tuple[Section, ...]

    def digest(self) -> str:
        """A fingerprint of everything printed: a stored file whose digest differs is out of date."""
        payload = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(payload).hexdigest()
