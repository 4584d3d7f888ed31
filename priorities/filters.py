"""The action list's filters: priority, strategic stage, lead, agency, RAG, overdue, due between two dates, search.

Filters across many-to-many relations use `pk__in` subqueries, so no row is repeated and no DISTINCT is needed.
The choices are the board's own priorities, leads and agencies: another board's never appear, and a URL naming
one is an invalid choice (an error message), not a leak.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.db.models.functions import Lower

from plans.models import Agency, Lead

from .models import Action, Priority, Rag, StrategicStage

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


def _lead_action_ids(lead_ids):
    return Action.leads.through.objects.filter(lead_id__in=lead_ids).values("action_id")


class GovukDateField(forms.DateField):
    """A single text box for a date, with a GOV.UK error message naming the field."""

    def __init__(self, *, name, **kwargs):
        super().__init__(
            input_formats=DATE_FORMATS,
            error_messages={"invalid": f"Enter the {name} date as a real date, for example 31/3/2015"},
            **kwargs,
        )


class ActionFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("due_from"), cleaned.get("due_by")
        if start and end and end < start:
            self.add_error("due_by", "The 'due by' date must be the same as or after the 'due from' date")
        return cleaned


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text="Searches the reference, what we will do, how, leads, outcomes and timescale",
    )
    priority = django_filters.ModelChoiceFilter(
        label="Priority",
        queryset=Priority.objects.none(),
        to_field_name="slug",
        field_name="objective__priority",
        empty_label="All priorities",
    )
    stage = django_filters.ModelChoiceFilter(
        label="Strategic approach",
        queryset=StrategicStage.objects.all(),
        method="filter_stage",
        empty_label="All stages",
    )
    lead = django_filters.ModelChoiceFilter(
        label="Lead",
        queryset=Lead.objects.none(),
        method="filter_lead",
        empty_label="Any lead",
        help_text="A person's actions include those led by groups they belong to",
    )
    agency = django_filters.ModelChoiceFilter(
        label="Agency of a lead", queryset=Agency.objects.none(), method="filter_agency", empty_label="All agencies"
    )
    rag = django_filters.ChoiceFilter(label="Status (RAG)", choices=Rag.choices, empty_label="All statuses")
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=[("yes", "Overdue only"), ("no", "Not overdue")],
        method="filter_overdue",
        empty_label="Overdue or not",
    )
    due_from = django_filters.DateFilter(
        label="Due from", field_name="due_date", lookup_expr="gte", help_text="For example, 1/4/2015"
    )
    due_by = django_filters.DateFilter(
        label="Due by", field_name="due_date", lookup_expr="lte", help_text="For example, 31/3/2016"
    )

    class Meta:
        model = Action
        fields: list = []
        form = ActionFilterForm

    def __init__(self, *args, board, plan, as_of, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_of = as_of  # plans.quarters.AsOf: "overdue" means what the pages mean by it
        fields = self.form.fields
        fields["priority"].queryset = Priority.objects.filter(plan=plan)
        fields["lead"].queryset = Lead.objects.filter(board=board).order_by(Lower("name"))
        # A placeholder named "All" must not read like the empty choice: groups and placeholders say what they are.
        fields["lead"].label_from_instance = lambda lead: (
            lead.name if lead.kind == Lead.Kind.PERSON else f"{lead.name} ({lead.get_kind_display().lower()})"
        )
        fields["agency"].queryset = Agency.objects.filter(board=board)
        fields["due_from"] = GovukDateField(name="'due from'", label="Due from", required=False)
        fields["due_from"].help_text = "For example, 1/4/2015"
        fields["due_by"] = GovukDateField(name="'due by'", label="Due by", required=False)
        fields["due_by"].help_text = "For example, 31/3/2016"
        for name, field in fields.items():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "govuk-select govuk-!-width-full"
            elif name == "q":
                widget.attrs["class"] = "govuk-input"
            else:
                widget.attrs["class"] = "govuk-input govuk-input--width-10"
                widget.attrs["autocomplete"] = "off"

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(how__icontains=value)
            | Q(objective__what__icontains=value)
            | Q(responsible_leads__icontains=value)
            | Q(pk__in=Action.leads.through.objects.filter(lead__name__icontains=value).values("action_id"))
            | Q(outcomes__icontains=value)
            | Q(timescale__icontains=value)
        )

    def filter_stage(self, queryset, name, value):
        return queryset.filter(objective__in=value.objectives.values("pk"))

    def filter_lead(self, queryset, name, value):
        group_ids = list(value.groups.values_list("pk", flat=True))
        return queryset.filter(pk__in=_lead_action_ids([value.pk, *group_ids]))

    def filter_agency(self, queryset, name, value):
        return queryset.filter(pk__in=_lead_action_ids(Lead.objects.filter(agency=value).values("pk")))

    def filter_overdue(self, queryset, name, value):
        overdue = Q(due_date__lt=self.as_of.date) & ~Q(rag=Rag.COMPLETE)
        return queryset.filter(overdue) if value == "yes" else queryset.exclude(overdue)
