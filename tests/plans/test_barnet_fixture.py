"""The Barnet 2014-2016 fixture against the plan text (the seed): counts, verbatim rows, leads, survey, core business.

Expected numbers, counted by hand from the seed's four action plan tables (docs/plan-data.md has the working):
- CSE: 5 objectives / 19 actions (Prevent 2/10, Identify 1/2, Intervene & Support 1/4, Enforce 1/3)
- Neglect: 4 / 11 (Prevent 1/1, Identify 1/1, Intervene & Support 1/8, Enforce 1/1)
- Domestic Abuse: 8 / 13 (Prevent 1/3, Identify 3/3, Intervene & Support 3/6, Enforce 1/1)
- E-Safety: 12 / 12 (Prevent 8/8, Identify 1/1, Intervene & Support 2/2, Enforce 1/1)
- Core business: 5 priorities, 2 + 7 + 14 + 7 + 10 = 40 measures, 2 + 1 + 4 + 4 + 3 = 14 outcomes
"""

import re
from collections import Counter

import pytest
from django.conf import settings

from plans.models import Agency, CoreMeasure, CoreOutcome, Lead
from plans.timescales import parse_timescale
from priorities.models import Action, Objective

# The plan text (the seed), byte for byte as it was given, kept in the repository beside the fixtures built from it.
SEED = settings.BASE_DIR / "fixtures" / "barnet-2014-2016" / "business-plan-2014-2016.txt"


def _squash(text):
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def seed_text():
    assert SEED.exists(), f"The plan text is expected at {SEED}"
    lines = SEED.read_text(encoding="utf-8").splitlines()
    # The extraction's markup, which the fixture drops: <u> for links, *..* and **..** for emphasis (within a line;
    # a lone "*" is the plan's own footnote mark and stays).
    lines = [
        re.sub(r"(?<![\w.\"])\*([^*\s][^*]*?)\*(?!\w)", r"\1", re.sub(r"</?u>", "", line).replace("**", ""))
        for line in lines
    ]
    return _squash(" ".join(lines))


def _in_seed(text, seed):
    """As written: the text is in the seed, or is one cell that wrapped onto the next table line (two pieces)."""
    text = _squash(text)
    if text in seed:
        return True
    spaces = [match.start() for match in re.finditer(" ", text)]
    return any(text[:i] in seed and text[i + 1 :] in seed for i in spaces)


def test_counts_per_priority(barnet):
    counts = {
        p.code: (p.objectives.count(), Action.objects.filter(objective__priority=p).count())
        for p in barnet.priorities.all()
    }
    assert counts == {"CSE": (5, 19), "NEG": (4, 11), "DA": (8, 13), "ES": (12, 12)}
    assert [(p.order, p.title, p.code, p.slug) for p in barnet.priorities.all()] == [
        (1, "Child Sexual Exploitation", "CSE", "child-sexual-exploitation"),
        (2, "Neglect", "NEG", "neglect"),
        (3, "Domestic Abuse", "DA", "domestic-abuse"),
        (4, "E-Safety", "ES", "e-safety"),
    ]


def test_counts_per_heading_and_stage(barnet):
    per_heading = Counter(
        (a.objective.priority.code, a.objective.approach_heading)
        for a in Action.objects.filter(objective__priority__plan=barnet).select_related("objective__priority")
    )
    assert per_heading == {
        ("CSE", "Prevent"): 10,
        ("CSE", "Identify"): 2,
        ("CSE", "Intervene & Support"): 4,
        ("CSE", "Enforce: Disrupt and Prosecute"): 3,
        ("NEG", "Prevent"): 1,
        ("NEG", "Identify"): 1,
        ("NEG", "Intervene & Support"): 8,
        ("NEG", "Enforce (disrupt and prosecute)"): 1,
        ("DA", "Prevent"): 3,
        ("DA", "Identify"): 3,
        ("DA", "Intervene & Support"): 6,
        ("DA", "Enforce (disrupt & prosecute)"): 1,
        ("ES", "Prevent"): 8,
        ("ES", "Identify"): 1,
        ("ES", "Intervene & Support"): 2,
        ("ES", "Enforce: (disrupt and prosecute)"): 1,
    }
    objectives = Objective.objects.filter(priority__plan=barnet)
    per_stage = {
        code: objectives.filter(stages__code=code).count()
        for code in ("prevent", "identify", "support", "intervene", "enforce")
    }
    # Prevent 2+1+1+8, Identify 1+1+3+1, Intervene & Support 1+1+3+2 (counted under both), Enforce 1 each.
    assert per_stage == {"prevent": 12, "identify": 6, "support": 7, "intervene": 7, "enforce": 4}
    actions = Action.objects.filter(objective__priority__plan=barnet)
    assert actions.filter(objective__stages__code="support").count() == 20
    assert actions.filter(objective__stages__code="enforce").count() == 6


