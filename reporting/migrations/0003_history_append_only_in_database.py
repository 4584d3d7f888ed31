"""Quarter events and BMG challenges are append-only in the database (PostgreSQL trigger), and a quarter with events
can no longer be deleted by a cascade: PROTECT instead of CASCADE (challenges' foreign keys were PROTECT already).

Action snapshots are left out on purpose: reopening a quarter deletes its snapshots (see `ActionSnapshot`)."""

import django.db.models.deletion
from django.db import migrations, models

from bscb.db import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_snapshots_challenges_indicators")]

    operations = [
        migrations.AlterField(
            model_name="quarterevent",
            name="quarter",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="events", to="reporting.quarter"
            ),
        ),
        AppendOnly("reporting_quarterevent"),
        AppendOnly("reporting_challenge"),
    ]
