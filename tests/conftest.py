import os

import pytest
from django.test import Client

from tests.world import build_world

# pytest-playwright drives the browser from an event loop; Django's live server is synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
