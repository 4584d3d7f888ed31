from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self):
        # A challenge the BMG records shows on the lead's My actions and update form until their next update answers
        # it: a provider of the notice registry in priorities/notices.py, whose docstring lists every provider.
        from priorities.notices import register_notice_provider

        from .selectors import open_challenge_notices

        register_notice_provider(key="challenges", provider=open_challenge_notices)
