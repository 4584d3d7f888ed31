"""The board administrator's forms for the plan's leads: correct a lead, merge it into another."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms

from plans.models import Agency, Lead


class LeadForm(forms.ModelForm):
    class Meta:
        model = Lead
        fields = ["name", "kind", "description", "agency", "email", "groups"]
        labels = {
            "name": "Name",
            "kind": "What kind of lead is this?",
            "description": "Description (optional)",
            "agency": "Agency (optional)",
            "email": "Email address (optional)",
            "groups": "Groups this lead belongs to",
        }
        help_texts = {
            "name": "As the plan writes it, for example DI John Cannon or MASE",
            "description": "For example what an acronym stands for",
            "groups": "A person's actions include those of the groups they belong to",
        }
        error_messages = {
            "name": {"required": "Enter the lead's name", "max_length": "Name must be 200 characters or fewer"},
            "kind": {"required": "Select what kind of lead this is"},
            "email": {"invalid": "Enter an email address in the correct format, like name@example.org"},
            "description": {"max_length": "Description must be 300 characters or fewer"},
        }
        widgets = {"kind": forms.RadioSelect, "groups": forms.CheckboxSelectMultiple}

    members = forms.ModelMultipleChoiceField(
        label="Members of this group",
        queryset=Lead.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People whose My actions include this group's actions",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        board = self.instance.board
        self.is_group = self.instance.kind == Lead.Kind.GROUP
        if self.is_group:
            self.fields["members"].queryset = Lead.objects.filter(board=board, kind=Lead.Kind.PERSON).order_by("name")
            self.fields["members"].initial = list(self.instance.members.values_list("pk", flat=True))
        else:
            del self.fields["members"]
        self.fields["agency"].queryset = Agency.objects.filter(board=board).order_by("name")
        self.fields["agency"].empty_label = "No agency"
        self.fields["groups"].queryset = (
            Lead.objects.filter(board=board, kind=Lead.Kind.GROUP).exclude(pk=self.instance.pk).order_by("name")
        )
        self.fields["kind"].choices = Lead.Kind.choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.text("description", field_width=Fluid.TWO_THIRDS),
            Field.select("agency"),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.checkboxes("groups", legend_size=Size.SMALL, small=True),
            *([Field.checkboxes("members", legend_size=Size.SMALL, small=True)] if self.is_group else []),
            Button("submit", "Save changes"),
        )

    def _save_m2m(self):
        super()._save_m2m()
        if self.is_group and "members" in self.cleaned_data:
            self.instance.members.set(self.cleaned_data["members"])

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Lead.objects.filter(board=self.instance.board, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Another lead has this name: merge this lead into it instead")
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Lead.Kind.GROUP and self.instance.pk and self.instance.user_id:
            self.add_error("kind", "This lead is a person's account: it cannot be a group")
        return cleaned


class LeadMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label="Merge into",
        queryset=Lead.objects.none(),
        empty_label="Select a lead",
        help_text="The lead that stays. Its name is kept; the actions of both are led by it",
        error_messages={"required": "Select the lead to merge into", "invalid_choice": "Select a lead from the list"},
    )

    def __init__(self, *args, lead, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Lead.objects.filter(board=lead.board_id).exclude(pk=lead.pk).order_by("name")
        self.fields["target"].label_from_instance = lambda other: f"{other.name} ({other.get_kind_display().lower()})"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.select("target"), Button("submit", "Merge leads"))

        self.lead = lead

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target.user_id and self.lead.user_id:
            raise forms.ValidationError(
                "Both leads are linked to a person's account: unlink one on the people page first"
            )
        return target
