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
        # Evidence (a policy, a training record) on returns, standards and improvement actions: the registry of the
        # evidence app (evidence/registry.py), which says who may see and add it (audits/evidence_rules.py).
        from .evidence_rules import register as register_evidence_rules

        register_evidence_rules()
        # Findings as tracked work, on the floors below without priorities importing audits: their owners' My actions
        # (priorities/my_work.py), and the plan action and priority pages (priorities/related.py).
        from priorities.my_work import register_my_work_provider
        from priorities.related import register_related_provider

        from .findings import action_related_section, my_work_section, priority_related_section

        register_my_work_provider(key="findings", provider=my_work_section, order=20)
        register_related_provider(key="findings", action=action_related_section, order=10)
        register_related_provider(key="themed", priority=priority_related_section, order=20)
