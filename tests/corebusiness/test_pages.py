"""The core business pages, My actions' section, and the dashboard panel with its board pack hooks."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corebusiness.models import CoreMeasureUpdate
from corebusiness.services import measure_update_record
from plans.models import Quarter
from priorities.models import Rag
from reporting.panels import _PANELS, render_panels
from reporting.services import quarter_close
from tests import factories as f
from tests.corebusiness.helpers import home_core, home_measure, other_board_measure, unled_measure

pytestmark = pytest.mark.django_db

MY_ACTIONS = "/priorities/my-actions/"


def detail_url(measure):
    return reverse("corebusiness:measure_detail", args=[measure.pk])


def update_url(measure):
    return reverse("corebusiness:measure_update", args=[measure.pk])


def record(world, measure, rag, commentary, persona="lead"):
    return measure_update_record(measure=measure, user=world.users[persona], rag=rag, commentary=commentary)


def add_measures(world, n, *, led=True):
    core = f.CorePriorityFactory(plan=world.plan, order=10 + CoreMeasureUpdate.objects.count() + n)
    for order in range(1, n + 1):
        measure = f.CoreMeasureFactory(
            core_priority=core, order=order, leads=[world.lead_person, world.group] if led else []
        )
        record(world, measure, Rag.GREEN, f"Green commentary {order}")


class TestUpdateForm:
    def test_the_lead_records_an_amber_with_commentary_and_returns_to_my_actions(self, world, client_for):
        measure = home_measure(world)
        client = client_for("lead")
        page = client.get(update_url(measure) + "?return_to=my-actions").content.decode()
        assert 'name="version" value="0"' in page and "Audit multi-agency practice" in page
        response = client.post(
            update_url(measure),
            {"rag": "amber", "commentary": "Audit moved to Q4", "version": "0", "return_to": "my-actions"},
        )
        assert response.status_code == 302 and response["Location"] == MY_ACTIONS
        update = CoreMeasureUpdate.objects.get()
        assert (update.rag, update.commentary, update.author, update.quarter) == (
            Rag.AMBER,
            "Audit moved to Q4",
            world.users["lead"],
            world.open_quarter,
        )
        detail = client.get(detail_url(measure)).content.decode()
        assert "Audit moved to Q4" in detail and 'govuk-tag--orange">Amber' in detail.replace("app-rag ", "")

    def test_errors_are_shown_next_to_the_fields_in_the_measures_words(self, world, client_for):
        response = client_for("lead").post(update_url(home_measure(world)), {"rag": "red", "version": "0"})
        assert response.status_code == 200
        assert "Enter a commentary explaining why the measure is red" in response.content.decode()
        assert not CoreMeasureUpdate.objects.exists()

    def test_a_stale_form_is_refused_with_what_changed_and_keeps_what_was_typed(self, world, client_for):
        measure = home_measure(world)
        record(world, measure, Rag.GREEN, "The administrator's update", persona="admin")
        response = client_for("lead").post(
            update_url(measure), {"rag": "red", "commentary": "My typed words", "version": "0"}
        )
        page = response.content.decode()
        assert response.status_code == 409
        assert "Someone else updated this measure while you were editing" in page
        assert "The administrator&#x27;s update" in page and "My typed words" in page
        assert 'name="version" value="1"' in page
        assert CoreMeasureUpdate.objects.count() == 1

    def test_no_open_quarter_is_said_and_refused(self, world, client_for):
        Quarter.objects.filter(plan=world.plan, state=Quarter.State.OPEN).update(state=Quarter.State.CLOSED)
        client = client_for("lead")
        assert "No reporting quarter is open" in client.get(update_url(home_measure(world))).content.decode()
        response = client.post(update_url(home_measure(world)), {"rag": "amber", "commentary": "x", "version": "0"})
        assert response.status_code == 200 and "No reporting quarter is open" in response.content.decode()
        assert not CoreMeasureUpdate.objects.exists()

    def test_another_boards_measure_is_a_404_for_its_page_and_its_updates(self, world, client_for):
        other = other_board_measure(world)
        for persona in ["lead", "admin", "bmg"]:
            client = client_for(persona)
            assert client.get(detail_url(other)).status_code == 404
            assert client.get(update_url(other)).status_code == 404
            data = {"rag": "red", "commentary": "Not mine", "version": "0"}
            assert client.post(update_url(other), data).status_code == 404
            assert client.post(reverse("corebusiness:measure_leads", args=[other.pk]), {}).status_code == 404
        assert not CoreMeasureUpdate.objects.exists()

    def test_someone_who_does_not_lead_it_is_refused(self, world, client_for):
        data = {"rag": "green", "commentary": "Not mine", "version": "0"}
        assert client_for("lead").post(update_url(unled_measure(world)), data).status_code == 403
        assert client_for("other_lead").post(update_url(home_measure(world)), data).status_code == 403


class TestLeadsPage:
    def test_the_administrator_names_the_leads_from_the_boards_leads_only(self, world, client_for):
        stranger = f.LeadFactory(board=world.other_board, name="Other Board Person")
        client = client_for("admin")
        url = reverse("corebusiness:measure_leads", args=[unled_measure(world).pk])
        page = client.get(url).content.decode()
        assert "Kaye Wise" in page and "Other Board Person" not in page
        response = client.post(url, {"leads": [world.other_lead_person.pk, stranger.pk]})
        assert response.status_code == 200 and not unled_measure(world).leads.exists()  # not a valid choice
        response = client.post(url, {"leads": [world.other_lead_person.pk]})
        assert response.status_code == 302
        assert list(unled_measure(world).leads.all()) == [world.other_lead_person]


class TestMyActions:
    def test_my_actions_lists_the_measures_the_lead_reports_on(self, world, client_for):
        home_measure(world)
        unled_measure(world).leads.set([world.group])  # through MASE
        page = client_for("lead").get(MY_ACTIONS).content.decode()
        assert 'id="my-work-core_business"' in page and "Core business measures" in page
        assert "Core business 1.1" in page and "Core business 1.2" in page and "through MASE" in page
        assert f'href="{update_url(home_measure(world))}?return_to=my-actions"' in page
        assert "Update due" in page
        record(world, home_measure(world), Rag.AMBER, "Slipping")
        page = client_for("lead").get(MY_ACTIONS).content.decode()
        assert page.count("Update due") == 2  # the measure led through MASE, and the lead's action CSE-01

    def test_a_lead_of_measures_only_still_sees_them(self, world, client_for):
        world.action.leads.set([world.other_lead_person])  # Jo Moses leads no action now
        home_measure(world)
        page = client_for("lead").get(MY_ACTIONS).content.decode()
        assert "You do not lead any actions yet" not in page and "Core business 1.1" in page

    def test_others_do_not_see_the_measure(self, world, client_for):
        home_measure(world)
        assert "Core business 1.1" not in client_for("other_lead").get(MY_ACTIONS).content.decode()

    @pytest.mark.parametrize("n", [3, 6])
    def test_my_actions_query_count_does_not_grow_with_the_measures(
        self, world, client_for, django_assert_num_queries, n
    ):
        client = client_for("lead")
        client.get(MY_ACTIONS)
        with CaptureQueriesContext(connection) as without_measures:
            client.get(MY_ACTIONS)
        add_measures(world, n)
        # My actions as it is without measures (tests/priorities_updates/test_views.py pins it; other providers of
        # the registry add their own), and for the core business section: the measures' leads, the open quarters,
        # their latest updates.
        with django_assert_num_queries(len(without_measures) + 3):
            response = client.get(MY_ACTIONS)
        core = next(section for section in response.context["my_work"] if section.key == "core_business")
        assert len(core.items) == n


class TestPagesQueryCounts:
    @pytest.mark.parametrize("n", [3, 6])
    def test_list_detail_and_update_pages(self, world, client_for, django_assert_num_queries, n):
        add_measures(world, n)
        measure = home_measure(world)
        for number in range(n):
            record(world, measure, Rag.GREEN, f"Update {number}")
        client = client_for("lead")
        # Session, user, membership and board, roles (4); ATOMIC_REQUESTS' savepoint and its release, then the
        # session save in its own savepoint (4); then the page.
        pages = [
            # plan, core priorities, measures, their leads, latest updates, the user's lead ids, the measures
            # they lead, the open quarter
            (reverse("corebusiness:measure_list"), 17),
            # the measure, its leads, its updates, the open quarter, the user's lead ids, may they update it
            (detail_url(measure), 15),
            # the measure, its leads, the user's lead ids, may they update it, its updates, the open quarter
            (update_url(measure), 15),
        ]
        for url, expected in pages:
            client.get(url)
            with django_assert_num_queries(expected):
                assert client.get(url).status_code == 200


class TestYears:
    def test_the_measures_year_comes_from_the_plan(self, world, client_for):
        home_core(world)
        world.plan.start_year, world.plan.end_year, world.plan.period = 2016, 2018, "2016-2018"
        world.plan.save()
        for url in [reverse("plans:core_business"), reverse("corebusiness:measure_list")]:
            page = client_for("bmg").get(url).content.decode()
            assert "Measures 2016/17" in page or "measures 2016/17" in page, url
            assert "2014/15" not in page.replace(world.open_quarter.label, ""), url  # the quarters are still 2014's


class TestPanel:
    def test_the_panel_lists_each_measure_with_status_in_words_lead_and_commentary(self, world, client_for):
        record(world, home_measure(world), Rag.AMBER, "The audit moved to the next quarter")
        page = client_for("bmg").get(reverse("reporting:dashboard")).content.decode()
        assert 'id="core-business"' in page and "Core business measures 2014/15" in page
        panel = page[page.index('id="core-business"') :]
        # The dashboard counts the measures by status, names the red ones (none) and links to all of them.
        assert "Not started</strong> 1" in panel and "Amber</strong> 1" in panel and "Red</strong> 0" in panel
        assert "No measure is red." in panel and "None named" not in panel
        assert "All 2 core business measures and their updates" in panel
        # The pack prints every measure with its status in words, leads and latest commentary.
        pack = next(
            item["html"] for item in render_panels(None, world.open_quarter) if item["panel"].key == "core_business"
        )
        assert "Ensure the effectiveness of multi-agency work" in pack and "The audit moved to the next quarter" in pack
        assert "Amber</strong>" in pack and "Jo Moses" in pack and "None named" in pack  # 1.2 has no lead
        assert "No measure is red." not in pack

    def test_the_dashboard_names_the_red_measures_with_their_leads(self, world, client_for):
        record(world, home_measure(world), Rag.RED, "The auditor left")
        page = client_for("bmg").get(reverse("reporting:dashboard")).content.decode()
        panel = page[page.index('id="core-business"') :]
        assert "Red measures (1)" in panel and "Audit multi-agency practice" in panel and "(Jo Moses)" in panel

    def test_a_closed_quarters_panel_shows_the_status_frozen_at_its_close(self, world, client_for):
        measure = home_measure(world)
        record(world, measure, Rag.AMBER, "Amber at the close")
        closed = world.open_quarter
        quarter_close(quarter=closed, user=world.users["admin"])
        record(world, measure, Rag.RED, "Red in the next quarter")
        page = client_for("bmg").get(reverse("reporting:dashboard"), {"quarter": closed.pk}).content.decode()
        panel = page[page.index('id="core-business"') :]
        assert "at the close of 2014/15 Q3" in panel
        assert "Amber</strong> 1" in panel and "Red</strong> 0" in panel
        pack = next(item["html"] for item in render_panels(None, closed) if item["panel"].key == "core_business")
        assert "Amber at the close" in pack and "Red in the next quarter" not in pack

    @override_settings(SITE_URL="https://tracker.example.org")
    def test_rendered_without_a_request_with_absolute_links(self, world):
        home_measure(world)
        html = next(
            item["html"] for item in render_panels(None, world.open_quarter) if item["panel"].key == "core_business"
        )
        assert f'href="https://tracker.example.org{detail_url(home_measure(world))}"' in html
        assert 'href="/' not in html

    def test_the_summary_sentence(self, world):
        panel = _PANELS["core_business"]
        assert panel.summary(world.open_quarter) is None  # no core measures
        record(world, home_measure(world), Rag.RED, "Off track")
        assert panel.summary(world.open_quarter) == (
            "Core business: 0 of 2 measures green or complete; 1 red: 1.1; 1 with no update."
        )
        record(world, unled_measure(world), Rag.GREEN, "Fine", persona="admin")
        assert panel.summary(world.open_quarter) == "Core business: 1 of 2 measures green or complete; 1 red: 1.1."

    def test_the_sheet_reads_back_with_leads_commentary_rag_code_and_a_real_date(self, world):
        update = record(world, home_measure(world), Rag.AMBER, "Slipping")
        (sheet,) = _PANELS["core_business"].sheets(world.open_quarter)
        assert sheet.title == "Core business" and sheet.rag_columns == (4,)
        assert sheet.header[sheet.rag_columns[0]] == "Status"
        # Written as the pack's writer does (typed cells), and read back.
        workbook = openpyxl.Workbook()
        worksheet = workbook.active
        worksheet.append(sheet.header)
        for row in sheet.rows:
            worksheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        rows = list(openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(values_only=True))
        assert rows[0] == tuple(sheet.header)
        first = rows[1]
        assert first[1:5] == ("1.1", "Audit multi-agency practice", "Jo Moses", "amber")
        assert first[5] == "Slipping" and first[7] == "2014/15 Q3"
        assert isinstance(first[6], datetime.datetime)  # a date cell (openpyxl reads dates back as datetimes)
        assert first[6].date() == timezone.localtime(update.created_at).date()
        assert rows[2][3:5] == (None, "not_started")  # no leads, no update


class TestListPage:
    def test_update_links_for_the_measures_one_may_update_while_a_quarter_is_open(self, world, client_for):
        home_core(world)
        lead_page = client_for("lead").get(reverse("corebusiness:measure_list")).content.decode()
        assert update_url(home_measure(world)) in lead_page and update_url(unled_measure(world)) not in lead_page
        admin_page = client_for("admin").get(reverse("corebusiness:measure_list")).content.decode()
        assert update_url(home_measure(world)) in admin_page and update_url(unled_measure(world)) in admin_page
        bmg_page = client_for("bmg").get(reverse("corebusiness:measure_list")).content.decode()
        assert "/update/" not in bmg_page and "Not started</strong> 2" in bmg_page
        Quarter.objects.filter(plan=world.plan, state=Quarter.State.OPEN).update(state=Quarter.State.CLOSED)
        closed_page = client_for("admin").get(reverse("corebusiness:measure_list")).content.decode()
        assert "/update/" not in closed_page and "No reporting quarter is open" in closed_page
