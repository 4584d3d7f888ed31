"""The five stages of the plan's strategic approach, in the order the plan lists them."""

from django.db import migrations

STAGES = [
    ("prevent", "Prevent", 1),
    ("identify", "Identify", 2),
    ("support", "Support", 3),
    ("intervene", "Intervene", 4),
    ("enforce", "Enforce (disrupt and prosecute)", 5),
]


def create_stages(apps, schema_editor):
    StrategicStage = apps.get_model("priorities", "StrategicStage")
    for code, name, order in STAGES:
        StrategicStage.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("priorities", "0001_initial")]
    operations = [migrations.RunPython(create_stages, migrations.RunPython.noop)]
