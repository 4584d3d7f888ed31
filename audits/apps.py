from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Section 11 and themed audits"

    def ready(self):
        # The quarterly dashboard (and the board pack PDF) shows the Section 11 audits' progress: a panel of the
        # registry in reporting/panels.py, whose docstring lists every known panel.
        from reporting.panels import Sheet, register_panel

        from .selectors import dashboard_panel_context, pack_sheets, pack_summary

        register_panel(
            key="audits",
            title="Section 11 audits",
            template="audits/_dashboard_panel.html",
            context=dashboard_panel_context,
            order=60,
            summary=pack_summary,
            sheets=lambda quarter: [Sheet(**sheet) for sheet in pack_sheets(quarter)],
        )
