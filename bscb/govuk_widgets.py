"""Inputs that crispy-forms-gds draws with GOV.UK's red error border.

crispy-forms-gds 2.0.1 adds `govuk-input--error` only to widgets whose class is named exactly `TextInput`, `Select` or
`Textarea` (templatetags/crispy_forms_gds.py), so Django's EmailInput and PasswordInput show an error message with no
red border, and leaves a DateInput without even `govuk-input`. These are text inputs of the email and password types,
and a typed date, under that name. Remove when the library checks the widget's type instead of its class name."""

from django import forms


class _EmailTextInput(forms.TextInput):
    input_type = "email"


class _PasswordTextInput(forms.TextInput):
    input_type = "password"

    def format_value(self, value):
        return None  # a password is never sent back to the browser (as Django's PasswordInput)


class _DateTextInput(forms.DateInput):
    pass


_EmailTextInput.__name__ = _PasswordTextInput.__name__ = _DateTextInput.__name__ = "TextInput"

# The ways people type a date into a typed date field (19/12/2014, 19 12 2014, 19-12-2014, 2014-12-19, 19/12/14).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y"]


def email_input(attrs=None) -> forms.TextInput:
    return _EmailTextInput(attrs=attrs)


def password_input(attrs=None) -> forms.TextInput:
    return _PasswordTextInput(attrs=attrs)


def date_input(attrs=None) -> forms.DateInput:
    """A typed date shown as 19/12/2014, drawn as a GOV.UK text input (with its error border)."""
    return _DateTextInput(attrs=attrs, format="%d/%m/%Y")


def use_govuk_inputs(form) -> None:
    """Give every email and password field of `form` the inputs above, keeping their attributes (autocomplete...)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.PasswordInput):
            field.widget = password_input(field.widget.attrs)
        elif isinstance(field.widget, forms.EmailInput):
            field.widget = email_input(field.widget.attrs)
