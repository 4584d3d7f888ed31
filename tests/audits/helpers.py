"""Audit objects on top of the persona world: a 2014/15 cycle where Home Borough Council (agency_contact) has a
complete draft return with an improvement action, Home Police (agency_contact_other) an empty draft, and Home Health
Trust a submitted return; plus a themed audit with a recommendation and an audit map entry."""

import datetime
from types import SimpleNamespace

from audits import services
from audits.models import Rating, Recommendation, SingleAgencyAudit, ThemedAudit
from tests import factories as f

DEADLINE = datetime.date(2014, 12, 19)


def complete(agency_return, rating=Rating.PARTIALLY_MET):
    for assessment in agency_return.assessments.all():
        services.assessment_update(
            assessment=assessment, self_rating=rating, evidence=f"Evidence for {assessment.standard.title}"
        )
    return agency_return


def _build(w):
    health = f.AgencyFactory(board=w.board, name="Home Health Trust", sector="Health")
    cycle = services.cycle_open(
        board=w.board,
        plan=w.plan,
        title="Section 11 audit 2014/15",
        financial_year=2014,
        deadline=DEADLINE,
        agencies=[w.agency, w.other_agency, health],
        user=w.users["audit_coordinator"],
    )
    # Fully met but the first standard, Partially met with its improvement action: a return that can be sent (a gap
    # with no action blocks submission).
    own = complete(cycle.returns.get(agency=w.agency), Rating.FULLY_MET)
    first = own.assessments.order_by("standard__order").first()
    services.assessment_update(assessment=first, self_rating=Rating.PARTIALLY_MET, evidence=first.evidence)
    action = services.improvement_action_save(
        assessment=first,
        description="Refresh the safeguarding policy",
        owner="Head of service",
        due_date=datetime.date(2015, 3, 31),
    )
    other = cycle.returns.get(agency=w.other_agency)
    submitted = complete(cycle.returns.get(agency=health), Rating.FULLY_MET)
    services.return_submit(agency_return=submitted, user=None)
    themed = ThemedAudit.objects.create(
        board=w.board,
        theme="Neglect: repeat child protection plans",
        scope="Twelve cases of children subject to a second child protection plan for neglect",
        commissioned_on=datetime.date(2014, 7, 1),
    )
    themed.agencies.set([w.agency, w.other_agency])
    themed.priorities.set([w.priority])
    recommendation = Recommendation.objects.create(
        themed_audit=themed,
        text="Chairs check drift at every review",
        owner="CP chair",
        due_date=datetime.date(2015, 1, 31),
    )
    entry = SingleAgencyAudit.objects.create(
        board=w.board,
        agency=w.other_agency,
        topic="Missing children",
        reported_on=datetime.date(2014, 10, 1),
        summary_of_findings="Return interviews were offered in most cases.",
    )
    return SimpleNamespace(
        cycle=cycle,
        own=own,
        other=other,
        submitted=submitted,
        first_standard=first.standard,
        action=action,
        health=health,
        themed=themed,
        recommendation=recommendation,
        entry=entry,
    )


def audits_of(world):
    return world.get("audits", _build)
