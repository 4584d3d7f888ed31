"""Forms of the quarterly review: reopening a quarter, challenging an action, the performance dataset's indicators
and their values."""

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms

from plans.quarters import quarter_deadline_bounds

from .models import Indicator, IndicatorValue

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


class GovukDateField(DateInputField):
    """The GOV.UK date input (day, month, year) with messages in the Design System's words: the library's own
    compress() reports Python's "day is out of range for month"."""

    def __init__(self, *, label_name: str, **kwargs):
        self.label_name = label_name
        super().__init__(**kwargs)
        message = f"Enter the day, month and year of the {label_name.lower()}"
        self.error_messages = {**self.error_messages, "required": message, "incomplete": message}
        for field, part in zip(self.fields, ("day", "month", "year"), strict=True):
            field.error_messages["incomplete"] = f"{label_name} must include a {part}"
            field.validators[0].message = f"{label_name} must be a real date"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(str(year)) != 4:
            raise forms.ValidationError(f"Year of the {self.label_name.lower()} must include 4 numbers")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise forms.ValidationError(f"{self.label_name} must be a real date") from exc


class DeadlineForm(forms.Form):
    """The date leads' updates are due for one quarter. The range (its first day to 60 days after its last) is checked
    by the service, plans.quarters.quarter_deadline_change, whose refusal the view shows on this field."""

    deadline = GovukDateField(
        label="Update deadline",
        label_name="Update deadline",
        require_all_fields=False,
    )

    def __init__(self, *args, quarter, **kwargs):
        super().__init__(*args, **kwargs)
        self.quarter = quarter
        earliest, latest = quarter_deadline_bounds(quarter)
        self.fields["deadline"].help_text = (
            f"Between {earliest:%-d %B %Y} and {latest:%-d %B %Y}, for example "
            f"{quarter.update_deadline:%-d %-m %Y}. Reminders are sent before it and a chaser after it, on your "
            "board's reminder schedule."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("deadline", context={"legend_size": Size.for_legend(Size.MEDIUM)}),
            Button("submit", "Save deadline"),
        )


class ChallengeForm(forms.Form):
    text = forms.CharField(
        label="Your challenge or comment",
        help_text=(
            "The action's leads are emailed and see it on My actions and on the update form until their next update "
            "answers it."
        ),
        # No max_length here: Django would write maxlength on the textarea and the browser would cut a pasted
        # challenge off at 3,000 characters without a word. The GOV.UK character count shows what is left, and
        # clean_text refuses a longer one with a message instead.
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter your challenge or comment"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("text", max_characters=TEXT_MAX), Button("submit", "Record challenge")
        )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Enter your challenge or comment")
        if len(text) > TEXT_MAX:
            raise forms.ValidationError(
                f"Challenge must be {TEXT_MAX:,} characters or fewer (it has {len(text):,}): shorten it"
            )
        return text


NOTE_MAX = 2000


class SignOffForm(forms.Form):
    """The BMG's sign-off of a closed quarter's review, with an optional note kept with it."""

    note = forms.CharField(
        label="Note for the board (optional)",
        help_text="For example what the BMG agreed to escalate to the board. Recorded with your name and the time.",
        # No max_length (see ChallengeForm): counted on the page, refused with a message here.
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, quarter, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("note", max_characters=NOTE_MAX),
            Button("submit", f"Sign off the review of {quarter.label}"),
        )

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if len(note) > NOTE_MAX:
            raise forms.ValidationError(f"Note must be {NOTE_MAX:,} characters or fewer (it has {len(note):,})")
        return note


class SignOffUndoForm(forms.Form):
    """An administrator's undoing of a sign-off (made by mistake, or before the BMG had finished), with the reason."""

    reason = forms.CharField(
        label="Why are you undoing the sign-off?",
        help_text=(
            "Recorded with your name and the time, and shown on the quarters page. The BMG can then sign off again."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are undoing the sign-off"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("reason", max_characters=NOTE_MAX), Button("submit", "Undo the sign-off")
        )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why you are undoing the sign-off")
        if len(reason) > NOTE_MAX:
            raise forms.ValidationError(f"Reason must be {NOTE_MAX:,} characters or fewer (it has {len(reason):,})")
        return reason


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


def _decimal_field(label: str, *, required: bool, help_text: str) -> forms.DecimalField:
    """A number of the dataset (a target or a tolerance) typed as text, with messages in the Design System's words."""
    name = label.split(" (")[0]
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter the {name.lower()}",
            "invalid": f"{name} must be a number, like 12 or 3.5",
            "max_digits": f"{name} must be smaller than 10,000,000,000",
            "max_decimal_places": f"{name} must have no more than 2 decimal places",
            "max_whole_digits": f"{name} must be smaller than 10,000,000,000",
        },
    )


