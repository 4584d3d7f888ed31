from django.apps import AppConfig


class AccountsConfig(AppConfig):
    verbose_name = "Accounts and audit log"
    name = "accounts"

    def ready(self):
        # Connect the audit log's receivers: sign-ins (audit), and role, membership, account and password changes.
        # Roles per board membership, mirrored as groups for single-board accounts; and `user.membership`.
        from . import audit, audit_signals, role_sync  # noqa: F401
