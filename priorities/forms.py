"""Forms of the priorities app. The status update rules live in services.status_update_errors; the form only
collects the fields and reports those errors next to them."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from .models import Rag
from .services import (
    COMMENTARY_MAX_LENGTH,
    ESCALATION_REASON_MAX_LENGTH,
    EVIDENCE_MAX_LENGTH,
    status_update_errors,
)

RAG_HINTS = {
    Rag.NOT_STARTED: "Work has not begun yet",
    Rag.RED: "Off track: needs escalation",
    Rag.AMBER: "Slipping: risks are being managed",
    Rag.GREEN: "On track",
    Rag.COMPLETE: "Finished: the expected outcomes are delivered",
}


class StatusUpdateForm(forms.Form):
    """A lead's update of one action. `version` is the action's version when the form was opened."""

    rag = forms.ChoiceField(
        label="Status",
        choices=[Choice(value, label, hint=RAG_HINTS[value]) for value, label in Rag.choices],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the action", "invalid_choice": "Select a status"},
    )
    commentary = forms.CharField(
        label="Progress commentary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What has happened this quarter. Required for Red or Amber, and whenever the status changes.",
    )
    evidence_of_impact = forms.CharField(
        label="Evidence of impact (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What difference it has made for children and families, and how you know.",
    )
    needs_escalation = forms.BooleanField(
        label="This action needs escalation or support from the board",
        required=False,
    )
    escalation_reason = forms.CharField(
        label="Reason for escalation or support",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required if you ticked the box above: what is blocking progress and what help you need.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, action, **kwargs):
        self.action = action
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("rag", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("commentary", label_size=Size.SMALL, max_characters=COMMENTARY_MAX_LENGTH),
            Field.textarea("evidence_of_impact", label_size=Size.SMALL, max_characters=EVIDENCE_MAX_LENGTH),
            Field.checkbox("needs_escalation"),
            Field.textarea("escalation_reason", label_size=Size.SMALL, max_characters=ESCALATION_REASON_MAX_LENGTH),
            Field("version"),
        )

    def clean(self):
        cleaned = super().clean()
        if "rag" not in cleaned:
            return cleaned
        errors = status_update_errors(
            action=self.action,
            rag=cleaned["rag"],
            commentary=cleaned.get("commentary", ""),
            evidence_of_impact=cleaned.get("evidence_of_impact", ""),
            needs_escalation=cleaned.get("needs_escalation", False),
            escalation_reason=cleaned.get("escalation_reason", ""),
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return cleaned
