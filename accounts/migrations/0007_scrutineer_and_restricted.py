"""The independent scrutineer's role (a group, like the others: 0002_roles) and the audit kind for opening a
restricted learning review."""

from django.db import migrations, models

SCRUTINEER = "Independent scrutineer"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=SCRUTINEER)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_membership_per_board"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("sign_in", "Signed in"),
                    ("sign_in_failed", "Sign-in failed"),
                    ("sign_out", "Signed out"),
                    ("locked_out", "Locked out"),
                    ("refused", "Access refused"),
                    ("change", "Change"),
                    ("role_change", "Roles changed"),
                    ("membership_change", "Board membership changed"),
                    ("account_status", "Account activated or deactivated"),
                    ("password_reset", "Password reset"),
                    ("password_change", "Own password changed"),
                    ("admin_add", "Added in the admin"),
                    ("admin_change", "Changed in the admin"),
                    ("admin_delete", "Deleted in the admin"),
                    ("import", "Plan imported"),
                    ("quarter_close", "Quarter closed"),
                    ("quarter_reopen", "Quarter reopened"),
                    ("invitation", "Invitation sent, accepted or withdrawn"),
                    ("board_created", "Board created"),
                    ("restricted_opened", "Restricted record opened"),
                ],
                max_length=20,
            ),
        ),
        # Unapplying keeps the group: deleting it would take the role from every scrutineer who holds it, and
        # applying again would not give it back.
        migrations.RunPython(create_role, migrations.RunPython.noop),
    ]
