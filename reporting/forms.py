"""Forms of the quarterly review: reopening a quarter, challenging an action, entering an indicator value."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms

from .models import IndicatorValue

TEXT_MAX = 3000


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening this quarter?",
        help_text="This is recorded with your name and the time, and shown on the quarters page.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        error_messages={
            "required": "Enter why you are reopening the quarter",
            "max_length": "Reason must be 1000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("reason"), Button("submit", "Reopen quarter"))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why you are reopening the quarter")
        return reason


class ChallengeForm(forms.Form):
    text = forms.CharField(
        label="Your challenge or comment",
        help_text="The action's leads see this on the action page.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX,
        error_messages={
            "required": "Enter your challenge or comment",
            "max_length": f"Challenge must be {TEXT_MAX} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("text"), Button("submit", "Record challenge"))

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Enter your challenge or comment")
        return text


class IndicatorValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["value", "note"]
        labels = {"value": "Value", "note": "Note (optional)"}
        help_texts = {"note": "For example the source of the figure or why it changed."}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = self.fields["value"]
        value.widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})
        value.error_messages.update(
            {
                "required": "Enter the value for the quarter",
                "invalid": "Value must be a number, like 12 or 3.5",
                "max_digits": "Value must be smaller than 10,000,000,000",
                "max_decimal_places": "Value must have no more than 2 decimal places",
                "max_whole_digits": "Value must be smaller than 10,000,000,000",
            }
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("value", field_width=Fluid.ONE_QUARTER), Field.textarea("note"), Button("submit", "Save value")
        )

    def clean_value(self):
        value = self.cleaned_data["value"]
        # Every indicator of the dataset is a count or a rate: a negative figure is a typing mistake.
        if value < 0:
            raise forms.ValidationError("Value must be 0 or more")
        return value

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if len(note) > 1000:
            raise forms.ValidationError("Note must be 1000 characters or fewer")
        return note
