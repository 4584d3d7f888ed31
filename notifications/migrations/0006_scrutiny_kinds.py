"""The two emails of the scrutiny log (scrutiny/services.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_audit_kinds"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("action_alert", "Action turned Red or needs escalation"),
                    ("update_reminder", "Status update reminder"),
                    ("update_chaser", "Status update overdue"),
                    ("challenge", "BMG challenge on an action"),
                    ("error_report", "Server error report to ADMINS"),
                    ("invitation", "Invitation to join a board"),
                    ("password_reset", "Password reset link"),
                    ("audit_cycle_opened", "Section 11 return requested"),
                    ("audit_submitted", "Section 11 return submitted"),
                    ("audit_challenged", "Section 11 return challenged"),
                    ("audit_resubmitted", "Section 11 return resubmitted"),
                    ("audit_accepted", "Section 11 return accepted"),
                    ("audit_reminder", "Section 11 return due soon"),
                    ("audit_overdue", "Section 11 return overdue"),
                    ("scrutiny_raised", "Scrutiny observation or challenge raised"),
                    ("scrutiny_response", "Response to a scrutiny entry"),
                ],
                max_length=30,
            ),
        ),
    ]
