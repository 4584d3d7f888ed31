"""Carry forward (issue 18, part 4): a new cycle starts each agency's return from its accepted return of an earlier
cycle of the board: ratings and evidence copied by standard title and marked until confirmed or changed, open
improvement actions copied and the old ones closed by a FindingUpdate (status unchanged), nothing tracked twice."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from audits import services
from audits.carry_forward import carry_forward, earlier_cycles, open_improvement_actions
from audits.models import AuditCycle, FindingUpdate, ImprovementAction, Rating, ReturnStatus
from audits.selectors import compliance_overview
from priorities.models import Rag
from tests.audits.followthrough import followthrough_of
from tests.audits.helpers import audits_of

pytestmark = pytest.mark.django_db


def test_accepted_returns_are_carried_forward_with_ratings_evidence_and_the_mark(world):
    t = followthrough_of(world)
    assert t.own.carried_from == t.old.own
    assessments = list(t.own.assessments.select_related("standard").order_by("standard__order"))
    assert all(a.carried_forward for a in assessments)
    assert assessments[0].self_rating == Rating.PARTIALLY_MET
    assert [a.self_rating for a in assessments[1:]] == [Rating.FULLY_MET] * 7
    assert assessments[0].evidence == "Evidence for Senior management commitment"
    assert not assessments[0].moderated_rating  # moderation judged the old return only
    # Home Police's 2014/15 return was never accepted: its new return starts blank.
    assert t.police.carried_from is None
    assert not t.police.assessments.filter(carried_forward=True).exists()
    assert t.police.assessments.exclude(self_rating="").count() == 0


def test_open_improvement_actions_are_copied_and_the_old_ones_closed_once(world):
    t = followthrough_of(world)
    old = t.old.action
    new = ImprovementAction.objects.get(assessment__agency_return=t.own)
    assert (new.description, new.owner, new.due_date, new.carried_from) == (
        old.description,
        old.owner,
        old.due_date,
        old,
    )
    update = FindingUpdate.objects.get(improvement_action=old)
    assert update.note == "Carried forward to Section 11 audit 2015/16"
    assert (update.rag_before, update.rag) == (Rag.NOT_STARTED, Rag.NOT_STARTED)
    assert update.author == world.users["audit_coordinator"]
    old.refresh_from_db()
    assert old.progress == Rag.NOT_STARTED  # status left unchanged
    # Nothing tracked twice: only the copy is open.
    assert list(
        open_improvement_actions(
            ImprovementAction.objects.filter(
                description=old.description, assessment__agency_return__cycle__in=[t.old.cycle, t.cycle]
            )
        )
    ) == [new]
    # Running it again copies nothing twice.
    assert carry_forward(cycle=t.cycle, source=t.old.cycle, user=None) == []
    assert ImprovementAction.objects.filter(carried_from=old).count() == 1
    assert FindingUpdate.objects.filter(improvement_action=old).count() == 1


def test_a_complete_action_is_not_carried_forward(world):
    a = audits_of(world)
    ImprovementAction.objects.filter(pk=a.action.pk).update(progress=Rag.COMPLETE)
    coordinator = world.users["audit_coordinator"]
    services.return_submit(agency_return=a.own, user=world.users["agency_contact"])
    services.return_accept(agency_return=a.own, user=coordinator)
    cycle = services.cycle_open(
        board=world.board,
        title="Next",
        financial_year=2015,
        deadline=datetime.date(2015, 12, 18),
        agencies=[world.agency],
        carry_from=a.cycle,
        user=coordinator,
    )
    assert cycle.returns.get().assessments.filter(carried_forward=True).count() == 8
    assert not ImprovementAction.objects.filter(assessment__agency_return__cycle=cycle).exists()
    assert not FindingUpdate.objects.filter(improvement_action=a.action).exists()


def test_only_standards_with_the_same_title_are_copied(world):
    a = audits_of(world)
    coordinator = world.users["audit_coordinator"]
    services.return_submit(agency_return=a.own, user=world.users["agency_contact"])
    services.return_accept(agency_return=a.own, user=coordinator)
    cycle = services.cycle_open(
        board=world.board,
        title="Next",
        financial_year=2015,
        deadline=datetime.date(2015, 12, 18),
        agencies=[world.agency],
        standards=[("  senior MANAGEMENT commitment ", ""), ("Early help", "")],
        carry_from=a.cycle,
        user=coordinator,
    )
    carried = {x.standard.title: x.carried_forward for x in cycle.returns.get().assessments.select_related("standard")}
    assert carried == {"  senior MANAGEMENT commitment ": True, "Early help": False}


def test_another_boards_cycle_cannot_be_a_source(world):
    t = followthrough_of(world)
    with pytest.raises(ValueError):
        carry_forward(cycle=t.cycle, source=t.other_cycle)
    assert t.other_cycle not in earlier_cycles(world.board)
    assert list(earlier_cycles(world.board, exclude=t.cycle)) == [t.old.cycle]


def test_the_return_page_marks_each_carried_assessment_and_the_contact_confirms_or_changes(world, client_for):
    t = followthrough_of(world)
    client = client_for("agency_contact")
    url = reverse("audits:return_detail", args=[t.own.pk])
    page = client.get(url).content.decode()
    assert page.count("Carried forward from Section 11 audit 2013/14: confirm or change") == 8
    assert "8 still to confirm" in page
    first, second = t.own.assessments.order_by("standard__order")[:2]
    response = client.post(reverse("audits:assessment_confirm", args=[t.own.pk, first.standard_id]), follow=True)
    assert "Confirmed: Senior management commitment" in response.content.decode()
    first.refresh_from_db()
    assert (first.carried_forward, first.self_rating) == (False, Rating.PARTIALLY_MET)
    client.post(
        reverse("audits:assessment_update", args=[t.own.pk, second.standard_id]),
        {"self_rating": "not_met", "evidence": "The statement is out of date"},
    )
    second.refresh_from_db()
    assert (second.carried_forward, second.self_rating) == (False, Rating.NOT_MET)
    page = client.get(url).content.decode()
    assert page.count("Carried forward from Section 11 audit 2013/14: confirm or change") == 6


def test_a_return_with_unconfirmed_assessments_cannot_be_submitted_and_the_error_names_them(world, client_for):
    t = followthrough_of(world)
    for assessment in t.own.assessments.order_by("standard__order")[:7]:
        services.assessment_confirm(assessment=assessment)
    with pytest.raises(services.TransitionRefused, match="Still to confirm: Information sharing\\.$"):
        services.return_submit(agency_return=t.own, user=world.users["agency_contact"])
    response = client_for("agency_contact").post(reverse("audits:return_submit", args=[t.own.pk]), follow=True)
    assert "Still to confirm: Information sharing." in response.content.decode()
    t.own.refresh_from_db()
    assert t.own.status == ReturnStatus.DRAFT
    services.assessment_confirm(assessment=t.own.assessments.get(standard__title="Information sharing"))
    services.return_submit(agency_return=t.own, user=world.users["agency_contact"])
    t.own.refresh_from_db()
    assert t.own.status == ReturnStatus.SUBMITTED


def test_a_submitted_return_cannot_be_confirmed(world, client_for):
    t = followthrough_of(world)
    assessment = t.own.assessments.first()
    t.own.status = ReturnStatus.SUBMITTED
    t.own.save(update_fields=["status"])
    response = client_for("agency_contact").post(
        reverse("audits:assessment_confirm", args=[t.own.pk, assessment.standard_id]), follow=True
    )
    assert "cannot be changed now" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.carried_forward


def test_confirm_is_post_only_and_scoped(world, client_for):
    t = followthrough_of(world)
    assessment = t.own.assessments.first()
    url = reverse("audits:assessment_confirm", args=[t.own.pk, assessment.standard_id])
    assert client_for("agency_contact").get(url).status_code == 405
    assert client_for("agency_contact_other").post(url).status_code == 404
    assert client_for("audit_coordinator").post(url).status_code == 403
    assessment.refresh_from_db()
    assert assessment.carried_forward


@time_machine.travel(datetime.date(2015, 6, 1))
def test_the_cycle_form_offers_the_boards_earlier_cycles_and_carries_forward(world, client_for):
    t = followthrough_of(world)  # Home Borough Council's 2013/14 return accepted
    a, followthrough_other = t.old, t.other_cycle
    client = client_for("audit_coordinator")
    page = client.get(reverse("audits:cycle_create")).content.decode()
    assert "No: start every return blank" in page
    assert "Section 11 audit 2013/14" in page
    assert page.count("<option") == 2  # none, and the one earlier cycle with an accepted return
    assert followthrough_other.title not in page  # another board's cycle is never offered
    data = {
        "title": "Section 11 audit 2016/17",
        "financial_year": "2016",
        "deadline": "16/12/2016",
        "agencies": [world.agency.pk, world.other_agency.pk],
    }
    # Another board's cycle as the source is refused and opens nothing.
    response = client.post(reverse("audits:cycle_create"), {**data, "carry_from": followthrough_other.pk})
    assert "Select one of the board&#x27;s earlier cycles, or none" in response.content.decode()
    assert not AuditCycle.objects.filter(title="Section 11 audit 2016/17").exists()
    response = client.post(reverse("audits:cycle_create"), {**data, "carry_from": a.cycle.pk}, follow=True)
    assert "2 agencies are asked to return; 1 started from Section 11 audit 2013/14" in response.content.decode()
    cycle = AuditCycle.objects.get(title="Section 11 audit 2016/17")
    assert cycle.returns.get(agency=world.agency).carried_from == a.own


def test_the_old_overview_says_where_an_action_was_carried_and_not_overdue(world):
    t = followthrough_of(world)
    overview = compliance_overview(t.old.cycle, today=datetime.date(2016, 1, 1))
    action = next(x for x in overview.actions if x.pk == t.old.action.pk)
    assert action.carried_to_cycle == "Section 11 audit 2015/16"
    assert action.overdue is False
