"""The demo yearly report: DEBUG only, idempotent, marked Demo."""

import pytest
from django.core.management import CommandError, call_command

from annualreport.models import YearlyReport
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_report_demo")


def test_drafts_once_with_two_narratives_edited(settings, world):
    settings.DEBUG = True
    board = f.BoardFactory(name="Barnet Safeguarding Children Board", short_name="BSCB", slug="barnet")
    call_command("load_report_demo")
    call_command("load_report_demo")
    report = YearlyReport.objects.get(board=board)
    assert "Demo" in report.title and report.status == "draft"
    assert report.sections.get(key="glance").narrative.startswith("Demo:")
    assert report.sections.get(key="next-year").history.count() == 2
    assert not YearlyReport.objects.filter(board=world.board).exists()
