"""django-tables2 tables of actions, rendered by the project's GOV.UK table template."""

import django_tables2 as tables
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.html import format_html

from bscb.templatetags.tracker import rag_tag

from .models import Action, Rag

# Sorting by status goes from the most worrying to done, not alphabetically.
RAG_SORT_ORDER = [Rag.RED, Rag.AMBER, Rag.NOT_STARTED, Rag.GREEN, Rag.COMPLETE]


class ActionTable(tables.Table):
    caption = "Actions"

    reference = tables.Column("Ref", linkify=("priorities:action_detail", {"pk": tables.A("pk")}))
    priority = tables.Column(
        "Priority", accessor="objective__priority__title", order_by=("objective__priority__order", "reference")
    )
    approach = tables.Column("Strategic approach", accessor="objective__approach_heading")
    how = tables.Column("How we will do it")
    responsible_leads = tables.Column("Responsible leads")
    timescale = tables.Column("Timescale")
    due_date = tables.Column("Due", empty_values=())
    rag = tables.Column("RAG")

    class Meta:
        model = Action
        # Status and due date come straight after the reference: on a laptop the wide text columns would otherwise
        # push them out of the visible part of the scrolling table, and they are what readers look for first.
        fields = ["reference", "rag", "due_date", "priority", "approach", "how", "responsible_leads", "timescale"]
        sequence = ("reference", "rag", "due_date", "priority", "approach", "how", "responsible_leads", "timescale")
        order_by = ("priority",)
        empty_text = "No actions match these filters."
        attrs = {"id": "actions"}

    def __init__(self, *args, as_of, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = as_of.date  # plans.quarters.AsOf

    def render_due_date(self, value, record):
        if value is None:
            return "Not set"
        due = value.strftime("%-d %b %Y")
        if record.is_overdue(self.today):
            return format_html('{} <strong class="app-overdue">Overdue</strong>', due)
        return due

    def render_rag(self, value, record):
        return rag_tag(record.rag)

    def order_rag(self, queryset, is_descending):
        rank = Case(
            *[When(rag=rag, then=Value(index)) for index, rag in enumerate(RAG_SORT_ORDER)],
            output_field=IntegerField(),
        )
        queryset = queryset.annotate(rag_rank=rank).order_by(("-" if is_descending else "") + "rag_rank", "reference")
        return queryset, True

    def order_due_date(self, queryset, is_descending):
        # Actions without a due date go last either way.
        ordering = F("due_date").desc(nulls_last=True) if is_descending else F("due_date").asc(nulls_last=True)
        return queryset.order_by(ordering, "reference"), True
