"""Findings whose free-text owner is exactly the name of one of the board's leads (ignoring case and spaces) are linked
to that lead, so that they appear on the lead's My actions. The text is kept as it was written."""

from django.db import migrations


def link_owners(apps, schema_editor):
    Lead = apps.get_model("plans", "Lead")
    ImprovementAction = apps.get_model("audits", "ImprovementAction")
    Recommendation = apps.get_model("audits", "Recommendation")
    leads = {}
    for lead in Lead.objects.all():
        leads[(lead.board_id, " ".join(lead.name.split()).casefold())] = lead.pk
    for action in ImprovementAction.objects.filter(owner_lead__isnull=True).select_related(
        "assessment__agency_return__cycle"
    ):
        key = (action.assessment.agency_return.cycle.board_id, " ".join(action.owner.split()).casefold())
        if key in leads:
            ImprovementAction.objects.filter(pk=action.pk).update(owner_lead_id=leads[key])
    for recommendation in Recommendation.objects.filter(owner_lead__isnull=True).select_related("themed_audit"):
        key = (recommendation.themed_audit.board_id, " ".join(recommendation.owner.split()).casefold())
        if key in leads:
            Recommendation.objects.filter(pk=recommendation.pk).update(owner_lead_id=leads[key])


class Migration(migrations.Migration):
    dependencies = [("audits", "0004_findings_tracked_carry_forward_withdrawn"), ("plans", "0008_core_measure_leads")]

    operations = [migrations.RunPython(link_owners, migrations.RunPython.noop)]
