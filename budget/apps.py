from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "budget"

    def ready(self):
        # The quarterly dashboard (and the board pack PDF) shows the budget's projected position for the quarter it is
        # about: a panel of the registry in reporting/panels.py, whose docstring lists every known panel.
        from reporting.panels import Sheet, register_panel

        from .selectors import pack_sheets, pack_summary, panel_context

        register_panel(
            key="budget",
            title="Budget",
            template="budget/_dashboard_panel.html",
            context=panel_context,
            order=50,
            summary=pack_summary,
            sheets=lambda quarter: [Sheet(**sheet) for sheet in pack_sheets(quarter)],
        )
