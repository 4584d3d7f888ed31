import pytest
from django.conf import settings
from django.db import transaction

from onboarding.plan_loader import plan_load_directory
from plans.models import BusinessPlan
from tests.world import _ensure_seed_rows

BARNET = settings.BASE_DIR / "fixtures" / "barnet-2014-2016"


@pytest.fixture(scope="module")
def barnet_loaded(django_db_setup, django_db_blocker):
    """Load Barnet once per module, in a transaction rolled back at the end: read-only tests share it (each test's
    own transaction is a savepoint inside this one)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            # A transactional (browser) test that ran earlier in the session flushed the rows migrations seed.
            _ensure_seed_rows()
            yield plan_load_directory(directory=BARNET).plan.pk
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def barnet(barnet_loaded, db):
    """The Barnet 2014-2016 plan, loaded through load_plan's service (read-only tests)."""
    return BusinessPlan.objects.select_related("board").get(pk=barnet_loaded)
