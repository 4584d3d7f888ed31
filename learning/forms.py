"""Forms of the learning reviews ledger: a review, a finding, a recommendation, its own action, progress and closing,
and the board's closure days. Dates are typed (19/12/2014), as on the audit forms."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.contrib.auth import get_user_model

from bscb.govuk_widgets import DATE_INPUT_FORMATS, date_input
from plans.models import Agency, Lead
from priorities.models import Action

from .models import ClosureDay, Finding, LearningReview, Recommendation, RecommendationAction


def _date(label, *, required=False, help_text="For example, 19/12/2014"):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be a real date, like 19/12/2014",
        },
        widget=date_input(),
    )


def _helper(*fields):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


def _text(label, message, *, rows=5, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message},
    )


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ReviewForm(forms.Form):
    """A review's particulars. `with_text=False` (an administrator not named on a restricted review) leaves out the
    title and summary: they may keep its dates and the people named on it, not read its case detail."""

    kind = forms.ChoiceField(
        label="Kind of review",
        choices=LearningReview.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of review"},
    )
    reference = forms.CharField(
        label="Reference",
        max_length=40,
        help_text="The board's own reference, for example RR-2014-01",
        error_messages={"required": "Enter the reference", "max_length": "Reference must be 40 characters or fewer"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Shown in lists and in the yearly report (unless the review is restricted)",
        error_messages={"required": "Enter the title", "max_length": "Title must be 200 characters or fewer"},
    )
    summary = _text("Summary", "", rows=6, required=False, help_text="What happened and why it is being reviewed")
    aware_on = _date(
        "Date the board learnt of the case",
        required=True,
        help_text="Or the day a themed audit began. For example, 15/12/2014",
    )
    notified_on = _date(
        "Date the serious incident was notified",
        help_text="Rapid reviews: due within 5 working days of the date above. For example, 19/12/2014",
    )
    decision_on = _date(
        "Date of the rapid review decision",
        help_text="Rapid reviews: due within 15 working days of the notification. For example, 16/01/2015",
    )
    published_on = _date("Date published")
    concluded_on = _date("Date concluded", help_text="Leave empty while the review is ongoing. For example, 31/03/2015")
    restricted = forms.BooleanField(
        label="Restricted: only the people named below may read its title, summary, findings and recommendations",
        required=False,
    )
    named_people = PeopleField(
        label="People named on a restricted review",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Whoever records a restricted review is named on it, and so are the leads of its recommendations. "
            "Changes to who is named are recorded in the audit log."
        ),
    )

    def __init__(self, *args, board, review=None, with_text=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.review = review
        self.fields["named_people"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, memberships__board=board, memberships__is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        if not with_text:
            del self.fields["title"], self.fields["summary"]
        layout = [
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.text("reference", field_width=10),
            *([Field.text("title"), Field.textarea("summary", rows=6)] if with_text else []),
            *(Field.text(name, field_width=10) for name in ("aware_on", "notified_on", "decision_on")),
            *(Field.text(name, field_width=10) for name in ("published_on", "concluded_on")),
            Field.checkbox("restricted"),
            Field.checkboxes("named_people", small=True),
        ]
        self.helper = _helper(*layout)

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        clash = LearningReview.objects.filter(board=self.board, reference__iexact=reference)
        if self.review is not None:
            clash = clash.exclude(pk=self.review.pk)
        if clash.exists():
            raise forms.ValidationError("Another review of this board has this reference: enter a different one")
        return reference

    def clean(self):
        cleaned = super().clean()
        aware = cleaned.get("aware_on")
        notified = cleaned.get("notified_on")
        decision = cleaned.get("decision_on")
        if aware and notified and notified < aware:
            self.add_error("notified_on", "The notification must be on or after the date the board learnt of the case")
        if decision and not notified and "notified_on" not in self.errors:
            self.add_error("decision_on", "Enter the notification date before the decision date")
        if decision and notified and decision < notified:
            self.add_error("decision_on", "The decision must be on or after the notification")
        for name in ("published_on", "concluded_on"):
            day = cleaned.get(name)
            if aware and day and day < aware:
                self.add_error(name, f"{self.fields[name].label} must be on or after the date the board learnt of it")
        return cleaned


class FindingForm(forms.Form):
    text = _text("Finding", "Enter the finding", help_text="In the review's own words")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("text", label_size=Size.MEDIUM, rows=5))


class RecommendationForm(forms.Form):
    text = _text("Recommendation", "Enter the recommendation", help_text="In the review's own words")
    finding = forms.ModelChoiceField(
        label="Finding it answers (optional)",
        queryset=Finding.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Select a finding of this review"},
    )
    agency = forms.ModelChoiceField(
        label="Agency responsible (optional)",
        queryset=Agency.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    lead = forms.ModelChoiceField(
        label="Lead",
        queryset=Lead.objects.none(),
        required=False,
        help_text="A lead with an account is emailed, records its progress and closes it",
        error_messages={"invalid_choice": "Select a lead from the list"},
    )
    due_on = _date("Due by", help_text="Optional. For example, 30/09/2015")
    plan_actions = forms.ModelMultipleChoiceField(
        label="Plan actions that implement it (optional)",
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select actions of this board's plan"},
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        board = review.board
        self.fields["finding"].queryset = review.findings.all()
        self.fields["finding"].label_from_instance = lambda f: f"Finding {f.number}: {f.text[:80]}"
        self.fields["agency"].queryset = Agency.objects.filter(board=board).order_by("name")
        self.fields["lead"].queryset = Lead.objects.filter(board=board).order_by("name")
        self.fields["plan_actions"].queryset = (
            Action.objects.filter(objective__priority__plan__board=board)
            .select_related("objective__priority")
            .order_by("objective__priority__order", "objective__order", "order")
        )
        self.fields["plan_actions"].label_from_instance = lambda a: f"{a.reference or f'Action {a.pk}'}: {a.how[:90]}"
        self.helper = _helper(
            Field.textarea("text", label_size=Size.MEDIUM, rows=5),
            Field.select("finding"),
            Field.select("agency"),
            Field.select("lead"),
            Field.text("due_on", field_width=10),
            Field.checkboxes("plan_actions", small=True),
        )


class RecommendationActionForm(forms.Form):
    description = _text("What will be done", "Enter what will be done", rows=3)
    lead = forms.ModelChoiceField(
        label="Lead (optional)",
        queryset=Lead.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Select a lead from the list"},
    )
    due_on = _date("Due by", help_text="Optional. For example, 30/06/2015")

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Lead.objects.filter(board=board).order_by("name")
        self.helper = _helper(
            Field.textarea("description", label_size=Size.MEDIUM, rows=3),
            Field.select("lead"),
            Field.text("due_on", field_width=10),
        )


class ProgressForm(forms.Form):
    """Progress on a recommendation, or its closing. Implemented needs evidence of impact; not implemented needs the
    reason, which the yearly report gives."""

    status = forms.ChoiceField(
        label="Where is this recommendation now?",
        choices=[
            (Recommendation.Status.IN_PROGRESS, "In progress"),
            (Recommendation.Status.IMPLEMENTED, "Implemented, with evidence of its impact"),
            (Recommendation.Status.NOT_IMPLEMENTED, "Not implemented, with the reason"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the recommendation is now"},
    )
    note = _text("Progress", "", rows=4, required=False, help_text="What has been done since the last update")
    impact_evidence = _text(
        "Evidence of impact",
        "",
        rows=5,
        required=False,
        help_text="What is different for children and families, and how you know: an audit, figures, feedback",
    )
    not_implemented_reason = _text(
        "Why it will not be implemented",
        "",
        rows=4,
        required=False,
        help_text="The yearly report gives this reason",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # All three boxes show, each saying when it is needed. Not GOV.UK conditional radios: GOV.UK Frontend 5.14's
        # reveal sets aria-expanded on the radios, which axe reports as a critical violation (aria-allowed-attr).
        self.helper = _helper(
            Field.radios("status", legend_size=Size.MEDIUM),
            Field.textarea("note", rows=4),
            Field.textarea("impact_evidence", rows=5),
            Field.textarea("not_implemented_reason", rows=4),
        )

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        for name in ("note", "impact_evidence", "not_implemented_reason"):
            cleaned[name] = (cleaned.get(name) or "").strip()
        if status == Recommendation.Status.IN_PROGRESS and not cleaned["note"]:
            self.add_error("note", "Enter the progress made")
        if status == Recommendation.Status.IMPLEMENTED and not cleaned["impact_evidence"]:
            self.add_error("impact_evidence", "Enter the evidence of impact: a recommendation is closed only with it")
        if status == Recommendation.Status.NOT_IMPLEMENTED and not cleaned["not_implemented_reason"]:
            self.add_error("not_implemented_reason", "Enter why the recommendation will not be implemented")
        return cleaned


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=RecommendationAction.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the action's status"},
    )
    note = _text("Note (optional)", "", rows=3, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("status", legend_size=Size.MEDIUM, inline=True), Field.textarea("note", rows=4)
        )


class ClosureDayForm(forms.Form):
    date = _date("Date", required=True, help_text="A weekday the business unit is closed. For example, 29/12/2014")
    description = forms.CharField(
        label="Description",
        max_length=100,
        help_text="For example, Office closed between Christmas and New Year",
        error_messages={"required": "Enter a description", "max_length": "Description must be 100 characters or fewer"},
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.helper = _helper(Field.text("date", field_width=10), Field.text("description"))

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day.weekday() >= 5:
            raise forms.ValidationError("Enter a weekday: weekends never count as working days")
        if ClosureDay.objects.filter(board=self.board, date=day).exists():
            raise forms.ValidationError("This date is already a closure day")
        return day
