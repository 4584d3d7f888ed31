"""The benchmark's scale data: closed quarters carry the snapshots `quarter_close` would have written."""

import datetime

import pytest
from django.core.management import call_command

from audits.models import AgencyReturn, AuditCycle, StandardAssessment
from plans.models import Board, Quarter
from reporting.models import ActionSnapshot, IndicatorValue
from reporting.selectors import status_rows_live

pytestmark = pytest.mark.django_db

FIELDS = [
    "action_id",
    "priority_id",
    "stage_codes",
    "reference",
    "rag",
    "latest_update_id",
    "latest_update_at",
    "latest_update_author",
    "commentary",
    "needs_escalation",
    "due_date",
    "is_overdue",
    "updated_this_quarter",
]


def test_snapshots_match_what_closing_the_quarter_would_write():
    call_command("generate_scale_data", boards=1, actions=40, seed=7, stdout=None)
    board = Board.objects.get(slug="scale-000")
    quarters = list(Quarter.objects.filter(plan__board=board).order_by("start_date"))
    closed = [q for q in quarters if q.is_closed]
    assert len(quarters) == 12 and len(closed) == 11
    for quarter in (closed[0], closed[5], closed[-1]):
        frozen = sorted(
            (tuple(getattr(s, f) for f in FIELDS) for s in ActionSnapshot.objects.filter(quarter=quarter)),
        )
        live = sorted(
            tuple(getattr(s, f) for f in FIELDS)
            for s in status_rows_live(quarter, today=quarter.end_date + datetime.timedelta(days=1))
        )
        assert len(frozen) == 40
        assert frozen == live
    assert IndicatorValue.objects.filter(quarter__in=closed).count() == 6 * 11
    assert AuditCycle.objects.filter(board=board).count() == 3
    assert AgencyReturn.objects.filter(cycle__board=board).count() == 3 * 8
    assert StandardAssessment.objects.filter(agency_return__cycle__board=board).count() == 3 * 8 * 8