def test_references_are_numbered_through_each_priority(barnet):
    for priority in barnet.priorities.all():
        references = list(
            Action.objects.filter(objective__priority=priority)
            .order_by("objective__order", "order")
            .values_list("reference", flat=True)
        )
        assert references == [f"{priority.code}-{n:02d}" for n in range(1, len(references) + 1)]


def test_sample_rows_verbatim_with_typos(barnet):
    cse02 = Action.objects.get(reference="CSE-02", objective__priority__plan=barnet)
    assert cse02.how.startswith("Develop inter and intra agency polices on processes")  # "polices" as printed
    assert (cse02.responsible_leads, cse02.outcomes, cse02.timescale) == (
        "MASE : Hema Parmar Jo Moses",
        "CSE Strategy published on website",
        "July 2014",
    )
    cse03 = Action.objects.get(reference="CSE-03", objective__priority__plan=barnet)
    assert cse03.how == (
        "Develop and oversee local prevention strategies aligned to local profile, Barnet's Early Intervention "
        "Strategy and Keeping Young People Safe Project (KYPS)."
    )
    cse11 = Action.objects.get(reference="CSE-11", objective__priority__plan=barnet)
    assert (
        cse11.objective.what == "Assist children and young people to recognise abusive and or exploitative behaviour."
    )
    assert cse11.responsible_leads == "MASE, CSE Co- ordinator and Youth Shield"
    neg07 = Action.objects.get(reference="NEG-07", objective__priority__plan=barnet)
    assert neg07.timescale == "April to July 2014 July to Sep 2014 July to Sep 2014 July to Sep 2014"
    assert (neg07.start_date, neg07.due_date, neg07.timescale_needs_review) == (None, None, True)
    neg10 = Action.objects.get(reference="NEG-10", objective__priority__plan=barnet)
    assert neg10.responsible_leads == "Jo Pymont (Carolyn Greenaway / Erica Ferrari)"
    da11 = Action.objects.get(reference="DA-11", objective__priority__plan=barnet)
    assert (da11.outcomes, da11.timescale) == (
        "Increase in victims securing the right support, evidence feedback from CYP.",
        "Jul 14 to July 2015",
    )
    assert da11.objective.what.endswith("Secure the right support for victims aged 13-18 years.")
    da12 = Action.objects.get(reference="DA-12", objective__priority__plan=barnet)
    assert da12.how.endswith("attendance and outcomes? CHECK")
    es12 = Action.objects.get(reference="ES-12", objective__priority__plan=barnet)
    assert es12.timescale == "Jul 2014 to Jul 2105"
    assert (es12.start_date, es12.due_date, es12.timescale_needs_review) == (None, None, True)
    assert es12.timescale_review_note == "Year 2105 is outside the plan period 2014-2016."
    es02 = Action.objects.get(reference="ES-02", objective__priority__plan=barnet)
    assert es02.how.endswith("produce guidance for")  # the cell is cut short in the plan itself
    core = barnet.core_priorities.get(order=2)
    assert core.outcomes.get().text.endswith("consistent engagement in panning and good co-ordination of care.")


def test_every_text_is_as_written_in_the_plan(barnet, seed_text):
    checked = 0
    for action in Action.objects.filter(objective__priority__plan=barnet).select_related("objective__priority"):
        for text in (action.how, action.responsible_leads, action.outcomes, action.timescale, action.objective.what):
            assert _in_seed(text, seed_text), (action.reference, text)
            checked += 1
    for priority in barnet.priorities.all():
        for paragraph in priority.narrative.split("\n\n") + priority.sources.splitlines():
            assert _in_seed(paragraph.replace("\n", " "), seed_text) or all(
                _in_seed(line, seed_text) for line in paragraph.splitlines()
            ), paragraph
    for text in list(CoreMeasure.objects.values_list("text", flat=True)) + list(
        CoreOutcome.objects.values_list("text", flat=True)
    ):
        assert _in_seed(text, seed_text), text
    for title in barnet.core_priorities.values_list("title", flat=True):
        assert _in_seed(title, seed_text), title
    for bullet in barnet.mission + barnet.ambition + barnet.continuing_priorities:
        assert _squash(bullet) in seed_text
    assert checked == 55 * 5


