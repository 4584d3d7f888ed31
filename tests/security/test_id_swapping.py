"""Swapping ids: a form choice or a URL that names another board's (or another parent's) object is refused, and the
database is left exactly as it was. The permission matrix covers a whole URL of another board; these cover the
mixed cases: this board's object in the URL with another board's id in the form, or two ids that do not belong
together in one URL."""

import datetime

import pytest
from django.urls import reverse

from audits import services as audit_services
from audits.models import Recommendation, ThemedAudit
from tests import factories as f
from tests.audits.helpers import audits_of
from tests.budget.builders import budget_of
from tests.security.helpers import changed_tables, client_as, database_fingerprint


def _foreign(w):
    """Another board's agency, priority, quarter, audit cycle (standard, return, improvement action), themed audit
    (recommendation) and budget line."""

    def build(w):
        agency = f.AgencyFactory(board=w.other_board, name="Other Borough Council")
        cycle = audit_services.cycle_open(
            board=w.other_board,
            plan=w.other_plan,
            title="Other Section 11",
            financial_year=2014,
            deadline=datetime.date(2014, 12, 19),
            agencies=[agency],
            user=w.users["other_board_admin"],
        )
        agency_return = cycle.returns.get()
        assessment = agency_return.assessments.first()
        action = audit_services.improvement_action_save(
            assessment=assessment, description="Other", owner="Other", due_date=datetime.date(2015, 3, 31)
        )
        themed = ThemedAudit.objects.create(
            board=w.other_board, theme="Other", scope="Other", commissioned_on=datetime.date(2014, 7, 1)
        )
        recommendation = Recommendation.objects.create(
            themed_audit=themed, text="Other", owner="Other", due_date=datetime.date(2015, 1, 31)
        )
        budget = f.BudgetFactory(plan=w.other_plan)
        return {
            "agency": agency,
            "priority": w.other_plan.priorities.get(),
            "quarter": w.other_plan.quarters.get(state="open"),
            "standard": assessment.standard,
            "improvement_action": action,
            "recommendation": recommendation,
            "commitment": f.CommitmentLineFactory(budget=budget),
            "income": f.IncomeLineFactory(budget=budget),
        }

    return w.get("foreign", build)


THEMED = {"theme": "Neglect", "scope": "Twelve cases", "commissioned_on": "01/07/2014"}
SWAPPED_FORMS = [
    # (persona, url name, url kwargs, form data naming another board's object)
    (
        "audit_coordinator",
        "audits:cycle_create",
        lambda w: {},
        lambda w: {
            "title": "S11",
            "financial_year": "2015",
            "deadline": "18/12/2015",
            "agencies": [_foreign(w)["agency"].pk],
        },
    ),
    (
        "admin",
        "audits:questionnaire_answer",
        lambda w: {"pk": audits_of(w).cycle.pk},
        lambda w: {
            "agency": _foreign(w)["agency"].pk,
            **{f"q{q.pk}": "yes" for q in audits_of(w).cycle.questions.all()},
        },
    ),
    (
        "audit_coordinator",
        "audits:themed_create",
        lambda w: {},
        lambda w: {**THEMED, "agencies": [_foreign(w)["agency"].pk]},
    ),
    (
        "audit_coordinator",
        "audits:themed_create",
        lambda w: {},
        lambda w: {**THEMED, "priorities": [_foreign(w)["priority"].pk]},
    ),
    (
        "audit_coordinator",
        "audits:themed_update",
        lambda w: {"pk": audits_of(w).themed.pk},
        lambda w: {**THEMED, "agencies": [w.agency.pk, _foreign(w)["agency"].pk]},
    ),
    (
        "audit_coordinator",
        "audits:themed_update",
        lambda w: {"pk": audits_of(w).themed.pk},
        lambda w: {**THEMED, "priorities": [_foreign(w)["priority"].pk]},
    ),
    (
        "audit_coordinator",
        "audits:audit_map_create",
        lambda w: {},
        lambda w: {
            "agency": _foreign(w)["agency"].pk,
            "topic": "T",
            "reported_on": "01/12/2014",
            "summary_of_findings": "S",
        },
    ),
    (
        "admin",
        "budget:income_line_create",
        lambda w: {"pk": budget_of(w).pk},
        lambda w: {"description": "Schools", "amount": "-1,000", "order": "9", "agency": _foreign(w)["agency"].pk},
    ),
    (
        "admin",
        "budget:income_line_update",
        lambda w: {"pk": budget_of(w).income_lines.first().pk},
        lambda w: {"description": "Schools", "amount": "-1,000", "order": "1", "agency": _foreign(w)["agency"].pk},
    ),
]


