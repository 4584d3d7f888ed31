"""The board pack PDF is built by the task queue, never in a request (issue 14): the download answers "being
prepared" and queues one build, the worker keeps the PDF in the shared cache under its HTML's digest, and every later
download of the same content is served from there."""

import datetime
import io
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import dateformat, timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from priorities.models import Rag
from reporting import tasks
from reporting.services import challenge_record, quarter_close
from tests import factories as f
from tests.tasks import run_queued_tasks

from .helpers import at, update

pytestmark = pytest.mark.django_db


def _later(minutes):
    """A whole minute not long from now: the test clients' sessions (two idle hours) stay valid, and what the cache
    keeps for a week or an hour has not expired when the test reads it at the real time."""
    return timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(minutes=minutes)


def _local(moment, fmt):
    return dateformat.format(timezone.localtime(moment), fmt)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The test cache (locmem) outlives a test's rolled-back database: start and end with no pack, marker or failure."""
    cache.clear()
    yield
    cache.clear()


def _builds():
    return list(DBTaskResult.objects.filter(task_path="reporting.tasks.build_board_pack").order_by("enqueued_at"))


def _pdf_url(quarter):
    return reverse("reporting:board_pack_pdf", args=[quarter.pk])


def _text(response):
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.split())


def _page(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return " ".join(response.content.decode().split())


def test_first_download_queues_one_build_the_second_none_and_the_worker_builds_the_pdf(world, client_for):
    quarter = world.open_quarter
    client = client_for("board_member")
    response = client.get(_pdf_url(quarter))
    page = _page(response)
    assert '<h1 class="govuk-heading-xl">The board pack is being prepared</h1>' in page
    # Asked again in 5 seconds by the browser (no script; the header rather than a meta element: see the view).
    assert response["Refresh"] == "5" and "no-store" in response["Cache-Control"]
    assert "This page checks every 5 seconds, and the download starts when the pack is ready." in page
    assert f'href="{_pdf_url(quarter)}?refresh=off">Stop checking automatically</a>' in page
    assert "<script>" not in page and 'http-equiv="refresh"' not in page
    assert f"The board pack PDF for {quarter.label} (board-pack-2014-15-q3.pdf) is being prepared." in page
    assert f'href="{reverse("reporting:dashboard")}?quarter={quarter.pk}">Back to the dashboard for 2014/15 Q3' in page
    assert f'href="{_pdf_url(quarter)}">Check again now' in page
    assert "taking longer than usual" not in page
    assert [(b.status, b.args_kwargs["args"]) for b in _builds()] == [(TaskResultStatus.READY, [quarter.pk])]

    # Asked again (another reader, before the worker has run): the same page, and no second build.
    assert "The board pack is being prepared" in _page(client_for("admin").get(_pdf_url(quarter)))
    assert len(_builds()) == 1

    worker_time = _later(30)
    with time_machine.travel(worker_time, tick=False):
        run_queued_tasks()
    (build,) = _builds()
    assert (build.status, build.return_value) == (TaskResultStatus.SUCCESSFUL, "built")

    response = client.get(_pdf_url(quarter))
    assert response["Content-Disposition"] == 'attachment; filename="board-pack-2014-15-q3.pdf"'
    text = _text(response)
    assert "Board pack: 2014/15 Q3" in text
    # The time is the build's (the PDF says when its figures were taken), not part of the HTML's digest.
    live_at = _local(worker_time, "j F Y, H:i")
    assert f"Live at {live_at}: the quarter is still open, so these figures will change." in text
    assert len(_builds()) == 1


def test_the_pack_is_the_same_whoever_asks(world, client_for):
    """The HTML is rendered without a request, so another reader's download is the same cache hit."""
    quarter = world.open_quarter
    client_for("bmg").get(_pdf_url(quarter))
    run_queued_tasks()
    with mock.patch("weasyprint.HTML") as weasyprint:
        for persona in ("bmg", "admin", "board_member"):
            assert "Board pack: 2014/15 Q3" in _text(client_for(persona).get(_pdf_url(quarter)))
    weasyprint.assert_not_called()
    assert len(_builds()) == 1


def test_closing_a_quarter_queues_its_build_and_the_first_download_is_a_cache_hit(world, client_for):
    quarter = world.open_quarter
    update(world.action, world.users["lead"], Rag.RED, quarter, escalate=True)
    quarter_close(quarter=quarter, user=world.users["admin"], at=at(quarter.end_date))
    assert [b.args_kwargs["args"] for b in _builds()] == [[quarter.pk]]

    # Asked for before the worker has run: the close's build is the one waited for, no second one is queued.
    assert "The board pack is being prepared" in _page(client_for("board_member").get(_pdf_url(quarter)))
    assert len(_builds()) == 1

    run_queued_tasks()
    assert [b.return_value for b in _builds()] == ["built"]
    with mock.patch("weasyprint.HTML") as weasyprint:
        response = client_for("board_member").get(_pdf_url(quarter))
        text = _text(response)
    weasyprint.assert_not_called()
    assert "Board pack: 2014/15 Q3" in text and "Frozen when the quarter closed on 31 December 2014" in text
    assert "Escalations to the board (1)" in text
    assert len(_builds()) == 1


def test_a_close_while_a_build_of_the_open_quarter_is_queued_builds_the_closed_pack_once(world, client_for):
    quarter = world.open_quarter
    client_for("bmg").get(_pdf_url(quarter))  # queues a build of the open quarter's pack
    quarter_close(quarter=quarter, user=world.users["admin"], at=at(quarter.end_date))
    assert len(_builds()) == 2
    with mock.patch("reporting.tasks.board_pack_pdf_bytes", wraps=tasks.board_pack_pdf_bytes) as render:
        run_queued_tasks()
    # Both ran after the close, so both found the closed content: WeasyPrint ran once, the second found it built.
    assert render.call_count == 1
    assert [b.return_value for b in _builds()] == ["built", "cached"]
    assert "Frozen when the quarter closed" in _text(client_for("bmg").get(_pdf_url(quarter)))


def test_a_change_to_the_pack_misses_and_queues_a_new_build(world, client_for):
    quarter = world.open_quarter
    client = client_for("bmg")
    client.get(_pdf_url(quarter))
    run_queued_tasks()
    assert "0 challenges recorded this quarter" in _text(client.get(_pdf_url(quarter)))

    challenge_record(quarter=quarter, action=world.action, user=world.users["bmg"], text="What is the revised date?")
    assert "The board pack is being prepared" in _page(client.get(_pdf_url(quarter)))
    assert len(_builds()) == 2
    run_queued_tasks()
    text = _text(client.get(_pdf_url(quarter)))
    assert "1 challenge recorded this quarter" in text and "What is the revised date?" in text
    assert len(_builds()) == 2


def test_a_failing_build_says_so_and_offers_to_try_again(world, client_for):
    quarter = world.open_quarter
    client = client_for("board_member")
    client.get(_pdf_url(quarter))
    worker_time = _later(30)
    with (
        time_machine.travel(worker_time, tick=False),
        mock.patch("reporting.tasks.board_pack_pdf_bytes", side_effect=RuntimeError("Pango ran out of memory")),
    ):
        run_queued_tasks()
    (build,) = _builds()
    assert build.status == TaskResultStatus.FAILED
    assert "RuntimeError" in build.exception_class_path

    response = client.get(_pdf_url(quarter))
    page = _page(response)
    assert '<h1 class="govuk-heading-xl">The board pack could not be prepared</h1>' in page
    assert (
        "Something went wrong when the board pack PDF for 2014/15 Q3 (board-pack-2014-15-q3.pdf) was being prepared, "
        f"at {_local(worker_time, 'H:i')} on {_local(worker_time, 'j F Y')}." in page
    )
    assert "Pango" not in page  # the error is for the log and the task's result, not the reader
    retry = reverse("reporting:board_pack_retry", args=[quarter.pk])
    assert f'<form method="post" action="{retry}" novalidate>' in page and ">Try again</button>" in page
    assert not response.has_header("Refresh")  # it does not ask again by itself: no loop
    # Asking again shows the failure, and queues nothing, until someone chooses to try again.
    assert "could not be prepared" in _page(client.get(_pdf_url(quarter)))
    assert len(_builds()) == 1

    response = client.post(retry)
    assert response.status_code == 302 and response["Location"] == _pdf_url(quarter)
    assert "The board pack is being prepared" in _page(client.get(_pdf_url(quarter)))
    assert len(_builds()) == 2
    run_queued_tasks()
    assert "Board pack: 2014/15 Q3" in _text(client.get(_pdf_url(quarter)))
    assert cache.get(tasks.failed_key(quarter.pk)) is None


def test_a_slow_build_is_said_to_be_slow_and_a_marker_without_a_queued_build_is_dropped(world, client_for):
    quarter = world.open_quarter
    client = client_for("bmg")
    asked = _later(5)
    with time_machine.travel(asked, tick=False):
        client.get(_pdf_url(quarter))
    with time_machine.travel(asked + datetime.timedelta(minutes=3), tick=False):
        page = _page(client.get(_pdf_url(quarter)))
    assert f"This is taking longer than usual: the pack was asked for at {_local(asked, 'H:i')}." in page
    assert len(_builds()) == 1

    # A marker whose build never reached the queue (its request rolled back, on Redis) stops counting after a minute.
    DBTaskResult.objects.all().delete()
    with time_machine.travel(asked + datetime.timedelta(minutes=3), tick=False):
        assert "The board pack is being prepared" in _page(client.get(_pdf_url(quarter)))
        assert "taking longer than usual" not in _page(client.get(_pdf_url(quarter)))
    assert len(_builds()) == 1
    run_queued_tasks()
    assert "Board pack: 2014/15 Q3" in _text(client.get(_pdf_url(quarter)))


def test_the_waiting_page_shows_the_builds_step_and_the_spreadsheet_comes_from_the_same_build(world, client_for):
    quarter = world.open_quarter
    client = client_for("bmg")
    xlsx_url = reverse("reporting:board_pack_xlsx", args=[quarter.pk])
    assert "<strong>Step 1 of 4:</strong> waiting for the worker." in _page(client.get(xlsx_url))
    (build,) = _builds()
    cache.set(tasks.step_key(build.id), "pdf")  # as the worker records it when it starts laying out the PDF
    page = _page(client.get(xlsx_url))
    assert "<strong>Step 3 of 4:</strong> laying out the PDF." in page
    assert "The board pack Excel spreadsheet for 2014/15 Q3 (board-pack-2014-15-q3.xlsx) is being prepared." in page
    assert f'href="{xlsx_url}?refresh=off">Stop checking automatically</a>' in page
    assert "The board pack is being prepared" in _page(client.get(_pdf_url(quarter)))
    assert len(_builds()) == 1  # one build makes both files
    run_queued_tasks()
    response = client.get(xlsx_url)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="board-pack-2014-15-q3.xlsx"' in response["Content-Disposition"]
    assert "Board pack: 2014/15 Q3" in _text(client.get(_pdf_url(quarter)))
    assert len(_builds()) == 1


def test_another_boards_quarter_is_not_found_and_queues_nothing(world, client_for):
    other_quarter = world.other_plan.quarters.get(state="open")
    assert client_for("board_member").get(_pdf_url(other_quarter)).status_code == 404
    assert client_for("other_board_admin").get(_pdf_url(world.open_quarter)).status_code == 404
    retry = reverse("reporting:board_pack_retry", args=[world.open_quarter.pk])
    assert client_for("other_board_admin").post(retry).status_code == 404
    assert _builds() == []


@pytest.mark.parametrize("extra_actions", [2, 4])
def test_the_waiting_page_does_not_render_the_pack(world, client_for, django_assert_num_queries, extra_actions):
    """While a build is queued the page asks every 5 seconds: each answer reads two cache keys, not the pack."""
    for _ in range(extra_actions):
        f.ActionFactory(objective=world.objective)
    client = client_for("bmg")
    client.get(_pdf_url(world.open_quarter))
    with django_assert_num_queries(10):  # session, user, membership and board, roles, quarter; no pack
        assert "being prepared" in _page(client.get(_pdf_url(world.open_quarter)))


def test_checking_automatically_can_be_turned_off(world, client_for):
    """WCAG 2.2.1: a page that reloads itself can be told not to."""
    quarter = world.open_quarter
    client = client_for("bmg")
    client.get(_pdf_url(quarter))
    response = client.get(_pdf_url(quarter) + "?refresh=off")
    page = _page(response)
    assert not response.has_header("Refresh")
    assert "This page does not check by itself." in page
    assert f'href="{_pdf_url(quarter)}?refresh=off">Check again now' in page
    assert f'href="{_pdf_url(quarter)}">Check automatically every 5 seconds</a>' in page
    run_queued_tasks()
    assert "Board pack: 2014/15 Q3" in _text(client.get(_pdf_url(quarter) + "?refresh=off"))
