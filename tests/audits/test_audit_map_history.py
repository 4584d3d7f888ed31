"""Audit map entries (issue 18, part 5): edited and removed by the audit coordinator or the board administrator,
removal confirmed, every change and removal kept in the entry's history (who, what, when), removed entries still
listed on the audit map from that history."""

import pytest
from django.urls import reverse

from audits.models import SingleAgencyAudit
from tests.audits.followthrough import followthrough_of

pytestmark = pytest.mark.django_db

DATA = {"topic": "Missing children: return interviews", "reported_on": "02/10/2014", "summary_of_findings": "Better."}


def _post_edit(client, entry, world, **extra):
    return client.post(
        reverse("audits:audit_map_update", args=[entry.pk]), {**DATA, "agency": world.agency.pk, **extra}
    )


@pytest.mark.parametrize("persona", ["audit_coordinator", "admin"])
def test_the_coordinator_or_administrator_edits_an_entry_and_the_history_shows_who_and_what(world, client_for, persona):
    t = followthrough_of(world)
    response = _post_edit(client_for(persona), t.entry, world)
    assert response.status_code == 302
    t.entry.refresh_from_db()
    assert (t.entry.topic, t.entry.agency) == ("Missing children: return interviews", world.agency)
    page = client_for("board_member").get(reverse("audits:audit_map_history", args=[t.entry.pk])).content.decode()
    user = world.users[persona]
    assert user.get_full_name() in page
    assert 'Topic: <span class="app-pre-wrap">Missing children</span> changed to' in page
    assert 'Agency: <span class="app-pre-wrap">Home Police</span> changed to' in page
    assert "Home Borough Council" in page
    assert "2 October 2014" in page


def test_bad_input_changes_nothing(world, client_for):
    t = followthrough_of(world)
    page = _post_edit(client_for("audit_coordinator"), t.entry, world, topic="").content.decode()
    assert "Enter the audit&#x27;s topic" in page
    assert "govuk-error-summary" in page
    # Another board's agency is not a choice.
    page = _post_edit(client_for("audit_coordinator"), t.entry, world, agency=t.other_entry.agency.pk).content.decode()
    assert "govuk-error-summary" in page
    t.entry.refresh_from_db()
    assert t.entry.topic == "Missing children"
    assert t.entry.history.count() == 1


def test_removal_asks_for_confirmation_and_keeps_the_entry_in_its_history(world, client_for):
    t = followthrough_of(world)
    client = client_for("admin")
    url = reverse("audits:audit_map_remove", args=[t.entry.pk])
    page = client.get(url).content.decode()
    assert "Remove this single-agency audit?" in page
    page = client.post(url, {}).content.decode()
    assert "Tick to confirm you want to remove this entry" in page
    assert SingleAgencyAudit.objects.filter(pk=t.entry.pk).exists()
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "Removed from the audit map: Home Police, Missing children" in response.content.decode()
    assert not SingleAgencyAudit.objects.filter(pk=t.entry.pk).exists()
    page = client_for("bmg").get(reverse("audits:audit_map")).content.decode()
    removed = page.split('id="removed-entries"')[1]
    assert "Home Police: Missing children" in removed
    assert world.users["admin"].get_full_name() in removed
    history = reverse("audits:audit_map_history", args=[t.entry.pk])
    assert history in removed
    page = client_for("bmg").get(history).content.decode()
    assert "This entry was removed from the audit map" in page
    assert "Removed" in page and "Added" in page
    # A removed entry can be neither edited nor removed again.
    assert _post_edit(client_for("audit_coordinator"), t.entry, world).status_code == 404


def test_the_audit_map_links_each_entry_to_its_history_and_only_editors_get_edit_links(world, client_for):
    t = followthrough_of(world)
    history = reverse("audits:audit_map_history", args=[t.entry.pk])
    edit = reverse("audits:audit_map_update", args=[t.entry.pk])
    for persona in ("audit_coordinator", "admin"):
        page = client_for(persona).get(reverse("audits:audit_map")).content.decode()
        assert history in page and edit in page
    page = client_for("board_member").get(reverse("audits:audit_map")).content.decode()
    assert history in page and edit not in page
    assert "Removed entries" not in page


@pytest.mark.parametrize("name", ["audits:audit_map_update", "audits:audit_map_remove", "audits:audit_map_history"])
def test_another_boards_entry_is_404_and_the_wrong_role_403(world, client_for, name):
    t = followthrough_of(world)
    data = {**DATA, "agency": world.agency.pk, "confirm": "on"}
    assert client_for("audit_coordinator").post(reverse(name, args=[t.other_entry.pk]), data).status_code in (
        404,
        405,
    )
    assert client_for("audit_coordinator").get(reverse(name, args=[t.other_entry.pk])).status_code == 404
    if name != "audits:audit_map_history":
        for persona in ("bmg", "board_member", "agency_contact"):
            assert client_for(persona).post(reverse(name, args=[t.entry.pk]), data).status_code == 403
    else:
        assert client_for("agency_contact").get(reverse(name, args=[t.entry.pk])).status_code == 403
    assert SingleAgencyAudit.objects.filter(pk=t.other_entry.pk, topic="Other board's audit").exists()
    t.entry.refresh_from_db()
    assert t.entry.topic == "Missing children"
