"""The compliance overview's figures, the questionnaire summary, the dashboard panel and the loading commands."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from audits import services
from audits.models import AgencyReturn, Answer, AuditCycle, ThemedAudit
from audits.selectors import compliance_overview, dashboard_panel_context, questionnaire_summary
from tests import factories as f
from tests.audits.helpers import audits_of, complete

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.date(2015, 1, 5))
def test_overview_counts_received_accepted_and_overdue(world):
    a = audits_of(world)
    services.return_accept(agency_return=a.submitted, user=world.users["audit_coordinator"])
    services.return_submit(agency_return=a.own, user=world.users["agency_contact"])
    overview = compliance_overview(a.cycle)
    counts = overview.counts
    assert (counts["required"], counts["received"], counts["accepted"], counts["overdue"]) == (3, 2, 1, 1)
    overdue = [row.agency_return.agency.name for row in overview.rows if row.overdue]
    assert overdue == ["Home Police"]
    # Ratings per standard count only received returns: Health Trust fully met, Borough Council partially met.
    first = overview.rating_counts[0]["counts"]
    assert first == [("Fully met", 1), ("Partially met", 1), ("Not met", 0)]
    assert [action.description for action in overview.actions] == ["Refresh the safeguarding policy"]


@time_machine.travel(datetime.date(2014, 12, 1))
def test_nothing_is_overdue_before_the_deadline(world):
    assert compliance_overview(audits_of(world).cycle).counts["overdue"] == 0


@time_machine.travel(datetime.date(2015, 1, 5))
def test_overview_page_shows_words_moderation_and_actions(world, client_for):
    a = audits_of(world)
    services.return_submit(agency_return=a.own, user=world.users["agency_contact"])
    assessment = a.own.assessments.get(standard=a.first_standard)
    services.assessment_moderate(
        assessment=assessment, user=world.users["audit_coordinator"], moderated_rating="not_met", notes="No evidence"
    )
    page = client_for("board_member").get(reverse("audits:cycle_detail", args=[a.cycle.pk])).content.decode()
    assert "2 of 3" in page  # received
    assert "1 overdue" in page
    assert "Self: Partially met. Moderated lower" in page
    assert "Refresh the safeguarding policy" in page
    assert "Not started" in page  # the action's progress, as a word
    assert "Not yet submitted" in page  # Home Police's cells


def test_overview_query_count_does_not_grow_with_agencies(world, django_assert_num_queries, client_for):
    a = audits_of(world)
    client = client_for("board_member")
    url = reverse("audits:cycle_detail", args=[a.cycle.pk])
    client.get(url)
    with django_assert_num_queries(NUM_OVERVIEW_QUERIES):
        client.get(url)
    for n in range(3):
        agency = f.AgencyFactory(board=world.board, name=f"Extra agency {n}")
        complete(services.return_add(cycle=a.cycle, agency=agency))
    with django_assert_num_queries(NUM_OVERVIEW_QUERIES):
        client.get(url)


NUM_OVERVIEW_QUERIES = 14


def test_overview_csv_has_a_row_per_agency_with_words(world, client_for):
    a = audits_of(world)
    content = client_for("bmg").get(reverse("audits:cycle_export", args=[a.cycle.pk])).content.decode()
    lines = content.strip().splitlines()
    assert len(lines) == 4
    assert lines[1].startswith("Home Borough Council,Draft,")
    assert "Fully met" in content


def test_questionnaire_counts_and_percentages(world):
    a = audits_of(world)
    questions = list(a.cycle.questions.all())
    for answer in [Answer.YES, Answer.YES, Answer.NO]:
        services.questionnaire_submit(cycle=a.cycle, agency=world.agency, answers=dict.fromkeys(questions, answer))
    services.questionnaire_submit(cycle=a.cycle, agency=world.other_agency, answers={questions[0]: Answer.DONT_KNOW})
    summary = questionnaire_summary(a.cycle)
    first = summary["questions"][0]
    assert first["total"] == 4
    assert [(x["label"], x["count"], x["percent"]) for x in first["answers"]] == [
        ("Yes", 2, 50),
        ("No", 1, 25),
        ("Don't know", 1, 25),
    ]
    assert summary["questions"][1]["answers"][0]["percent"] == 67  # 2 of 3, rounded
    assert summary["responses"] == 4
    assert {x["name"]: x["responses"] for x in summary["agencies"]} == {"Home Borough Council": 3, "Home Police": 1}


def test_questionnaire_is_anonymous_and_fixed_to_the_contacts_agency(world, client_for):
    a = audits_of(world)
    data = {f"q{q.pk}": "no" for q in a.cycle.questions.all()}
    data["agency"] = world.agency.pk  # ignored: a contact answers for their own agency
    response = client_for("agency_contact_other").post(reverse("audits:questionnaire_answer", args=[a.cycle.pk]), data)
    assert response.status_code == 302
    response_row = a.cycle.responses.get()
    assert response_row.agency == world.other_agency
    assert not any(field.name in ("user", "author") for field in response_row._meta.fields)
    page = client_for("bmg").get(reverse("audits:questionnaire_results", args=[a.cycle.pk])).content.decode()
    assert "0 (0%)" in page and "1 (100%)" in page


def test_questionnaire_needs_every_answer(world, client_for):
    a = audits_of(world)
    response = client_for("lead").post(reverse("audits:questionnaire_answer", args=[a.cycle.pk]), {})
    page = response.content.decode()
    assert "Select the agency you work for" in page
    assert "Answer: Do you know who the designated safeguarding lead is in your agency?" in page


@time_machine.travel(datetime.date(2015, 2, 1))
def test_dashboard_panel_counts_returns_for_the_quarters_plan(world):
    a = audits_of(world)
    services.return_accept(agency_return=a.submitted, user=world.users["audit_coordinator"])
    quarter = next(q for q in world.quarters if q.financial_year == 2014 and q.number == 4)
    context = dashboard_panel_context(quarter)
    assert (context["cycle"], context["required"], context["received"], context["accepted"], context["overdue"]) == (
        a.cycle,
        3,
        1,
        1,
        2,
    )
    q2 = next(q for q in world.quarters if q.financial_year == 2014 and q.number == 2)
    assert dashboard_panel_context(q2)["overdue"] == 0  # the deadline had not passed by the end of Q2


def test_the_panel_is_registered():
    from reporting.panels import panels

    assert any(p.key == "audits" and p.template == "audits/_dashboard_panel.html" for p in panels())


BARNET_AGENCIES = [
    "London Borough of Barnet",
    "Metropolitan Police (London SCB)",
    "Probation",
    "Barnet CCG",
    "Central London Community Healthcare (CLCH)",
    "Barnet Enfield Haringey Mental Health Trust",
    "Royal Free Hospital Trust (inc Barnet & Chase Farm Hospital)",
    "CAFCASS",
]


def _barnet():
    board = f.BoardFactory(name="Barnet Safeguarding Children Board", short_name="BSCB", slug="barnet")
    f.PlanFactory(board=board, slug="2014-2016")
    for name in BARNET_AGENCIES:
        f.AgencyFactory(board=board, name=name)
    f.PriorityFactory(plan=board.plans.get(), title="Neglect", slug="neglect")
    return board


def test_load_audit_cycle_is_idempotent_and_finds_agencies_by_name():
    board = _barnet()
    call_command("load_audit_cycle")
    call_command("load_audit_cycle")
    cycle = AuditCycle.objects.get(board=board)
    assert cycle.title == "Section 11 audit 2014/15"
    assert cycle.deadline == datetime.date(2014, 12, 19)
    assert sorted(cycle.returns.values_list("agency__name", flat=True)) == sorted(BARNET_AGENCIES)
    assert [s.title for s in cycle.standards.all()][:2] == [
        "Senior management commitment",
        "Statement of responsibilities towards children",
    ]
    assert cycle.standards.count() == 8
    assert set(cycle.returns.values_list("status", flat=True)) == {"draft"}


def test_load_audit_cycle_names_a_missing_agency_and_loads_nothing():
    board = _barnet()
    board.agencies.get(name="CAFCASS").delete()
    with pytest.raises(CommandError, match="Agencies not found on BSCB: CAFCASS"):
        call_command("load_audit_cycle")
    assert not AuditCycle.objects.exists()


def test_load_audit_demo_refuses_without_debug():
    _barnet()
    call_command("load_audit_cycle")
    with pytest.raises(CommandError, match="production loads no demo data"):
        call_command("load_audit_demo")


@override_settings(DEBUG=True)
def test_load_audit_demo_loads_returns_in_every_state_once():
    _barnet()
    call_command("load_audit_cycle")
    call_command("load_audit_demo")
    call_command("load_audit_demo")
    statuses = set(AgencyReturn.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "challenged", "accepted"}
    assert AgencyReturn.objects.filter(is_demo=True).count() == 8
    themed = ThemedAudit.objects.get(theme__startswith="Neglect")
    assert themed.is_demo and themed.priorities.get().title == "Neglect"
    assert themed.recommendations.count() == 2
    # The second, on CSE, with its lead-owned recommendations: tests/audits/test_findings_pages.py.
    assert ThemedAudit.objects.filter(is_demo=True).count() == 2


@time_machine.travel(datetime.date(2015, 2, 1))
def test_the_panel_renders_its_figures_in_words():
    from django.template.loader import render_to_string

    html = render_to_string(
        "audits/_dashboard_panel.html",
        {
            "cycle": AuditCycle(pk=1, title="Section 11 audit 2014/15", deadline=datetime.date(2014, 12, 19)),
            "required": 8,
            "received": 5,
            "accepted": 2,
            "overdue": 3,
        },
    )
    assert "Section 11 audits" in html
    assert "5 of 8" in html and "2 of 8" in html and "3 overdue" in html