@pytest.mark.parametrize(("persona", "url_name", "kwargs", "data"), SWAPPED_FORMS, ids=[c[1] for c in SWAPPED_FORMS])
def test_a_form_naming_another_boards_object_is_refused_and_changes_nothing(sworld, persona, url_name, kwargs, data):
    url, payload = reverse(url_name, kwargs=kwargs(sworld)), data(sworld)
    client = client_as(sworld, persona)
    before = database_fingerprint()

    response = client.post(url, payload)

    assert response.status_code == 200, "the form is shown again with an error"
    assert "Select a valid choice" in response.content.decode() or "Select" in str(response.context["form"].errors)
    assert response.context["form"].errors
    assert changed_tables(before, database_fingerprint()) == []


def test_monitoring_figures_for_another_boards_line_are_ignored(sworld):
    """Monitoring fields are named by line id: a crafted field for another budget's line writes nothing there."""
    foreign = _foreign(sworld)
    url = reverse("budget:monitoring_update", kwargs={"pk": budget_of(sworld).pk, "quarter_pk": sworld.open_quarter.pk})
    data = {f"spent_{foreign['commitment'].pk}": "5", f"received_{foreign['income'].pk}": "-5"}

    client_as(sworld, "admin").post(url, data)

    assert not foreign["commitment"].monitoring.exists()
    assert not foreign["income"].monitoring.exists()


SWAPPED_URLS = [
    # (persona, url name, kwargs pairing this board's object with another's child/quarter, form data)
    (
        "bmg",
        "reporting:challenge_create",
        lambda w: {"pk": w.open_quarter.pk, "action_pk": w.other_board_action.pk},
        {"text": "x"},
    ),
    (
        "admin",
        "reporting:challenge_create",
        lambda w: {"pk": _foreign(w)["quarter"].pk, "action_pk": w.action.pk},
        {"text": "x"},
    ),
    (
        "admin",
        "reporting:indicator_value_edit",
        lambda w: {"pk": w.extras["indicator"].pk, "quarter_pk": _foreign(w)["quarter"].pk},
        {"value": "1", "note": ""},
    ),
    (
        "admin",
        "budget:monitoring_update",
        lambda w: {"pk": budget_of(w).pk, "quarter_pk": _foreign(w)["quarter"].pk},
        {},
    ),
    (
        "audit_coordinator",
        "audits:standard_update",
        lambda w: {"pk": audits_of(w).cycle.pk, "standard_pk": _foreign(w)["standard"].pk},
        {"title": "x"},
    ),
    (
        "agency_contact",
        "audits:assessment_update",
        lambda w: {"pk": audits_of(w).own.pk, "standard_pk": _foreign(w)["standard"].pk},
        {"self_rating": "fully_met", "evidence": "x"},
    ),
    (
        "agency_contact",
        "audits:improvement_action_update",
        lambda w: {"pk": audits_of(w).own.pk, "action_pk": _foreign(w)["improvement_action"].pk},
        {"description": "x", "owner": "x", "due_date": "31/03/2015", "progress": "amber"},
    ),
    (
        "audit_coordinator",
        "audits:recommendation_update",
        lambda w: {"pk": audits_of(w).themed.pk, "recommendation_pk": _foreign(w)["recommendation"].pk},
        {"text": "x", "owner": "x", "due_date": "31/03/2015", "rag": "green"},
    ),
]


@pytest.mark.parametrize(("persona", "url_name", "kwargs", "data"), SWAPPED_URLS, ids=[c[1] for c in SWAPPED_URLS])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_url_pairing_objects_that_do_not_belong_together_is_not_found(
    sworld, persona, url_name, kwargs, data, method
):
    url = reverse(url_name, kwargs=kwargs(sworld))
    client = client_as(sworld, persona)
    before = database_fingerprint()

    response = getattr(client, method)(url, data if method == "post" else None)

    assert response.status_code == 404, f"{url_name} {method}: {response.status_code}"
    assert changed_tables(before, database_fingerprint()) == []