def test_derived_dates_are_what_the_parser_gives(barnet):
    flagged = []
    for action in Action.objects.filter(objective__priority__plan=barnet):
        derived = parse_timescale(action.timescale, period=(barnet.start_year, barnet.end_year))
        assert (action.start_date, action.due_date, action.timescale_needs_review, action.timescale_review_note) == (
            derived.start,
            derived.due,
            derived.needs_review,
            derived.note,
        ), action.reference
        if derived.needs_review:
            flagged.append(action.reference)
    assert flagged == ["NEG-07", "NEG-08", "ES-12"]


def test_split_cells_become_separate_actions(barnet):
    def rows(*references):
        return [
            (a.reference, a.timescale, a.start_date and a.start_date.isoformat(), a.due_date and a.due_date.isoformat())
            for a in Action.objects.filter(reference__in=references, objective__priority__plan=barnet).order_by("id")
        ]

    assert rows("CSE-02", "CSE-03", "CSE-04") == [
        ("CSE-02", "July 2014", "2014-07-01", "2014-07-31"),
        ("CSE-03", "July-Dec 2014", "2014-07-01", "2014-12-31"),
        ("CSE-04", "Jan-Dec 2015", "2015-01-01", "2015-12-31"),
    ]
    assert rows("DA-01", "DA-02") == [
        ("DA-01", "Oct 2014", "2014-10-01", "2014-10-31"),
        ("DA-02", "Oct 2014", "2014-10-01", "2014-10-31"),
    ]
    caada = Action.objects.filter(reference__in=["DA-08", "DA-09", "DA-10", "DA-11"], objective__priority__plan=barnet)
    assert {a.objective_id for a in caada} == {caada[0].objective_id}
    assert [a.timescale for a in caada.order_by("order")] == ["Oct 2014", "Dec 2014", "Dec 2014", "Jul 14 to July 2015"]
    neg = Action.objects.filter(objective__priority__plan=barnet, objective__priority__code="NEG", objective__order=3)
    assert [a.timescale for a in neg.order_by("order")][:4] == [
        "April to July 2014",
        "July to Sep 2014",
        "July to Sep 2014",
        "July to Sep 2014",
    ]


PEOPLE = [
    "Jo Moses", "Kaye Wise", "Hema Parmar", "Zainab Bundu", "Mari Martin", "Carolyn Greenaway", "Bilal Khan",
    "Jo Pymont", "Erica Ferrari", "DI John Cannon", "Simon Corkhill",
]  # fmt: skip
GROUPS = [
    "MASE", "LA Social Care", "YOS", "Youth Board", "Youth Shield", "BPSI", "HT Reps", "HTs", "Vol Sec",
    "CSE Co-ordinator", "MASH", "DV & VAWG", "Police rep", "E-Safety sub-group",
]  # fmt: skip
PLACEHOLDERS = ["Task Group to be established", "Lead contact for each partner", "All"]

# How each lead is written in the cells (the cell text stays as printed; these spellings all mean that lead).
# Default: the lead's own name as a whole word.
SPELLINGS = {
    "Hema Parmar": r"Hema Parmar|\bHP\b",
    "CSE Co-ordinator": r"CSE Co- ?[oO]rdinator",
    "HT Reps": r"HT [Rr]ep|Head Teacher \(HTs\) Reps",
    "HTs": r"/ HTs$",
    "E-Safety sub-group": r"E-Safety sub- group",
    "All": r"^All$",
}


def test_every_lead_named_in_a_cell_is_linked_from_that_action(barnet):
    actions = list(Action.objects.filter(objective__priority__plan=barnet).prefetch_related("leads"))
    links = 0
    for lead in Lead.objects.filter(board=barnet.board):
        pattern = SPELLINGS.get(lead.name, rf"(?<![\w-]){re.escape(lead.name)}(?![\w-])")
        for action in actions:
            named = bool(re.search(pattern, action.responsible_leads))
            assert (lead in action.leads.all()) == named, (lead.name, action.reference, action.responsible_leads)
            links += named
    assert all(action.leads.exists() for action in actions)
    assert links == sum(action.leads.count() for action in actions) == 106


def test_group_membership_where_the_plan_says_so(barnet):
    def members(group):
        return sorted(Lead.objects.get(board=barnet.board, name=group).members.values_list("name", flat=True))

    assert members("MASE") == ["Hema Parmar", "Jo Moses", "Kaye Wise", "Mari Martin", "Zainab Bundu"]
    assert members("LA Social Care") == ["Carolyn Greenaway", "Jo Moses"]
    assert members("Youth Board") == ["Zainab Bundu"]
    assert members("YOS") == ["Mari Martin"]
    assert Lead.objects.get(board=barnet.board, name="DI John Cannon").agency.name == "Metropolitan Police (London SCB)"


