from django.apps import AppConfig


class CoreBusinessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "corebusiness"
    verbose_name = "Core business progress"

    def ready(self):
        # The quarterly dashboard (and the board pack: PDF, summary sentence, XLSX sheet) shows the core business
        # measures' status: a panel of the registry in reporting/panels.py, whose docstring lists every known panel.
        from priorities.my_work import register_my_work_provider
        from reporting.panels import Sheet, register_panel

        from .selectors import my_work_section, panel_context, panel_sheet_specs, panel_summary

        def panel_sheets(quarter):
            return [Sheet(**spec) for spec in panel_sheet_specs(quarter)]

        register_panel(
            key="core_business",
            title="Core business",
            template="corebusiness/_dashboard_panel.html",
            context=panel_context,
            summary=panel_summary,
            sheets=panel_sheets,
            order=40,
        )
        # A lead's core business measures on My actions (priorities/my_work.py).
        register_my_work_provider(key="core_business", provider=my_work_section, order=10)
