"""Forms of the corebusiness app. The update rules live in services.measure_update_errors (priorities' rules, worded
for a measure); the form only collects the fields and reports those errors next to them."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from priorities.forms import RAG_HINTS
from priorities.models import Rag
from priorities.services import COMMENTARY_MAX_LENGTH

from .services import lead_choices, measure_update_errors


class MeasureUpdateForm(forms.Form):
    """A lead's quarterly update of one core measure. `version` is the number of updates the measure had when the
    form was opened (services.measure_update_record refuses the save if someone else has added one since)."""

    rag = forms.ChoiceField(
        label="Status",
        choices=[Choice(value, label, hint=RAG_HINTS[value]) for value, label in Rag.choices],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the measure", "invalid_choice": "Select a status"},
    )
    commentary = forms.CharField(
        label="Progress commentary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What has happened this quarter. Required for Red or Amber, and whenever the status changes.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, current_rag, **kwargs):
        self.current_rag = current_rag
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("rag", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("commentary", label_size=Size.SMALL, max_characters=COMMENTARY_MAX_LENGTH),
            Field("version"),
        )

    def clean(self):
        cleaned = super().clean()
        if "rag" not in cleaned:
            return cleaned
        errors = measure_update_errors(
            current_rag=self.current_rag, rag=cleaned["rag"], commentary=cleaned.get("commentary", "")
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return cleaned


class MeasureLeadsForm(forms.Form):
    """The board administrator names who reports a measure's progress: any of the board's leads, none or several."""

    leads = forms.ModelMultipleChoiceField(
        label="Leads",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The people or groups who report this measure's progress each quarter. Select all that apply.",
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = lead_choices(board)
        self.fields["leads"].label_from_instance = lambda lead: (
            f"{lead.name} ({lead.get_kind_display().lower()}{', ' + lead.agency.name if lead.agency else ''})"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.checkboxes("leads", legend_size=Size.MEDIUM, legend_tag="h2", small=True))
