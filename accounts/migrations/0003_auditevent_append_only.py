from django.db import migrations

from bscb.db import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]
    operations = [AppendOnly("accounts_auditevent")]
