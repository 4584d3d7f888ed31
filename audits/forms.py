"""Forms of the audits app: explicit fields and error messages written for the person."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.utils.html import escape

from plans.models import Agency
from priorities.models import Priority, Rag

from .models import Answer, Rating

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y"]
DATE_HINT = "For example, 19/12/2014"


def _date_field(label, *, required=True, message):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        error_messages={"required": message, "invalid": f"{label} must be a real date, like 19/12/2014"},
        widget=forms.DateInput(format="%d/%m/%Y"),
    )


def _helper(*fields, button):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class AgencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CycleForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Section 11 audit 2014/15",
        error_messages={"required": "Enter a title for the audit cycle"},
    )
    financial_year = forms.IntegerField(
        label="Financial year it starts in",
        min_value=2000,
        max_value=2100,
        help_text="For example, 2014 for 2014/15",
        error_messages={
            "required": "Enter the year the financial year starts in",
            "invalid": "Enter the year as 4 digits, like 2014",
            "min_value": "Enter the year as 4 digits, like 2014",
            "max_value": "Enter the year as 4 digits, like 2014",
        },
    )
    deadline = _date_field("Deadline for returns", message="Enter the deadline for returns")
    agencies = AgencyChoiceField(
        label="Agencies required to return",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies required to return"},
    )
    introduction = forms.CharField(
        label="Introduction for agencies (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(board=board).order_by("name")
        self.helper = _helper(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.text("financial_year", field_width=Fixed.FOUR),
            Field.text("deadline", field_width=Fixed.TEN),
            Field.checkboxes("agencies", legend_size=Size.SMALL, small=True),
            Field.textarea("introduction"),
            button="Open the cycle",
        )


class CycleUpdateForm(forms.Form):
    title = CycleForm.base_fields["title"]
    deadline = CycleForm.base_fields["deadline"]
    introduction = CycleForm.base_fields["introduction"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.text("deadline", field_width=Fixed.TEN),
            Field.textarea("introduction"),
            button="Save changes",
        )


class StandardForm(forms.Form):
    title = forms.CharField(label="Standard", max_length=200, error_messages={"required": "Enter the standard"})
    description = forms.CharField(
        label="What it asks of agencies (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("title", field_width=Fluid.FULL), Field.textarea("description"), button="Save standard"
        )


class AssessmentForm(forms.Form):
    self_rating = forms.ChoiceField(
        label="How well does your agency meet this standard?",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how well your agency meets this standard"},
    )
    evidence = forms.CharField(
        label="Evidence",
        help_text="What shows that your agency meets the standard: policies, audits, training figures",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the evidence for your rating"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("self_rating", legend_size=Size.MEDIUM),
            Field.textarea("evidence"),
            button="Save and go back to the return",
        )


class ModerationForm(forms.Form):
    moderated_rating = forms.ChoiceField(
        label="Moderated rating",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the moderated rating"},
    )
    notes = forms.CharField(
        label="Moderation notes",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter notes explaining the moderated rating"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("moderated_rating", legend_size=Size.MEDIUM),
            Field.textarea("notes"),
            button="Save moderation",
        )


class ImprovementActionForm(forms.Form):
    description = forms.CharField(
        label="What will your agency do?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what your agency will do"},
    )
    owner = forms.CharField(label="Owner", max_length=200, error_messages={"required": "Enter who owns the action"})
    due_date = _date_field("Due date", message="Enter the date the action is due")
    progress = forms.ChoiceField(
        label="Progress",
        choices=Rag.choices,
        initial=Rag.NOT_STARTED,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the action's progress"},
    )
    progress_note = forms.CharField(
        label="Progress so far (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("description"),
            Field.text("owner", field_width=Fluid.TWO_THIRDS),
            Field.text("due_date", field_width=Fixed.TEN),
            Field.radios("progress", legend_size=Size.SMALL, small=True),
            Field.textarea("progress_note"),
            button="Save action",
        )


class ChallengeForm(forms.Form):
    questions = forms.CharField(
        label="Questions for the agency",
        help_text="The agency sees these and answers them by updating and resubmitting its return",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the questions the agency needs to answer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("questions"), button="Send the challenge")


class NoteForm(forms.Form):
    """An optional note on submitting or accepting a return."""

    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class QuestionnaireForm(forms.Form):
    """One radio question per questionnaire question; the agency is fixed for agency audit contacts."""

    agency = forms.ModelChoiceField(
        label="Which agency do you work for?",
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        error_messages={"required": "Select the agency you work for"},
    )

    def __init__(self, *args, questions, agencies, fixed_agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        layout = []
        if fixed_agency is not None:
            del self.fields["agency"]
            self.fixed_agency = fixed_agency
        else:
            self.fields["agency"].queryset = agencies
            layout.append(Field.select("agency"))
        for question in self.questions:
            name = f"q{question.pk}"
            self.fields[name] = forms.ChoiceField(
                # crispy-forms-gds prints the legend with |safe: the stored question must be escaped here.
                label=escape(question.text),
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer: {question.text}"},
            )
            layout.append(Field.radios(name, legend_size=Size.SMALL, inline=True))
        self.helper = _helper(*layout, button="Send your answers")

    def agency_value(self):
        return getattr(self, "fixed_agency", None) or self.cleaned_data["agency"]

    def answers(self):
        return {q: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class ThemedAuditForm(forms.Form):
    theme = forms.CharField(label="Theme", max_length=200, error_messages={"required": "Enter the audit's theme"})
    scope = forms.CharField(
        label="Scope",
        help_text="Which cases, which period, what the audit looks at",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the audit's scope"},
    )
    agencies = AgencyChoiceField(
        label="Agencies taking part",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    priorities = forms.ModelMultipleChoiceField(
        label="Plan priorities it informs",
        queryset=Priority.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    commissioned_on = _date_field("Date commissioned", message="Enter the date the PQA sub-group commissioned it")
    audit_date = _date_field("Date audited (optional)", required=False, message="")
    reported_on = _date_field("Date reported to PQA (optional)", required=False, message="")
    findings = forms.CharField(label="Findings (optional)", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    learning_disseminated = forms.CharField(
        label="Learning disseminated (optional)",
        help_text="How and to whom the learning was shared: briefings, newsletters, training",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(board=board).order_by("name")
        self.fields["priorities"].queryset = Priority.objects.filter(plan__board=board).order_by("plan", "order")
        self.helper = _helper(
            Field.text("theme", field_width=Fluid.TWO_THIRDS),
            Field.textarea("scope"),
            Field.checkboxes("agencies", legend_size=Size.SMALL, small=True),
            Field.checkboxes("priorities", legend_size=Size.SMALL, small=True),
            Field.text("commissioned_on", field_width=Fixed.TEN),
            Field.text("audit_date", field_width=Fixed.TEN),
            Field.text("reported_on", field_width=Fixed.TEN),
            Field.textarea("findings"),
            Field.textarea("learning_disseminated"),
            button="Save themed audit",
        )

    def clean(self):
        cleaned = super().clean()
        commissioned, reported = cleaned.get("commissioned_on"), cleaned.get("reported_on")
        if commissioned and reported and reported < commissioned:
            self.add_error("reported_on", "The date reported must be on or after the date commissioned")
        return cleaned


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the recommendation"},
    )
    owner = forms.CharField(
        label="Owner", max_length=200, error_messages={"required": "Enter who owns the recommendation"}
    )
    due_date = _date_field("Due date", message="Enter the date the recommendation is due")
    rag = forms.ChoiceField(
        label="Status",
        choices=Rag.choices,
        initial=Rag.NOT_STARTED,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the recommendation's status"},
    )
    progress_note = forms.CharField(
        label="Progress (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("text"),
            Field.text("owner", field_width=Fluid.TWO_THIRDS),
            Field.text("due_date", field_width=Fixed.TEN),
            Field.radios("rag", legend_size=Size.SMALL, small=True),
            Field.textarea("progress_note"),
            button="Save recommendation",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rag") == Rag.RED and not cleaned.get("progress_note", "").strip():
            self.add_error("progress_note", "Enter the progress explaining why the recommendation is red")
        return cleaned


class SingleAgencyAuditForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        error_messages={"required": "Select the agency that carried out the audit"},
    )
    topic = forms.CharField(label="Topic", max_length=200, error_messages={"required": "Enter the audit's topic"})
    reported_on = _date_field("Date reported to the board", message="Enter the date it was reported to the board")
    summary_of_findings = forms.CharField(
        label="Summary of findings",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter a summary of the findings"},
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(board=board).order_by("name")
        self.helper = _helper(
            Field.select("agency"),
            Field.text("topic", field_width=Fluid.TWO_THIRDS),
            Field.text("reported_on", field_width=Fixed.TEN),
            Field.textarea("summary_of_findings"),
            button="Add to the audit map",
        )
