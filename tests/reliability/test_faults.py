"""Faults: a lost database is a 503 that touches nothing; a failure in the middle of a write leaves nothing
half-saved."""

import pytest
from django.db.utils import OperationalError
from django.test import RequestFactory

from bscb.views import server_error
from priorities.models import Action, Rag, StatusUpdate
from priorities.services import status_update_record

pytestmark = pytest.mark.django_db


def test_a_lost_database_connection_gives_a_503_page_that_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/home/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        with django_assert_num_queries(0):
            response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sorry, the service is unavailable" in response.content.decode()


def test_any_other_error_gives_a_500_page_that_needs_no_database(django_assert_num_queries):
    try:
        raise ValueError("bug")
    except ValueError:
        with django_assert_num_queries(0):
            response = server_error(RequestFactory().get("/home/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_a_failure_after_the_history_row_is_written_leaves_nothing_half_saved(world, monkeypatch):
    """The update writes the history row, then the action's cached status: if the second write fails, the first
    is rolled back with it."""
    action = world.action
    before = (action.rag, action.version, StatusUpdate.objects.count())

    original_filter = Action.objects.filter

    class Exploding:
        def update(self, **kwargs):
            raise OperationalError("disk full")

    def filter_that_fails_on_update(*args, **kwargs):
        if "pk" in kwargs:
            return Exploding()
        return original_filter(*args, **kwargs)

    monkeypatch.setattr(Action.objects, "filter", filter_that_fails_on_update)
    with pytest.raises(OperationalError):
        status_update_record(action=action, user=world.users["lead"], rag=Rag.RED, commentary="Blocked")
    monkeypatch.undo()
    action.refresh_from_db()
    assert (action.rag, action.version, StatusUpdate.objects.count()) == before
