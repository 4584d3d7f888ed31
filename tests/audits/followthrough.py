"""Objects for the follow-through tests (issue 18, parts 4 and 5) on top of `audits_of(world)`: Home Borough Council's
2014/15 return accepted (its first standard Partially met with an open improvement action), a 2015/16 cycle carried
forward from it, an agency not yet in any cycle, and a cycle and an audit map entry of the other board."""

import datetime
from types import SimpleNamespace

from audits import services
from audits.models import SingleAgencyAudit
from tests import factories as f
from tests.audits.helpers import audits_of


def _build(w):
    a = audits_of(w)
    coordinator = w.users["audit_coordinator"]
    services.return_submit(agency_return=a.own, user=w.users["agency_contact"])
    services.return_accept(agency_return=a.own, user=coordinator)
    services.return_accept(agency_return=a.submitted, user=coordinator)
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
        entry=a.entry,
    )


def followthrough_of(world):
    return world.get("followthrough", _build)
