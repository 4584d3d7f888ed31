"""Objects for the follow-through tests (issue 18, parts 4 and 5) beside `audits_of(world)`: an earlier 2013/14 cycle
whose Home Borough Council return is accepted (its first standard Partially met with an open improvement action), a
2015/16 cycle carried forward from it, an agency not yet in any cycle, and a cycle and an audit map entry of the other
board.

The earlier cycle is its own, not `audits_of(world)`'s 2014/15 one: the permission cases and the security tests
resolve every case's objects in one world, where `audits_of`'s draft and submitted returns must stay as they are."""

import datetime
from types import SimpleNamespace

from audits import services
from audits.models import Rating, SingleAgencyAudit
from tests import factories as f
from tests.audits.helpers import audits_of, complete


def _earlier(w, coordinator):
    cycle = services.cycle_open(
        board=w.board,
        plan=w.plan,
        title="Section 11 audit 2013/14",
        financial_year=2013,
        deadline=datetime.date(2013, 12, 20),
        agencies=[w.agency],
        user=coordinator,
    )
    own = complete(cycle.returns.get(agency=w.agency), Rating.FULLY_MET)
    first = own.assessments.order_by("standard__order").first()
    services.assessment_update(assessment=first, self_rating=Rating.PARTIALLY_MET, evidence=first.evidence)
    action = services.improvement_action_save(
        assessment=first,
        description="Refresh the safeguarding policy",
        owner="Head of service",
        due_date=datetime.date(2015, 3, 31),
    )
    services.return_submit(agency_return=own, user=w.users["agency_contact"])
    services.return_accept(agency_return=own, user=coordinator)
    return SimpleNamespace(cycle=cycle, own=own, action=action)


def _build(w):
    base = audits_of(w)
    coordinator = w.users["audit_coordinator"]
    a = _earlier(w, coordinator)
    schools = f.AgencyFactory(board=w.board, name="Home Schools Service", sector="Education")
    new_cycle = services.cycle_open(
        board=w.board,
        plan=w.plan,
        title="Section 11 audit 2015/16",
        financial_year=2015,
        deadline=datetime.date(2015, 12, 18),
        agencies=[w.agency, w.other_agency],
        user=coordinator,
        carry_from=a.cycle,
    )
    other_agency = f.AgencyFactory(board=w.other_board, name="Other Council")
    other_cycle = services.cycle_open(
        board=w.other_board,
        title="Other board's Section 11 audit",
        financial_year=2014,
        deadline=datetime.date(2014, 12, 19),
        agencies=[other_agency],
    )
    other_entry = SingleAgencyAudit.objects.create(
        board=w.other_board,
        agency=other_agency,
        topic="Other board's audit",
        reported_on=datetime.date(2014, 10, 1),
        summary_of_findings="Not yours.",
    )
    return SimpleNamespace(
        old=a,
        cycle=new_cycle,
        own=new_cycle.returns.get(agency=w.agency),
        police=new_cycle.returns.get(agency=w.other_agency),
        schools=schools,
        other_cycle=other_cycle,
        other_return=other_cycle.returns.get(),
        other_entry=other_entry,
        entry=base.entry,
    )


def followthrough_of(world):
    return world.get("followthrough", _build)
