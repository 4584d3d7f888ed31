"""The database cache's table comes with `migrate` (bscb/migrations/0001_cache_table.py).

Without Redis the shared cache is the table `tracker_cache`. It used to be created only by `createcachetable`, so on a
database that had been migrated and nothing else, closing a quarter (which marks the board pack's build in the cache)
failed with 'relation "tracker_cache" does not exist'; CI's backup drill (`migrate`, then `setup_demo`) stopped there.
The test settings use a local-memory cache, so these tests switch to production's cache to exercise the table.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from plans.models import Quarter
from reporting.services import quarter_close

from .reporting.helpers import at

pytestmark = pytest.mark.django_db

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tracker_cache",
        "TIMEOUT": 60,
    }
}


def test_production_settings_without_redis_use_the_table_the_migration_creates():
    # base.py chooses the database cache when REDIS_URL is unset; the table name must match the migration's.
    assert "tracker_cache" in connection.introspection.table_names()


@override_settings(CACHES=DATABASE_CACHE)
def test_closing_a_quarter_on_a_migrated_database_writes_its_build_marker_to_the_database_cache(world):
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    q3 = world.quarters[2]
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))
    q3.refresh_from_db()
    assert q3.state == Quarter.State.CLOSED
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM tracker_cache")
        assert cursor.fetchone()[0] >= 1, "the board pack's build marker was not written to the shared cache"
    cache.set("probe", "value")
    assert cache.get("probe") == "value"
