import os

import pytest
from django.core.cache import cache
from django.test import Client

from tests.world import _ensure_seed_rows, build_world

# pytest-playwright drives the browser from an event loop; Django's live server is synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _seed_rows(request):
    """Rows that migrations seed (roles, strategic stages) are emptied by any transactional (browser) test's flush;
    put them back before every test that touches the database, whatever ran before it."""
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in names or "live_server" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    _ensure_seed_rows()


@pytest.fixture(autouse=True)
def _empty_cache():
    """The test cache outlives each test's database rollback and ids are reused: a board pack marker or a sign-in
    counter of one test must not leak into the next."""
    cache.clear()
    yield


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for(world):
    """A test client signed in as a persona ("anonymous" for none). force_login: these tests are not about sign-in."""

    def make(persona):
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        return client

    return make
