"""The database cache's table, created by `migrate` rather than by a separate `createcachetable` step.

Without Redis (REDIS_URL unset) the shared cache is Django's DatabaseCache in the table `tracker_cache`
(bscb/settings/base.py). Any command that closes a quarter writes to that cache (the board pack's build marker), so a
database that has been migrated but never had `createcachetable` run broke `setup_demo` and the backup drill. The
table is created whatever the cache settings are, so switching from Redis to the database cache needs no extra step.
`createcachetable` stays in `release`: it is idempotent and covers a LOCATION other than ours.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "tracker_cache"


def create_cache_table(apps, schema_editor):
    # create_table skips a table that already exists (an installation that ran createcachetable before this migration).
    command = CreateCacheTable()
    command.verbosity = 0  # set by handle() when run as a command; create_table reads it
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
