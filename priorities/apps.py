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
