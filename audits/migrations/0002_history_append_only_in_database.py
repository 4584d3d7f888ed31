"""The Section 11 workflow log is append-only in the database (PostgreSQL trigger), and a return with history, or a
cycle with returns, can no longer be deleted by a cascade: PROTECT instead of CASCADE."""

import django.db.models.deletion
from django.db import migrations, models

from bscb.db import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="agencyreturn",
            name="cycle",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="returns", to="audits.auditcycle"
            ),
        ),
        migrations.AlterField(
            model_name="returnevent",
            name="agency_return",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="events", to="audits.agencyreturn"
            ),
        ),
        AppendOnly("audits_returnevent"),
    ]
