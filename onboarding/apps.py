from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    """The top floor (docs/CONVENTIONS.md): what fills the apps below with a plan, demo data or scale data. No app
    imports it; it may import every app."""

    name = "onboarding"
    verbose_name = "Onboarding: plan loading, demo and scale data"
