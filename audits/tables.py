"""Declarative tables of the audits app, rendered with the project's GOV.UK table template."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from bscb.templatetags.tracker import rag_tag

from .models import SingleAgencyAudit, ThemedAudit


class ThemedAuditTable(tables.Table):
    theme = tables.Column()
    agencies = tables.Column(empty_values=(), orderable=False, verbose_name="Agencies")
    priorities = tables.Column(empty_values=(), orderable=False, verbose_name="Plan priorities")
    recommendations = tables.Column(empty_values=(), orderable=False, verbose_name="Recommendations")

    caption = "Multi-agency themed audits"

    class Meta:
        model = ThemedAudit
        fields = ["theme", "commissioned_on", "reported_on", "agencies", "priorities", "recommendations"]
        order_by = "-commissioned_on"
        empty_text = "No themed audits yet."

    def render_theme(self, record, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', reverse("audits:themed_detail", args=[record.pk]), value
        )

    def render_agencies(self, record):
        return ", ".join(a.name for a in record.agencies.all()) or "None recorded"

    def render_priorities(self, record):
        return ", ".join(p.title for p in record.priorities.all()) or "None"

    def render_recommendations(self, record):
        recommendations = list(record.recommendations.all())
        if not recommendations:
            return "None yet"
        return format_html_join(" ", "{}", ((rag_tag(r.rag),) for r in recommendations))


class SingleAgencyAuditTable(tables.Table):
    links = tables.Column(empty_values=(), orderable=False, verbose_name="Changes")
    caption = "Single-agency audits reported to the board"

    def __init__(self, *args, can_edit=False, **kwargs):
        super().__init__(*args, **kwargs)
        # The coordinator and the board administrator edit and remove entries (audits.views.audit_map).
        self.can_edit = can_edit

    class Meta:
        model = SingleAgencyAudit
        fields = ["agency", "topic", "reported_on", "summary_of_findings", "links"]
        order_by = "-reported_on"
        empty_text = "No single-agency audits have been reported yet."

    def render_agency(self, value):
        return value.name

    def render_summary_of_findings(self, value):
        return format_html('<span class="app-pre-wrap">{}</span>', value)

    def render_links(self, record):
        links = [("audits:audit_map_history", "History")]
        if self.can_edit:
            links = [("audits:audit_map_update", "Edit"), ("audits:audit_map_remove", "Remove"), *links]
        return format_html_join(
            " ",
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
            ((reverse(name, args=[record.pk]), label, record.topic) for name, label in links),
        )
