from django.apps import AppConfig


class BscbConfig(AppConfig):
    """The project package is an app only so that shared template tags and templates live in one place."""

    name = "bscb"
    verbose_name = "Plan tracker"
