"""Issue 19: a closed quarter's dashboard body and board pack files are kept in the shared cache under the quarter's
version (reporting/cache.py). What may still change on a closed quarter (a challenge, the BMG's sign-off with its
note, the undo of it, a reopen) shows on the very next request, from any client, because it bumps the version in its
own transaction; and no board ever reads another board's entry.

The cache is the database cache here, as in production without Redis: one shared store that every client (every
server) reads, not the test settings' per-process memory."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Quarter
from priorities.models import Rag
from reporting import tasks
from reporting.cache import panels_version, quarter_version
from reporting.models import ActionSnapshot
from reporting.services import challenge_record, quarter_close
from tests.budget.builders import appendix_2_budget
from tests.tasks import run_queued_tasks

from .helpers import at, update

pytestmark = pytest.mark.django_db

SHARED_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "tracker_cache"}}


@pytest.fixture(autouse=True)
def _shared_cache():
    with override_settings(CACHES=SHARED_CACHE):
        cache.clear()
        tasks._recent_files = tasks._RecentFiles()  # the process's copies of packs, by key: none from another test
        yield
        cache.clear()
        tasks._recent_files = tasks._RecentFiles()


def _closed(world):
    quarter = world.quarters[2]
    update(world.action, world.users["lead"], Rag.RED, quarter, commentary="No CSE co-ordinator yet")
    quarter_close(quarter=quarter, user=world.users["admin"], at=at(quarter.end_date))
    quarter.refresh_from_db()
    return quarter


def _fresh(world, persona):
    """A second client: its own session, nothing shared with the first but the database and the cache."""
    client = Client()
    client.force_login(world.users[persona])
    return client


def _dashboard(client, quarter, **params):
    response = client.get(reverse("reporting:dashboard"), {"quarter": quarter.pk, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_the_body_is_read_from_the_cache_and_a_hit_costs_a_fixed_number_of_queries(world, client_for):
    quarter = _closed(world)
    first = _dashboard(client_for("bmg"), quarter)
    assert "No CSE co-ordinator yet" in first
    # Snapshots never change; this one is changed behind the application's back only to show that the second
    # request did not compute the body again.
    ActionSnapshot.objects.filter(quarter=quarter).update(commentary="Changed behind the cache")
    second_client = _fresh(world, "bmg")
    with CaptureQueriesContext(connection) as ctx:
        second = _dashboard(second_client, quarter)
    assert "No CSE co-ordinator yet" in second and "Changed behind the cache" not in second
    # Session, user, membership and its roles; plan; quarter; the plan's quarters with their versions; the panels
    # version and one cache read (body and panels together); the session's save. (Savepoints left out: they differ by
    # database.)
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 10, "\n".join(sql[:120] for sql in statements)
    assert sum("tracker_cache" in q["sql"] for q in ctx.captured_queries) == 2


def test_a_write_to_a_panels_app_shows_in_the_panels_on_the_next_request(
    world, client_for, django_capture_on_commit_callbacks
):
    """The panels are live (a budget recorded after the close, a finding completed): they are cached under the panels
    version, which a committed write to budget, audits or corebusiness bumps, so the next request shows the change."""
    quarter = _closed(world)
    reader = _fresh(world, "bmg")
    assert "No budget has been recorded for the financial year" in _dashboard(reader, quarter)
    assert "No budget has been recorded for the financial year" in _dashboard(reader, quarter)  # from the cache
    before = panels_version()
    with django_capture_on_commit_callbacks(execute=True):
        appendix_2_budget(world)
    assert panels_version() > before
    page = _dashboard(reader, quarter)
    assert "No budget has been recorded for the financial year" not in page
    assert 'id="budget-figures"' in page
    # A write elsewhere (a plan action's wording) leaves the panels' version alone.
    settled = panels_version()
    with django_capture_on_commit_callbacks(execute=True):
        world.action.how = "Reworded"
        world.action.save()
    assert panels_version() == settled


def test_a_challenge_shows_on_the_next_request_from_another_client(world, client_for):
    quarter = _closed(world)
    reader = _fresh(world, "bmg")
    assert "Why is there still no co-ordinator?" not in _dashboard(reader, quarter)
    before = quarter_version(quarter.pk)
    url = reverse("reporting:challenge_create", kwargs={"pk": quarter.pk, "action_pk": world.action.pk})
    assert client_for("bmg").post(url, {"text": "Why is there still no co-ordinator?"}).status_code == 302
    assert quarter_version(quarter.pk) == before + 1
    page = _dashboard(reader, quarter)
    assert "Why is there still no co-ordinator?" in page
    assert 'id="challenge-answers">0 of 1 answered' in page


def test_sign_off_its_note_its_undo_and_a_reopen_show_on_the_next_request(world, client_for):
    quarter = _closed(world)
    reader = _fresh(world, "board_member")
    assert "has not yet signed off" in _dashboard(reader, quarter)

    signed = client_for("bmg").post(
        reverse("reporting:review_done", kwargs={"pk": quarter.pk}), {"note": "Reviewed with the partners"}
    )
    assert signed.status_code == 302
    page = _dashboard(reader, quarter)
    assert "Signed off" in page and "Reviewed with the partners" in page

    undone = client_for("admin").post(
        reverse("reporting:review_undo", kwargs={"pk": quarter.pk}), {"reason": "Signed off too early"}
    )
    assert undone.status_code == 302
    page = _dashboard(reader, quarter)
    assert "Reviewed with the partners" not in page and "has not yet signed off" in page

    reopened = client_for("admin").post(
        reverse("reporting:quarter_reopen", kwargs={"pk": quarter.pk}), {"reason": "A late update"}
    )
    assert reopened.status_code == 302
    page = _dashboard(reader, quarter)
    assert "These figures were frozen" not in page and "these figures are live" in page


def test_what_the_reader_may_do_is_part_of_the_key(world, client_for):
    """One cached body per permission set: a board member never gets the BMG's "Sign off" button, whoever asked
    first."""
    quarter = _closed(world)
    assert "Sign off the review of" in _dashboard(client_for("bmg"), quarter)
    assert "Sign off the review of" not in _dashboard(client_for("board_member"), quarter)
    assert "Open and close quarters" not in _dashboard(client_for("bmg"), quarter)
    assert "Open and close quarters" in _dashboard(client_for("admin"), quarter)


def test_another_board_never_gets_this_boards_cached_body(world, client_for):
    quarter = _closed(world)
    assert "Child Sexual Exploitation" in _dashboard(client_for("admin"), quarter)
    other = client_for("other_board_admin")
    # This board's quarter through the other board: not found, cached or not.
    assert other.get(reverse("reporting:dashboard"), {"quarter": quarter.pk}).status_code == 404
    other_quarter = Quarter.objects.filter(plan=world.other_plan).order_by("start_date")[2]
    quarter_close(quarter=other_quarter, user=world.users["other_board_admin"], at=at(other_quarter.end_date))
    for _ in range(2):  # the miss, then the hit
        page = _dashboard(other, other_quarter)
        assert "Neglect" in page and "Child Sexual Exploitation" not in page and "No CSE co-ordinator" not in page


def test_a_comparison_is_cached_apart_and_a_bad_one_is_still_refused(world, client_for):
    q2, q3, quarter = world.quarters[1], world.quarters[2], world.quarters[3]
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))  # opens Q4
    quarter_close(quarter=quarter, user=world.users["admin"], at=at(quarter.end_date))
    client = client_for("bmg")
    assert "Compared with 2014/15 Q2, as you chose" in _dashboard(client, quarter, compare=q2.pk)
    assert "as you chose" not in _dashboard(client, quarter)
    assert client.get(reverse("reporting:dashboard"), {"quarter": quarter.pk, "compare": quarter.pk}).status_code == 404


def _fake_pdf(html, generated_at=None):
    """The PDF's bytes without WeasyPrint's seconds: whether the pack's HTML holds the challenge is what matters."""
    return b"%PDF-1.7 " + (b"with the challenge" if "Evidence please" in html else b"without a challenge")


