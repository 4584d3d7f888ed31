from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "budget"

    def ready(self):
        # The quarterly dashboard (and the board pack PDF) shows the budget's projected position for the quarter it is
        # about: a panel of the registry in reporting/panels.py, whose docstring lists every known panel.
        from reporting.panels import register_panel

        from .selectors import panel_context

        register_panel(
            key="budget", title="Budget", template="budget/_dashboard_panel.html", context=panel_context, order=50
        )
