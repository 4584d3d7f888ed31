"""The board administrator's forms for people: invite someone, change what they do."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.contrib.auth import get_user_model

from accounts.invitations import on_board, pending_invitation
from accounts.roles import Role
from bscb.govuk_widgets import use_govuk_inputs
from plans.models import Agency, Lead

ROLE_HINTS = {
    Role.BOARD_ADMIN: "Sets up the plan, people and quarters",
    Role.LEAD: "Updates the status of the actions they lead",
    Role.BMG_MEMBER: "Reviews each quarter and challenges leads",
    Role.BOARD_MEMBER: "Reads the dashboards and board packs",
    Role.AUDIT_COORDINATOR: "Runs Section 11 and themed audits",
    Role.AGENCY_AUDIT_CONTACT: "Completes their agency's Section 11 return",
    Role.SCRUTINEER: "Reads everything on this board and keeps the scrutiny log",
}
ROLE_CHOICES = [Choice(role.value, role.value, hint=ROLE_HINTS[role]) for role in Role]


def _email_field(help_text: str) -> forms.EmailField:
    return forms.EmailField(
        label="Email address",
        max_length=254,
        help_text=help_text,
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )


class PersonFieldsForm(forms.Form):
    """What a board knows about a person: name, job title, agency, roles, and the plan's lead they are."""

    first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages={"required": "Enter a first name", "max_length": "First name must be 150 characters or fewer"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages={"required": "Enter a last name", "max_length": "Last name must be 150 characters or fewer"},
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "Job title must be 200 characters or fewer"},
    )
    agency = forms.ModelChoiceField(
        label="Agency (optional)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="No agency",
        help_text="Required for agency audit contacts: the agency whose Section 11 return they complete",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select at least one role", "invalid_choice": "Select roles from the list"},
    )
    lead = forms.ModelChoiceField(
        label="Which of the plan's leads is this person? (optional)",
        queryset=Lead.objects.none(),
        required=False,
        empty_label="None of them",
        help_text=(
            "The actions of this lead, and of the groups the lead belongs to, will be on their My actions. "
            "A placeholder chosen here becomes a person"
        ),
        error_messages={"invalid_choice": "Select a lead from the list"},
    )

    def __init__(self, *args, board, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.user = user
        self.fields["agency"].queryset = Agency.objects.filter(board=board).order_by("name")
        # Placeholders too: an import adds the names it does not know as placeholders, and most are people.
        leads = Lead.objects.filter(board=board).exclude(kind=Lead.Kind.GROUP).select_related("user").order_by("name")
        self.fields["lead"].queryset = (
            leads.filter(user__isnull=True) | leads.filter(user=user) if user is not None else leads.filter(user=None)
        )
        use_govuk_inputs(self)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if Role.AGENCY_AUDIT_CONTACT.value in cleaned.get("roles", []) and not cleaned.get("agency"):
            self.add_error("agency", "Select the agency of this agency audit contact")
        return cleaned


class InvitePersonForm(PersonFieldsForm):
    email = _email_field("They sign in with this address. The invitation is sent to it")
    field_order = ["email", "first_name", "last_name", "job_title", "agency", "roles", "lead"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("first_name", field_width=Fixed.TWENTY),
            Field.text("last_name", field_width=Fixed.TWENTY),
            Field.text("job_title", field_width=Fluid.TWO_THIRDS),
            Field.select("agency"),
            Field.checkboxes("roles", legend_size=Size.MEDIUM, small=True),
            Field.select("lead"),
            Button("submit", "Send invitation"),
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        # Someone with an account for another partnership is invited all the same: they join with that account.
        if on_board(self.board, email):
            raise forms.ValidationError("This person is already on your board: find them in the list of people")
        if pending_invitation(self.board, email):
            raise forms.ValidationError("This email address has been invited already: send its invitation again")
        return email


class EditPersonForm(PersonFieldsForm):
    email = _email_field("They sign in with this address")
    field_order = ["first_name", "last_name", "email", "job_title", "agency", "roles", "lead"]

    def __init__(self, *args, shared=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        if shared:
            # The person serves another partnership too: their name and address are the account's, not this
            # board's to change (the other board would see the change).
            for name in ("first_name", "last_name", "email"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "They also work with another partnership: only they can change this"
        self.helper.layout = Layout(
            Field.text("first_name", field_width=Fixed.TWENTY),
            Field.text("last_name", field_width=Fixed.TWENTY),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("job_title", field_width=Fluid.TWO_THIRDS),
            Field.select("agency"),
            Field.checkboxes("roles", legend_size=Size.MEDIUM, small=True),
            Field.select("lead"),
            Button("submit", "Save changes"),
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError("Another account already has this email address")
        return email

    def clean(self):
        cleaned = super().clean()
        from_admin = Role.BOARD_ADMIN.value not in cleaned.get("roles", [Role.BOARD_ADMIN.value])
        lead = cleaned.get("lead")
        if lead is not None and Lead.objects.filter(user=self.user).exclude(board=self.board).exists():
            # Lead.user is one-to-one: an account is the lead of one plan's actions at a time.
            self.add_error("lead", "This person is already a lead of another partnership's plan")
        if from_admin and self.initial.get("is_self"):
            self.add_error("roles", "You cannot remove your own board administrator role: ask another administrator")
        return cleaned
