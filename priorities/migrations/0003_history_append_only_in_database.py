"""Status updates are append-only in the database (PostgreSQL trigger). Their foreign keys were PROTECT already."""

from django.db import migrations

from bscb.db import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("priorities", "0002_strategic_stages")]

    operations = [AppendOnly("priorities_statusupdate")]
