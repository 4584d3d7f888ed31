from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Section 11 and themed audits"

    def ready(self):
        from reporting.panels import register_panel

        from .selectors import dashboard_panel_context

        register_panel(
            key="audits",
            title="Section 11 audits",
            template="audits/_dashboard_panel.html",
            context=dashboard_panel_context,
            order=60,
        )
