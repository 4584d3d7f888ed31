"""The statutory shapes of a yearly report: each template is a list of sections with the guidance they answer."""

from collections.abc import Callable
from dataclasses import dataclass

from . import figures as f


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str
    guidance: str
    build: Callable = f.nothing


CHILDREN = [
    SectionSpec(
        "glance",
        "The year at a glance",
        "Working Together 2023: a summary of what the safeguarding partners and relevant agencies did under the "
        "arrangements and how effective the arrangements have been.",
        f.year_at_a_glance,
    ),
    SectionSpec(
        "priorities",
        "Our priorities and how they moved",
        "Evidence of the impact of the partners' work on outcomes for children and families; areas with little or "
        "no progress.",
        f.priorities_movement,
    ),
    SectionSpec(
        "actions",
        "Actions completed and what slipped",
        "What was completed, which actions were reported red and how each was resolved.",
        f.reds_resolved,
    ),
    SectionSpec(
        "learning",
        "Learning from reviews",
        "Child safeguarding practice reviews: decisions and actions taken to implement the recommendations of local "
        "and national reviews, and their impact.",
        f.learning,
    ),
    SectionSpec(
        "audits", "Audits: Section 11 and themed audits", "Multi-agency audit findings and what changed.", f.audits
    ),
    SectionSpec(
        "indicators",
        "The performance dataset against targets",
        "How effective the arrangements have been, shown by the partnership's performance information.",
        f.indicators,
    ),
    SectionSpec(
        "partners",
        "What each partner did",
        "What the safeguarding partners and relevant agencies did under the arrangements.",
        f.partners,
    ),
    SectionSpec(
        "scrutiny",
        "Independent scrutiny",
        "The independent scrutiny of the arrangements and feedback from children and families.",
        f.scrutiny,
    ),
    SectionSpec(
        "budget",
        "Budget and partner contributions",
        "Funding contributions from the safeguarding partners and how the money was spent.",
        f.budget,
    ),
    SectionSpec("next-year", "Next year", "The partnership's plans for the coming year.", f.nothing),
]

ADULTS = [
    SectionSpec(
        "care-act-a",
        "(a) What we did to achieve our objective",
        "Care Act 2014, Schedule 2, paragraph 4(a): what the board has done during the year to achieve its objective.",
        f.year_at_a_glance,
    ),
    SectionSpec(
        "care-act-b",
        "(b) What we did to implement our strategy",
        "Paragraph 4(b): what the board has done during the year to implement its strategy.",
        f.priorities_movement,
    ),
    SectionSpec(
        "care-act-c",
        "(c) What each member did",
        "Paragraph 4(c): what each member has done during the year to implement the strategy.",
        f.partners,
    ),
    SectionSpec(
        "care-act-d",
        "(d) Findings of safeguarding adults reviews concluded in the year",
        "Paragraph 4(d): the findings of the reviews arranged under section 44 which have concluded in the year.",
        f.learning_concluded,
    ),
    SectionSpec(
        "care-act-e",
        "(e) Safeguarding adults reviews ongoing at the end of the year",
        "Paragraph 4(e): the reviews arranged under section 44 which are ongoing at the end of the year.",
        f.learning_ongoing,
    ),
    SectionSpec(
        "care-act-f",
        "(f) What we did to implement review findings",
        "Paragraph 4(f): what the board has done during the year to implement the findings of reviews.",
        f.learning_implementation,
    ),
    SectionSpec(
        "care-act-g",
        "(g) Decisions not to implement a finding",
        "Paragraph 4(g): where the board decided not to implement a finding of a review, the reasons for its decision.",
        f.learning_not_implemented,
    ),
    SectionSpec("audits", "Audits", "Multi-agency audit findings and what changed.", f.audits),
    SectionSpec("scrutiny", "Independent scrutiny", "The independent scrutiny of the board's work.", f.scrutiny),
    SectionSpec(
        "budget", "Budget and partner contributions", "The members' contributions and how they were spent.", f.budget
    ),
]

TEMPLATES = {"children": CHILDREN, "adults": ADULTS}


def spec_for(template: str, key: str) -> SectionSpec | None:
    return next((spec for spec in TEMPLATES[template] if spec.key == key), None)
