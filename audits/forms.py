"""Forms of the audits app: explicit fields and error messages written for the person."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.html import escape

from bscb.govuk_widgets import DATE_INPUT_FORMATS, date_input
from plans.models import Agency, Lead
from plans.selectors import NoCurrentPlan, current_plan_for
from priorities.models import Action, Priority, Rag

from .carry_forward import earlier_cycles
from .findings import NOTE_MAX_LENGTH, finding_update_errors, linkable_plan_actions, owner_leads
from .models import Answer, AuditCycle, Rating

DATE_HINT = "For example, 19/12/2014"


def _date_field(label, *, required=True, message):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        help_text=DATE_HINT,
        error_messages={"required": message, "invalid": f"{label} must be a real date, like 19/12/2014"},
        widget=date_input(),
    )


def _helper(*fields, button):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class AgencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


PAST_DEADLINE_LABEL = "Yes, the deadline is in the past"


def _past_deadline_field():
    return forms.BooleanField(
        label=PAST_DEADLINE_LABEL,
        required=False,
        help_text="Tick this only when recording a cycle whose deadline has already passed",
    )


def _check_deadline(form, cleaned, *, unchanged=None):
    """A deadline in the past is refused unless the coordinator ticks that it is (a mistyped year is the usual
    cause). Editing a cycle without changing its deadline does not ask again."""
    deadline = cleaned.get("deadline")
    if deadline is None or deadline == unchanged or deadline >= timezone.localdate():
        return
    if not cleaned.get("deadline_in_past"):
        form.add_error(
            "deadline",
            f"The deadline for returns must be today or in the future, or tick \u201c{PAST_DEADLINE_LABEL}\u201d",
        )


class CycleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


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
    deadline_in_past = _past_deadline_field()
    introduction = forms.CharField(
        label="Introduction for agencies (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    carry_from = CycleChoiceField(
        label="Start each agency's return from an earlier cycle (optional)",
        help_text="Each agency's accepted return there is copied: ratings, evidence and open improvement actions, "
        "marked as carried forward until the agency confirms or changes them",
        queryset=AuditCycle.objects.none(),
        required=False,
        empty_label="No: start every return blank",
        error_messages={"invalid_choice": "Select one of the board's earlier cycles, or none"},
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(board=board).order_by("name")
        self.fields["carry_from"].queryset = earlier_cycles(board)
        self.helper = _helper(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.text("financial_year", field_width=Fixed.FOUR),
            Field.text("deadline", field_width=Fixed.TEN),
            Field.checkbox("deadline_in_past", small=True),
            Field.checkboxes("agencies", legend_size=Size.SMALL, small=True),
            Field.select("carry_from"),
            Field.textarea("introduction"),
            button="Open the cycle",
        )

    def clean(self):
        cleaned = super().clean()
        _check_deadline(self, cleaned)
        return cleaned


class CycleUpdateForm(forms.Form):
    title = CycleForm.base_fields["title"]
    deadline = CycleForm.base_fields["deadline"]
    deadline_in_past = _past_deadline_field()
    introduction = CycleForm.base_fields["introduction"]

    def __init__(self, *args, current_deadline=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_deadline = current_deadline
        self.helper = _helper(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.text("deadline", field_width=Fixed.TEN),
            Field.checkbox("deadline_in_past", small=True),
            Field.textarea("introduction"),
            button="Save changes",
        )

    def clean(self):
        cleaned = super().clean()
        _check_deadline(self, cleaned, unchanged=self.current_deadline)
        return cleaned


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
        help_text="Required when your rating differs from the agency's",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, self_rating="", **kwargs):
        super().__init__(*args, **kwargs)
        # Notes explain a disagreement: agreeing with the agency's own rating needs none.
        self.self_rating = self_rating
        self.helper = _helper(
            Field.radios("moderated_rating", legend_size=Size.MEDIUM),
            Field.textarea("notes"),
            button="Save moderation",
        )

    def clean(self):
        cleaned = super().clean()
        rating = cleaned.get("moderated_rating")
        if rating and rating != self.self_rating and not cleaned.get("notes", "").strip():
            self.add_error("notes", "Enter notes explaining why the moderated rating differs from the agency's")
        return cleaned


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} (group)" if obj.kind == Lead.Kind.GROUP else obj.name


class PlanActionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference}: {obj.how[:90]}" if obj.how else obj.reference


class FindingFieldsMixin:
    """The owner (a lead of the board from a select, or free text for someone outside the plan: one of the two), and
    the plan actions of the board's current plan the finding feeds. Only the board's own leads and actions are
    offered, so another board's can never be chosen (audits.findings.check_links refuses them too)."""

    def _finding_fields(self, board, kind):
        self.fields["owner_lead"] = LeadChoiceField(
            label="Owner: a lead of the plan",
            queryset=owner_leads(board),
            required=False,
            empty_label="Someone outside the plan's leads",
            help_text=f"The {kind} shows on this lead's My actions (a group's: on each member's)",
        )
        self.fields["owner"] = forms.CharField(
            label="Or an owner outside the plan's leads",
            max_length=200,
            required=False,
            help_text="Their name or role, when they are not one of the plan's leads",
        )
        try:
            actions = linkable_plan_actions(board).filter(objective__priority__plan=current_plan_for(board))
        except NoCurrentPlan:
            actions = Action.objects.none()
        self.fields["plan_actions"] = PlanActionChoiceField(
            label="Plan actions it feeds (optional)",
            queryset=actions.order_by("objective__priority__order", "objective__order", "order"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Each action's page lists it",
        )

    def _clean_owner(self, cleaned, kind):
        if cleaned.get("owner_lead") is not None:
            # The lead is the owner; free text kept beside it would only disagree with it later.
            cleaned["owner"] = ""
        elif not (cleaned.get("owner") or "").strip() and "owner_lead" not in self.errors:
            self.add_error("owner_lead", f"Select the lead who owns the {kind}, or enter an owner outside the plan")
        return cleaned


class ImprovementActionForm(FindingFieldsMixin, forms.Form):
    """An improvement action's description, owner, due date and plan actions. Its progress is not here: it is updated
    on the action's page (audits.findings.finding_update_record), also after the return is accepted."""

    description = forms.CharField(
        label="What will your agency do?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what your agency will do"},
    )
    due_date = _date_field("Due date", message="Enter the date the action is due")

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self._finding_fields(board, "action")
        self.order_fields(["description", "owner_lead", "owner", "due_date", "plan_actions"])
        self.helper = _helper(
            Field.textarea("description"),
            Field.select("owner_lead"),
            Field.text("owner", field_width=Fluid.TWO_THIRDS),
            Field.text("due_date", field_width=Fixed.TEN),
            Field.checkboxes("plan_actions", legend_size=Size.SMALL, small=True),
            button="Save action",
        )

    def clean(self):
        return self._clean_owner(super().clean(), "action")


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


