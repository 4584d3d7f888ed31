"""The platform operator's form: a new board and the email of its first administrator."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fixed, Fluid, Layout, Size
from django import forms

from accounts.invitations import email_taken
from bscb.govuk_widgets import use_govuk_inputs
from plans.models import Board


class BoardCreateForm(forms.Form):
    name = forms.CharField(
        label="The partnership's full name",
        max_length=200,
        help_text="For example, Harrow Safeguarding Children Partnership",
        error_messages={
            "required": "Enter the partnership's name",
            "max_length": "Name must be 200 characters or fewer",
        },
    )
    short_name = forms.CharField(
        label="Short name",
        max_length=20,
        help_text="As its plan abbreviates it, for example HSCP",
        error_messages={"required": "Enter a short name", "max_length": "Short name must be 20 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="What kind of partnership is it?",
        choices=Board.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of partnership"},
    )
    admin_first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages={"required": "Enter the administrator's first name"},
    )
    admin_last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages={"required": "Enter the administrator's last name"},
    )
    admin_email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The invitation to set up the board is sent to this address",
        error_messages={
            "required": "Enter the administrator's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["admin_email"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        use_govuk_inputs(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("short_name", field_width=Fixed.TEN),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Fieldset(
                Field.text("admin_first_name", field_width=Fixed.TWENTY),
                Field.text("admin_last_name", field_width=Fixed.TWENTY),
                Field.text("admin_email", field_width=Fluid.TWO_THIRDS),
                legend="Its first board administrator",
                legend_size=Size.MEDIUM,
            ),
            Button("submit", "Create board and send invitation"),
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Board.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("A board with this name exists already")
        return name

    def clean_admin_email(self):
        email = self.cleaned_data["admin_email"].strip()
        if email_taken(email):
            raise forms.ValidationError("This email address already has an account")
        return email
