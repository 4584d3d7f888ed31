"""A yearly report's content: its figures (live while a draft, frozen at sign-off), the prefilled narrative and the
`ReportDocument` that the page, the PDF and the DOCX all render."""

from dataclasses import asdict

from django.utils import timezone
from django.utils.formats import date_format

from .document import Figure, ReportDocument, Section, Table
from .figures import Period
from .models import YearlyReport
from .templates import TEMPLATES


def period_of(report: YearlyReport) -> Period:
    return Period(board=report.board, start=report.period_start, end=report.period_end)


def period_label(report: YearlyReport) -> str:
    return f"{date_format(report.period_start, 'j F Y')} to {date_format(report.period_end, 'j F Y')}"


def live_figures(report: YearlyReport) -> dict:
    """{section key: (figures, tables)} computed now from the record."""
    period = period_of(report)
    return {spec.key: spec.build(period) for spec in TEMPLATES[report.template]}


def freeze(report: YearlyReport) -> dict:
    """Every section's figures and tables as JSON, for `YearlyReport.frozen`."""
    return {
        "as_at": timezone.now().isoformat(),
        "sections": {
            key: {"figures": [asdict(x) for x in figs], "tables": [asdict(t) for t in tables]}
            for key, (figs, tables) in live_figures(report).items()
        },
    }


def _thawed(frozen: dict) -> dict:
    sections = {}
    for key, data in frozen.get("sections", {}).items():
        figs = tuple(Figure(**item) for item in data.get("figures", []))
        tables = tuple(
            Table(
                caption=t["caption"],
                headers=tuple(t["headers"]),
                rows=tuple(tuple(row) for row in t["rows"]),
                url=t.get("url", ""),
            )
            for t in data.get("tables", [])
        )
        sections[key] = (figs, tables)
    return sections


def report_figures(report: YearlyReport) -> dict:
    """Frozen figures once signed off, live ones before."""
    if report.is_signed_off and report.frozen:
        return _thawed(report.frozen)
    return live_figures(report)


def prefilled_narrative(year_label: str, heading: str, figures, build_name: str = "") -> str:
    """A factual paragraph from a section's figures, for the administrator to edit."""
    if not figures:
        return f"[Describe {heading[0].lower() + heading[1:]} in {year_label}.]"
    values = {fig.label: fig.value for fig in figures}
    sentence = SENTENCES.get(build_name)
    if sentence is not None:
        try:
            return sentence(year_label, values)
        except KeyError:
            pass
    facts = "; ".join(f"{fig.label[0].lower() + fig.label[1:]}: {fig.value}" for fig in figures)
    return f"In {year_label}, {facts}."


SENTENCES = {
    "priorities_movement": lambda year, v: (
        f"The board closed {v['Closed quarters in the year']} quarters in {year}. The table compares the status of "
        f"each priority's actions at {v['First closed quarter']} and at {v['Last closed quarter']}."
    ),
    "reds_resolved": lambda year, v: (
        f"{v['Actions reported red in the year']} actions were reported red at some point in {year}; "
        f"{v['Of those, now green or complete']} of them are now green or complete."
    ),
    "audits": lambda year, v: (
        f"{v['Section 11 returns received']} of {v['Section 11 returns expected']} partner agencies returned their "
        f"Section 11 self-assessment for {year}, and {v['Themed audits reported']} multi-agency themed audits "
        f"reported their findings."
    ),
    "indicators": lambda year, v: (
        f"The performance dataset has {v['Indicators in the dataset']} indicators; "
        f"{v['On target at their latest value']} were on target at the latest value recorded in {year}."
    ),
    "budget": lambda year, v: (
        f"Partners contributed {v['Partner contributions']} in {year}, with {v['Balance brought forward']} brought "
        f"forward, against commitments of {v['Commitments']}."
    ),
    "scrutiny": lambda year, v: (
        f"In {year} the independent scrutineer raised "
        f"{_count(v['Observations and challenges raised'], 'observation or challenge', 'observations and challenges')}"
        f" ({_count(v['Of those, challenges'], 'challenge', 'challenges')}): {v['Responded to']} had a response and "
        f"{v['Closed with an outcome']} were closed with an outcome."
    ),
    "learning": lambda year, v: _learning_sentence(year, v),
    "learning_concluded": lambda year, v: (
        f"{_count(v['Reviews concluded in the year'], 'safeguarding adults review', 'safeguarding adults reviews')} "
        f"concluded in {year}. Their findings are listed below."
    ),
    "learning_ongoing": lambda year, v: (
        f"{_count(v['Reviews ongoing at the end of the year'], 'review was', 'reviews were')} ongoing at the end of "
        f"{year}."
    ),
    "learning_implementation": lambda year, v: (
        f"In {year} the board implemented "
        f"{_count(v['Recommendations implemented in the year'], 'recommendation', 'recommendations')} of its reviews, "
        f"each with evidence of its impact; {v['Recommendations still open']} "
        f"{'remains' if v['Recommendations still open'] == '1' else 'remain'} open."
    ),
    "learning_not_implemented": lambda year, v: (
        f"In {year} the board decided not to implement "
        f"{_count(v['Recommendations not implemented'], 'recommendation', 'recommendations')}; the reasons for each "
        f"decision are given below."
    ),
    "partners": lambda year, v: (
        f"{v['Partner agencies']} partner agencies took part in {year}. The table shows the actions each led, the "
        f"status updates its people made and whether it returned its Section 11 self-assessment."
    ),
}