class RecommendationForm(FindingFieldsMixin, forms.Form):
    """A recommendation's text, owner, due date and plan actions. Its status is updated on its own page."""

    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the recommendation"},
    )
    due_date = _date_field("Due date", message="Enter the date the recommendation is due")

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self._finding_fields(board, "recommendation")
        self.order_fields(["text", "owner_lead", "owner", "due_date", "plan_actions"])
        self.helper = _helper(
            Field.textarea("text"),
            Field.select("owner_lead"),
            Field.text("owner", field_width=Fluid.TWO_THIRDS),
            Field.text("due_date", field_width=Fixed.TEN),
            Field.checkboxes("plan_actions", legend_size=Size.SMALL, small=True),
            button="Save recommendation",
        )

    def clean(self):
        return self._clean_owner(super().clean(), "recommendation")


class FindingUpdateForm(forms.Form):
    """A progress update of a finding: status and note (the rules of audits.findings.finding_update_errors), and the
    latest update the person saw, so that someone else's update in between is not overwritten."""

    rag = forms.ChoiceField(
        label="Status",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the finding"},
    )
    note = forms.CharField(
        label="Note",
        help_text="What has been done, and what is left to do",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    expected_latest_id = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.helper = _helper(
            Field.radios("rag", legend_size=Size.SMALL, small=True),
            Field.textarea("note", max_characters=NOTE_MAX_LENGTH),
            Field("expected_latest_id"),
            button="Record the update",
        )

    def clean(self):
        cleaned = super().clean()
        if "rag" in cleaned:
            errors = finding_update_errors(current=self.current, rag=cleaned["rag"], note=cleaned.get("note", ""))
            for field, messages in errors.items():
                for message in messages:
                    self.add_error(field, message)
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

    def __init__(self, *args, board, button="Add to the audit map", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(board=board).order_by("name")
        self.helper = _helper(
            Field.select("agency"),
            Field.text("topic", field_width=Fluid.TWO_THIRDS),
            Field.text("reported_on", field_width=Fixed.TEN),
            Field.textarea("summary_of_findings"),
            button=button,
        )


class AgencyAddForm(forms.Form):
    """Agencies to add to an open cycle: those of the board without a live return in it (a withdrawn one is
    restored)."""

    agencies = AgencyChoiceField(
        label="Agencies to add",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies to add to the cycle"},
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.helper = _helper(
            Field.checkboxes("agencies", legend_size=Size.SMALL, small=True), button="Add to the cycle"
        )


class WithdrawForm(forms.Form):
    """Why an agency is removed from a cycle (recorded on its return's history)."""

    reason = forms.CharField(
        label="Why is the agency removed from the cycle?",
        help_text="Recorded in the return's history",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the agency is removed from the cycle"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), button="Remove the agency")


class RemoveEntryForm(forms.Form):
    """Confirm removing an audit map entry (kept in its history)."""

    confirm = forms.BooleanField(
        label="Yes, remove this entry from the audit map",
        error_messages={"required": "Tick to confirm you want to remove this entry"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.checkbox("confirm"), button="Remove the entry")
