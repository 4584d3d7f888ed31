from django.apps import AppConfig


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning"
    verbose_name = "Learning reviews"

    def ready(self):
        # A lead's open review recommendations on My actions (priorities/my_work.py).
        from priorities.my_work import register_my_work_provider

        from .selectors import my_work_section

        register_my_work_provider(key="learning", provider=my_work_section, order=30)
