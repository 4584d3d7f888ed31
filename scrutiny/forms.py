"""Forms of the scrutiny log: raise an entry, respond to one, record its outcome."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from plans.models import Agency, Lead
from priorities.models import Action

from .models import ScrutinyEntry


def _helper(*fields):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


class RaiseEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label="Is this an observation or a challenge?",
        choices=ScrutinyEntry.Kind.choices,
        widget=forms.RadioSelect,
        help_text="A challenge asks for a response; an observation may be answered",
        error_messages={"required": "Select observation or challenge"},
    )
    addressed_to = forms.ChoiceField(
        label="Who is it addressed to?",
        choices=ScrutinyEntry.AddressedTo.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who it is addressed to"},
    )
    agency = forms.ModelChoiceField(
        label="Partner agency",
        queryset=Agency.objects.none(),
        required=False,
        help_text="When it is addressed to a partner agency",
        error_messages={"invalid_choice": "Select a partner agency from the list"},
    )
    lead = forms.ModelChoiceField(
        label="Lead",
        queryset=Lead.objects.none(),
        required=False,
        help_text="When it is addressed to a lead of the plan",
        error_messages={"invalid_choice": "Select a lead from the list"},
    )
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        help_text="One line: it is the email's subject, so keep case detail out of it",
        error_messages={"required": "Enter a subject", "max_length": "Subject must be 200 characters or fewer"},
    )
    detail = forms.CharField(
        label="What you observed or are challenging",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what you observed or are challenging"},
    )
    action = forms.ModelChoiceField(
        label="Plan action it is about (optional)",
        queryset=Action.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Select an action from the list"},
    )
    response_due_on = forms.DateField(
        label="Response asked for by (optional)",
        required=False,
        help_text="For example, 27 3 2015 or 2015-03-27",
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
        error_messages={"invalid": "Enter the date as day month year, like 27 3 2015"},
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(board=board).order_by("name")
        self.fields["lead"].queryset = Lead.objects.filter(board=board).order_by("name")
        self.fields["action"].queryset = (
            Action.objects.filter(objective__priority__plan__board=board)
            .select_related("objective__priority")
            .order_by("objective__priority__order", "order")
        )
        self.fields["action"].label_from_instance = lambda action: action.reference or f"Action {action.pk}"
        self.helper = _helper(
            Field.radios("kind", legend_size=Size.MEDIUM, inline=True),
            Field.radios("addressed_to", legend_size=Size.MEDIUM),
            Field.select("agency"),
            Field.select("lead"),
            Field.text("subject"),
            Field.textarea("detail"),
            Field.select("action"),
            Field.text("response_due_on", field_width=10),
        )

    def clean(self):
        cleaned = super().clean()
        to = cleaned.get("addressed_to")
        if to == ScrutinyEntry.AddressedTo.PARTNER and not cleaned.get("agency"):
            self.add_error("agency", "Select the partner agency it is addressed to")
        if to == ScrutinyEntry.AddressedTo.LEAD and not cleaned.get("lead"):
            self.add_error("lead", "Select the lead it is addressed to")
        return cleaned


class RespondForm(forms.Form):
    text = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your response"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("text", label_size=Size.MEDIUM))


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What came of it: what changed, or why the entry is closed without a change",
        error_messages={"required": "Enter the outcome"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("outcome", label_size=Size.MEDIUM))
