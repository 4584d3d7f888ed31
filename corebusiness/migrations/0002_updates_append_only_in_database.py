"""Core measure updates are append-only in the database (PostgreSQL trigger). Their foreign keys are PROTECT."""

from django.db import migrations

from bscb.db import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("corebusiness", "0001_initial")]

    operations = [AppendOnly("corebusiness_coremeasureupdate")]