def test_agencies_as_appendix_2_names_them(barnet):
    names = list(Agency.objects.filter(board=barnet.board).order_by("pk").values_list("name", flat=True))
    assert names == [
        "London Borough of Barnet",
        "Metropolitan Police (London SCB)",
        "Probation",
        "Barnet CCG",
        "Central London Community Healthcare (CLCH)",
        "Barnet Enfield Haringey Mental Health Trust",
        "Royal Free Hospital Trust (inc Barnet & Chase Farm Hospital)",
        "CAFCASS",
        "Schools",
        "Voluntary and faith community",
    ]


def test_plan_narrative_and_survey(barnet):
    board = barnet.board
    assert (board.name, board.short_name, board.slug) == ("Barnet Safeguarding Children Board", "BSCB", "barnet")
    assert (barnet.slug, barnet.period, barnet.dated, barnet.start_year, barnet.end_year) == (
        "2014-2016", "2014-2016", "June 2014", 2014, 2016,
    )  # fmt: skip
    assert barnet.introduction.split("\n\n")[1].startswith("The Business Plan sets out the BSCB's responsibilities")
    assert barnet.vision.startswith("Our Vision is to make Barnet a place")
    assert len(barnet.mission) == 3 and len(barnet.ambition) == 6 and len(barnet.continuing_priorities) == 5
    assert barnet.ambition[-1].startswith("a partnership that improves the quality of life of children")
    assert barnet.ambition_summary.startswith("The Board will provide strong, forward thinking")
    assert barnet.evidence_of_improvement[1] == "Measure the impact of BSCB's activity on outcomes for children,"
    assert barnet.evidence_of_improvement[-1].startswith("In addition, BSCB will undertake and evaluate s11 audits")
    assert [p[:30] for p in barnet.budget_and_risk] == [
        "The Budget Summary for 2013/14",
        "BSCB will receive progress at ",
        "We are aware from our experien",
    ]
    assert len(barnet.evidence_of_improvement) == 8 and len(barnet.survey_introduction) == 15
    assert barnet.survey_introduction[1:7] == [
        "Missing children", "Child sexual exploitation", "Serious Youth Violence", "E-Safety", "Neglect",
        "Domestic Violence",
    ]  # fmt: skip
    assert barnet.survey_introduction[7].startswith("We then consulted all key partner agencies in February 2014")
    assert (barnet.survey_members, barnet.survey_answered, barnet.survey_skipped) == (30, 23, 0)
    rows = [(r.order, r.area, str(r.response_percent), r.response_count) for r in barnet.survey_results.all()]
    assert rows == [
        (1, "Missing children", "30.4", 7),
        (2, "Child sexual exploitation", "65.2", 15),
        (3, "Serious Youth Violence", "52.2", 12),
        (4, "E-Safety", "39.1", 9),
        (5, "Neglect", "60.9", 14),
        (6, "Domestic violence", "52.2", 12),
    ]


def test_priority_narratives_and_sources(barnet):
    cse, neglect, da, es = barnet.priorities.all()
    assert cse.narrative.startswith("The BSCB is committed to safeguarding and protecting children")
    assert cse.sources.splitlines()[0] == "'How councils are raising awareness of child sexual exploitation' LGA 2013"
    assert neglect.sources.splitlines()[2] == "⁵ Both published in 2013"
    assert "neglect is the primary reason or contributory factor" in neglect.narrative
    assert da.action_plan_title == "Domestic Abuse Action Plan" and da.sources == ""
    assert "11% of 9-16 year olds have encountered sexual images on the internet in the past 12 months and" in (
        es.narrative
    )
    assert "Board Business Plan" not in es.sources  # the running page footer is not part of a footnote
    assert len(es.sources.splitlines()) == 3


def test_core_business_measures_and_outcomes(barnet):
    core = list(barnet.core_priorities.all())
    assert [c.measures.count() for c in core] == [2, 7, 14, 7, 10]
    assert [c.outcomes.count() for c in core] == [2, 1, 4, 4, 3]
    assert core[0].title.endswith(
        "from universal, through early help, child protection and children in care provision."
    )
    assert core[2].measures.get(order=4).text.startswith("An LSCB dataset with supports understanding")
    assert core[3].measures.get(order=3).text == (
        "Develop BSCB Quality Assurance Framework to enable the views of children and young people and their "
        "families to be incorporated in to audit work and case review work."
    )
    assert core[3].outcomes.get(order=3).text == (
        "Children's experiences of the safeguarding system are known and influence how we work together."
    )
