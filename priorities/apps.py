from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"

    def ready(self):
        # A lead's next step on their home page: a section of the registry in bscb/home.py, which lists them all.
        from bscb.home import register_home_section

        from .home import my_actions_section

        register_home_section(
            key="my-actions", template="priorities/_home_section.html", context=my_actions_section, order=10
        )
        # Evidence on status updates: the registry of the evidence app (evidence/registry.py), which says who may see
        # and add it (priorities/evidence_rules.py).
        from .evidence_rules import register as register_evidence_rules

        register_evidence_rules()
