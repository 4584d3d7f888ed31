from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scrutiny"
    verbose_name = "Independent scrutiny"
