"""The yearly report's pages and their rules: prefilled narrative, duplicates refused, live until signed off, frozen
after, read-only once signed off, undo with a reason, nothing lost from a section's history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annualreport import content, services
from annualreport.models import ReportSection, SignOffEvent, YearlyReport
from priorities.models import Action, Rag
from tests.annualreport.data import at, build_year, update

pytestmark = pytest.mark.django_db


def start(client, year="2014", template="children", month="4"):
    return client.post(
        reverse("annualreport:report_start"), {"template": template, "start_month": month, "start_year": year}
    )


@pytest.fixture
def report(world):
    build_year(world)
    return services.start_report(
        board=world.board, template="children", period_start=datetime.date(2014, 4, 1), user=world.users["admin"]
    )


def test_starting_a_report_creates_its_sections_with_a_factual_narrative(world, client_for):
    build_year(world)
    response = start(client_for("admin"))
    report = YearlyReport.objects.get(board=world.board)
    assert response.status_code == 302 and response.url == reverse("annualreport:report_detail", args=[report.pk])
    assert report.period_start == datetime.date(2014, 4, 1) and report.period_end == datetime.date(2015, 3, 31)
    assert report.title == "Home Safeguarding Children Board: yearly report 2014/15"
    assert [s.key for s in report.sections.all()][:3] == ["glance", "priorities", "actions"]
    glance = report.sections.get(key="glance")
    assert glance.narrative == (
        "In 2014/15 the board tracked 2 actions across 1 priority; 1 was completed during the year and 2 were "
        "reported red at some point."
    )
    assert report.sections.get(key="actions").narrative == (
        "2 actions were reported red at some point in 2014/15; 1 of them are now green or complete."
    )
    assert report.sections.get(key="learning").narrative == "The board had no learning review under way in 2014/15."
    assert report.easy_read.splitlines()[1] == "We worked on 2 things to keep people safe."


def test_a_period_of_twelve_months_from_any_month(world, client_for):
    start(client_for("admin"), year="2015", month="1", template="adults")
    report = YearlyReport.objects.get(board=world.board)
    assert (report.period_start, report.period_end) == (datetime.date(2015, 1, 1), datetime.date(2015, 12, 31))
    assert report.sections.first().key == "care-act-a"
    assert report.sections.count() == 10


def test_a_duplicate_period_is_refused_with_a_clear_error(world, client_for, report):
    response = start(client_for("admin"))
    assert response.status_code == 200
    assert "A yearly report of this kind already exists for this period" in response.content.decode()
    assert YearlyReport.objects.filter(board=world.board).count() == 1
    # The other board may have its own report for the same year.
    assert start(client_for("other_board_admin")).status_code == 302


def test_a_draft_shows_live_figures(world, client_for, report):
    before = content.report_document(report)
    update(world, world.other_action, Rag.COMPLETE, at(2015, 2, 1))
    after = content.report_document(YearlyReport.objects.get(pk=report.pk))
    glance = {f.label: f.value for f in after.sections[0].figures}
    assert glance["Actions completed in the year"] == "2"
    assert before.digest() != after.digest()
    page = client_for("bmg").get(reverse("annualreport:report_detail", args=[report.pk])).content.decode()
    assert "Figures as at" in page and "Draft" in page


def test_after_sign_off_the_report_reads_its_frozen_figures(world, client_for, report):
    response = client_for("admin").post(reverse("annualreport:sign_off", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_signed_off and report.signed_off_by == world.users["admin"]
    frozen = content.report_document(report)
    # The record changes after sign-off: the report does not.
    update(world, world.other_action, Rag.COMPLETE, at(2015, 2, 1))
    Action.objects.filter(pk=world.other_action.pk).update(rag=Rag.COMPLETE)
    world.priority.title = "Renamed priority"
    world.priority.save()
    report.refresh_from_db()
    assert content.report_document(report).sections == frozen.sections
    page = client_for("board_member").get(reverse("annualreport:report_detail", args=[report.pk])).content.decode()
    assert "Figures frozen at sign-off" in page and "Renamed priority" not in page
    assert "Child Sexual Exploitation" in page
    assert SignOffEvent.objects.filter(report=report, kind="signed_off").count() == 1


def test_a_signed_off_narrative_is_read_only_until_the_sign_off_is_undone_with_a_reason(world, client_for, report):
    admin = client_for("admin")
    services.sign_off(report=report, user=world.users["admin"])
    edit = reverse("annualreport:section_edit", args=[report.pk, "glance"])
    assert admin.post(edit, {"narrative": "Changed"}).status_code == 403
    assert admin.get(reverse("annualreport:easy_read_edit", args=[report.pk])).status_code == 403
    undo = reverse("annualreport:undo_sign_off", args=[report.pk])
    refused = admin.post(undo, {"reason": ""})
    assert "Enter the reason for undoing the sign-off" in refused.content.decode()
    assert admin.post(undo, {"reason": "The police figures were wrong"}).status_code == 302
    report.refresh_from_db()
    assert not report.is_signed_off and report.frozen is None
    event = report.sign_off_events.get(kind="undone")
    assert event.reason == "The police figures were wrong" and event.by == world.users["admin"]
    assert admin.post(edit, {"narrative": "Corrected"}).status_code == 302
    page = client_for("admin").get(reverse("annualreport:report_detail", args=[report.pk])).content.decode()
    assert "The police figures were wrong" in page and "Corrected" in page


def test_every_version_of_a_narrative_is_kept(world, client_for, report):
    admin = client_for("admin")
    edit = reverse("annualreport:section_edit", args=[report.pk, "budget"])
    admin.post(edit, {"narrative": "First version of the budget section."})
    admin.post(edit, {"narrative": "Second version of the budget section."})
    section = ReportSection.objects.get(report=report, key="budget")
    assert section.narrative == "Second version of the budget section."
    assert section.history.count() == 3  # prefilled, then two edits
    page = client_for("bmg").get(reverse("annualreport:section_history", args=[report.pk, "budget"])).content.decode()
    assert "First version of the budget section." in page and "Second version of the budget section." in page
    assert "Partners contributed £55,000.00 in 2014/15" in page  # the prefilled version


def test_the_edit_page_shows_the_guidance_and_the_figures(client_for, report):
    page = client_for("admin").get(reverse("annualreport:section_edit", args=[report.pk, "budget"])).content.decode()
    assert "Funding contributions from the safeguarding partners" in page
    assert "£55,000.00" in page and "Home Police" in page


def test_the_report_page_links_each_figure_to_its_source(client_for, report):
    page = client_for("bmg").get(reverse("annualreport:report_detail", args=[report.pk])).content.decode()
    assert 'href="#section-glance"' in page and 'id="easy-read"' in page
    assert 'href="/priorities/actions/"' in page
    assert f'href="/budget/{report.board.plans.first().budgets.first().pk}/"' in page
    assert "Other Council" not in page and "NEG-01" not in page


def test_another_boards_report_is_not_found(world, client_for, report):
    assert (
        client_for("other_board_admin").get(reverse("annualreport:report_detail", args=[report.pk])).status_code == 404
    )
    assert (
        "yearly report 2014/15"
        not in client_for("other_board_admin").get(reverse("annualreport:report_list")).content.decode()
    )


def test_the_report_page_does_not_query_per_row(world, client_for, report):
    client = client_for("bmg")
    url = reverse("annualreport:report_detail", args=[report.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(10):
        action = Action.objects.create(
            objective=world.objective,
            order=10 + n,
            reference=f"CSE-{10 + n}",
            how="x",
            responsible_leads="x",
            timescale="x",
        )
        action.leads.add(world.lead_person)
        update(world, action, Rag.RED, at(2014, 8, 1))
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
