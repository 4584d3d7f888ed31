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
        # The dashboard's cached panels are retired by any committed write to an app that registers one (budget,
        # audits, corebusiness: reporting/cache.py; register_panel names the app).
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import panel_data_changed

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(panel_data_changed, dispatch_uid=f"reporting-panels-{signal!r}")