NAME_MAX = 500


class IndicatorForm(forms.Form):
    """Adding or changing an indicator of the performance dataset. Explicit fields: the form never writes a field
    it does not show (the plan and the position are the service's). Cleaned data are the keyword arguments of
    `reporting.services.indicator_create` and `indicator_change`."""

    name = forms.CharField(
        label="Indicator",
        help_text="As the plan or the dataset names it, for example Repeat referrals.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the name of the indicator"},
    )
    source = forms.CharField(
        label="Where the plan names it (optional)",
        help_text="For example a priority and its strategic approach: Domestic Abuse: identify.",
        required=False,
    )
    unit = forms.CharField(
        label="Unit",
        help_text="What the value counts, for example children, referrals or per cent.",
        error_messages={"required": "Enter the unit, for example children or per cent"},
    )
    good_direction = forms.ChoiceField(
        label="Polarity",
        help_text="Whether a value above the target or below it is the good side.",
        choices=Indicator.Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a higher or a lower value is better"},
    )
    target = _decimal_field(
        "Target (optional)",
        required=False,
        help_text="The value aimed for, in the indicator's unit. Leave it empty if no target has been agreed.",
    )
    tolerance = _decimal_field(
        "Tolerance (optional)",
        required=False,
        help_text=(
            "How far a value may miss the target and still be within tolerance, in the indicator's unit. For example "
            "with a target of 10, lower is better and a tolerance of 2, a value of 12 is within tolerance and 13 is "
            "off target. Leave it empty if any miss is off target."
        ),
    )
    frequency = forms.ChoiceField(
        label="How often is it reported?",
        help_text="A half-yearly value counts for two quarters, an annual one for four.",
        choices=Indicator.Frequency.choices,
        initial=Indicator.Frequency.QUARTERLY,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how often the indicator is reported"},
    )

    def __init__(self, *args, submit: str = "Save indicator", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("name"),
            Field.text("source"),
            Field.text("unit", field_width=Fluid.ONE_THIRD),
            Field.radios("good_direction", legend_size=Size.SMALL),
            Field.text("target", field_width=10),
            Field.text("tolerance", field_width=10),
            Field.radios("frequency", legend_size=Size.SMALL),
            Button("submit", submit),
        )

    @classmethod
    def initial_for(cls, indicator: Indicator) -> dict:
        return {name: getattr(indicator, name) for name in cls.base_fields}

    def _text(self, name: str, max_length: int, label: str) -> str:
        text = " ".join(self.cleaned_data[name].split())
        if len(text) > max_length:
            raise forms.ValidationError(f"{label} must be {max_length:,} characters or fewer (it has {len(text):,})")
        return text

    def clean_name(self):
        name = self._text("name", NAME_MAX, "Name")
        if not name:
            raise forms.ValidationError("Enter the name of the indicator")
        return name

    def clean_source(self):
        return self._text("source", 200, "Where the plan names it")

    def clean_unit(self):
        unit = self._text("unit", 40, "Unit")
        if not unit:
            raise forms.ValidationError("Enter the unit, for example children or per cent")
        return unit

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target is not None and target < 0:
            raise forms.ValidationError("Target must be 0 or more")
        return target

    def clean_tolerance(self):
        tolerance = self.cleaned_data["tolerance"]
        if tolerance is not None and tolerance < 0:
            raise forms.ValidationError("Tolerance must be 0 or more")
        return tolerance

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tolerance") is not None and cleaned.get("target") is None and "target" not in self.errors:
            self.add_error("tolerance", "Enter a target as well, or leave the tolerance empty")
        return cleaned
