"""The administrator's decisions on an import's new leads (the job's preview page), one group of fields per name."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms

from plans.models import Lead

from .plan_import.preview import CREATE_GROUP, CREATE_PERSON, CREATE_PLACEHOLDER

EXISTING = "existing"
CHOICES = [
    (CREATE_PERSON, "A new person"),
    (CREATE_GROUP, "A new group or body"),
    (CREATE_PLACEHOLDER, "A new placeholder (a role, not a person)"),
    (EXISTING, "One of your board's leads"),
]


class LeadDecisionsForm(forms.Form):
    def __init__(self, *args, board, new_leads: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.new_leads = new_leads
        existing = Lead.objects.filter(board=board).order_by("name")
        layout = []
        for index, lead in enumerate(new_leads):
            self.fields[f"choice_{index}"] = forms.ChoiceField(
                label="What is it?",
                choices=CHOICES,
                initial=EXISTING if lead.get("suggested_lead") else lead.get("kind", CREATE_PLACEHOLDER),
                error_messages={"required": f"Select what {lead['name']} is", "invalid_choice": "Select from the list"},
            )
            self.fields[f"lead_{index}"] = forms.ModelChoiceField(
                label="Which of your board's leads? (when it is one of them)",
                queryset=existing,
                required=False,
                initial=lead.get("suggested_lead"),
                empty_label="Select a lead",
                error_messages={"invalid_choice": "Select a lead from the list"},
            )
            self.fields[f"name_{index}"] = forms.CharField(
                label="Create it under another name (optional)",
                max_length=200,
                required=False,
                help_text="For example the full name for initials",
                error_messages={"max_length": "A name must be 200 characters or fewer"},
            )
            actions = lead.get("actions", 0)
            layout.append(
                Fieldset(
                    Field.select(f"choice_{index}"),
                    Field.select(f"lead_{index}"),
                    Field.text(f"name_{index}", field_width=Fluid.TWO_THIRDS),
                    legend=f"{lead['name']} ({actions} action{'s' if actions != 1 else ''})",
                    legend_size=Size.SMALL,
                )
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*layout, Button("submit", "Import the plan"))

    def clean(self):
        cleaned = super().clean()
        for index, lead in enumerate(self.new_leads):
            if cleaned.get(f"choice_{index}") == EXISTING and not cleaned.get(f"lead_{index}"):
                self.add_error(f"lead_{index}", f"Select which of your board's leads {lead['name']} is")
        return cleaned

    def decisions(self) -> dict:
        """The decisions by the names' keys, as the writer reads them (plan_import/writer.py)."""
        decisions = {}
        for index, lead in enumerate(self.new_leads):
            choice = self.cleaned_data[f"choice_{index}"]
            existing = self.cleaned_data.get(f"lead_{index}")
            decisions[lead["key"]] = {
                "choice": choice,
                "lead": existing.pk if choice == EXISTING and existing else None,
                "name": self.cleaned_data.get(f"name_{index}", "").strip(),
            }
        return decisions
