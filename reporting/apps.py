from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self):
        # A challenge the BMG records shows on the lead's My actions and update form until their next update answers
        # it: a provider of the notice registry in priorities/notices.py, whose docstring lists every provider.
        from bscb.home import register_home_section
        from priorities.notices import register_notice_provider

        from .home import quarter_section
        from .selectors import open_challenge_notices

        register_notice_provider(key="challenges", provider=open_challenge_notices)
        # The quarter in progress on the BMG's and administrators' home page (the registry in bscb/home.py).
        register_home_section(key="quarter", template="reporting/_home_section.html", context=quarter_section, order=20)
