"""Forms of the yearly report: start one (template and twelve-month period), edit a narrative, the easy-read
summary, and give the reason for undoing a sign-off."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone

from .models import YearlyReport

MONTHS = [(n, datetime.date(2000, n, 1).strftime("%B")) for n in range(1, 13)]


def _helper(*fields):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


def current_financial_year(today=None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


class StartReportForm(forms.Form):
    template = forms.ChoiceField(
        label="Which kind of yearly report?",
        choices=YearlyReport.Template.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which kind of yearly report to start"},
    )
    start_month = forms.TypedChoiceField(
        label="First month of the year it covers",
        choices=MONTHS,
        coerce=int,
        initial=4,
        help_text="The report covers twelve months from the first day of this month: choose April for a financial year",
        error_messages={"required": "Select the first month", "invalid_choice": "Select the first month"},
    )
    start_year = forms.IntegerField(
        label="Year of that month",
        min_value=2000,
        max_value=2100,
        help_text="For example, 2014 for the year April 2014 to March 2015",
        error_messages={
            "required": "Enter the year the report starts in",
            "invalid": "Enter the year as a number, like 2014",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year before 2100",
        },
    )

    def __init__(self, *args, board, **kwargs):
        self.board = board
        super().__init__(*args, **kwargs)
        self.fields["template"].initial = "adults" if board.kind == "adults" else "children"
        self.fields["start_year"].initial = current_financial_year() - 1
        self.helper = _helper(
            Field.radios("template", legend_size=Size.SMALL),
            Field.select("start_month"),
            Field.text("start_year", field_width=4),
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["period_start"] = datetime.date(data["start_year"], data["start_month"], 1)
        if YearlyReport.objects.filter(
            board=self.board, template=data["template"], period_start=data["period_start"]
        ).exists():
            self.add_error(
                "start_year",
                "A yearly report of this kind already exists for this period: open it from the list instead",
            )
        return data


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label="Narrative",
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20000,
        help_text="Paragraphs separated by a blank line",
        error_messages={
            "required": "Enter the narrative for this section",
            "max_length": "Narrative must be 20,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("narrative", rows=12))


class EasyReadForm(forms.Form):
    easy_read = forms.CharField(
        label="Easy-read summary",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=5000,
        help_text="One short, plain sentence per line",
        error_messages={
            "required": "Enter the easy-read summary",
            "max_length": "Easy-read summary must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("easy_read", rows=10))


class UndoSignOffForm(forms.Form):
    reason = forms.CharField(
        label="Why are you undoing the sign-off?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter the reason for undoing the sign-off",
            "max_length": "Reason must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=4))
