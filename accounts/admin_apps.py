"""The Django admin app, configured with the board-scoped site (its own module: Django picks an app's default
AppConfig from apps.py, which must hold only AccountsConfig)."""

from django.contrib.admin.apps import AdminConfig


class TrackerAdminConfig(AdminConfig):
    """django.contrib.admin with the site that scopes every view to the administrator's board."""

    default_site = "accounts.admin_base.TrackerAdminSite"
