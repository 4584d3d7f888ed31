from django.apps import AppConfig


class AccountsConfig(AppConfig):
    verbose_name = "Accounts and audit log"
    name = "accounts"

    def ready(self):
        from . import audit  # noqa: F401  (connects the sign-in signal receivers)
