"""One populated world per test module (built in a transaction rolled back at the end, as the permission matrix
does); each test runs in a savepoint of it, so whatever a request writes is undone after the test."""

import pytest
from django.db import transaction

from tests.security.poison import populated_world


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield populated_world()
        transaction.set_rollback(True)


@pytest.fixture
def sworld(_module_world, db):
    return _module_world