def _learning_sentence(year: str, v: dict) -> str:
    opened, concluded = v["Reviews opened in the year"], v["Reviews concluded in the year"]
    ongoing, total = v["Reviews ongoing at the end of the year"], v["Recommendations"]
    if opened == concluded == ongoing == "0":
        return f"The board had no learning review under way in {year}."
    text = (
        f"In {year} the board opened {_count(opened, 'learning review', 'learning reviews')} and concluded "
        f"{concluded}; {ongoing} {'was' if ongoing == '1' else 'were'} ongoing at the end of the year."
    )
    if total == "0":
        return text + " No recommendation has been made yet."
    implemented, open_ = v["Recommendations implemented"], v["Recommendations in progress or not started"]
    refused = v["Recommendations not implemented"]
    text += (
        f" Of their {_count(total, 'recommendation', 'recommendations')}, {implemented} "
        f"{'has' if implemented == '1' else 'have'} been implemented with evidence of impact and {open_} "
        f"{'is' if open_ == '1' else 'are'} in progress or not started"
    )
    if refused != "0":
        text += f"; {refused} will not be implemented, for the reasons given below"
    return text + "."


def _count(value: str, one: str, many: str) -> str:
    return f"{value} {one if value == '1' else many}"


def glance_sentence(year_label: str, figures) -> str:
    values = {fig.label: fig.value for fig in figures}
    tracked = _count(values.get("Actions tracked", "0"), "action", "actions")
    priorities = _count(values.get("Priorities", "0"), "priority", "priorities")
    completed = values.get("Actions completed in the year", "0")
    reds = values.get("Actions reported red during the year", "0")
    return (
        f"In {year_label} the board tracked {tracked} across {priorities}; {completed} "
        f"{'was' if completed == '1' else 'were'} completed during the year and {reds} "
        f"{'was' if reds == '1' else 'were'} reported red at some point."
    )


def prefilled_easy_read(year_label: str, figures_by_key: dict) -> str:
    lines = [f"This report tells you what the board did in {year_label}."]
    glance = figures_by_key.get("glance") or figures_by_key.get("care-act-a")
    if glance:
        values = {fig.label: fig.value for fig in glance[0]}
        lines.append(f"We worked on {values.get('Actions tracked', '0')} things to keep people safe.")
        lines.append(f"We finished {values.get('Actions completed in the year', '0')} of them.")
    lines.append("We will keep working to keep people safe next year.")
    return "\n".join(lines)


def report_document(report: YearlyReport, figures_by_key: dict | None = None) -> ReportDocument:
    """The document every output renders. `report.board`, `report.signed_off_by` and the sections are read."""
    figures_by_key = figures_by_key if figures_by_key is not None else report_figures(report)
    specs = {spec.key: spec for spec in TEMPLATES[report.template]}
    sections = []
    for section in report.sections.all():
        spec = specs.get(section.key)
        figs, tables = figures_by_key.get(section.key, ((), ()))
        sections.append(
            Section(
                key=section.key,
                heading=section.heading,
                guidance=spec.guidance if spec else "",
                narrative=section.narrative,
                figures=tuple(figs),
                tables=tuple(tables),
            )
        )
    if report.is_signed_off:
        who = report.signed_off_by.get_full_name() or report.signed_off_by.email if report.signed_off_by else ""
        status = f"Signed off on {date_format(timezone.localtime(report.signed_off_at), 'j F Y')}"
        status += f" by {who}" if who else ""
        note = f"Figures frozen at sign-off on {date_format(timezone.localtime(report.signed_off_at), 'j F Y')}"
    else:
        status = "Draft"
        note = f"Figures as at {date_format(timezone.localtime(), 'j F Y, H:i')}"
    return ReportDocument(
        board_name=report.board.name,
        title=report.title,
        period_label=period_label(report),
        template_label=report.get_template_display(),
        status_label=status,
        generated_note=note,
        easy_read=tuple(line.strip() for line in report.easy_read.splitlines() if line.strip()),
        sections=tuple(sections),
    )