def test_a_closed_quarters_pack_is_served_by_version_without_computing_its_content(world, client_for):
    quarter = _closed(world)
    url = reverse("reporting:board_pack_pdf", kwargs={"pk": quarter.pk})
    with mock.patch.object(tasks, "board_pack_pdf_bytes", _fake_pdf):
        run_queued_tasks()  # the build queued by the close
        with mock.patch.object(tasks, "board_pack_content", side_effect=AssertionError("content computed")):
            served = client_for("bmg").get(url)
        assert served.status_code == 200 and served.content.endswith(b"without a challenge")

        # A challenge after the close bumps the version and queues the rebuild: until it has run, the download
        # says that the pack is being prepared rather than serving the pack without the challenge.
        challenge_record(quarter=quarter, action=world.action, user=world.users["bmg"], text="Evidence please")
        waiting = _fresh(world, "bmg").get(url)
        assert waiting.status_code == 200 and "being prepared" in waiting.content.decode()
        run_queued_tasks()
        with mock.patch.object(tasks, "board_pack_content", side_effect=AssertionError("content computed")):
            served = _fresh(world, "bmg").get(url)
            xlsx = _fresh(world, "bmg").get(reverse("reporting:board_pack_xlsx", kwargs={"pk": quarter.pk}))
    assert served.content.endswith(b"with the challenge")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
