import time

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from bscb.govuk_widgets import use_govuk_inputs
from bscb.links import absolute_url
from notifications.models import Notification
from notifications.services import queue_email

from .audit import record_event
from .models import AuditEvent


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password. The password is case-sensitive.",
        "inactive": "This account has been disabled. Contact your board administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        # GOV.UK pages do not autofocus: it skips the skip link and disorients screen reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false", "inputmode": "email"}
        )
        use_govuk_inputs(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            Button("submit", "Sign in"),
        )


class PasswordChangeAttempts:
    """Wrong current passwords given to the change-password form, per user, over a sliding window (in the cache).

    The times of the failures are kept, not a counter: the file cache's incr() would reset the expiry to a week."""

    def __init__(self, user):
        self.key = f"accounts:password-change-failures:{user.pk}"
        self.limit = settings.PASSWORD_CHANGE_FAILURE_LIMIT
        self.window = settings.PASSWORD_CHANGE_FAILURE_WINDOW_SECONDS

    def _recent(self) -> list[float]:
        since = time.time() - self.window
        return [at for at in cache.get(self.key, []) if at > since]

    def locked(self) -> bool:
        return len(self._recent()) >= self.limit

    def failed(self) -> bool:
        """Count one failure; True when it reaches the limit."""
        failures = [*self._recent(), time.time()]
        cache.set(self.key, failures, timeout=self.window)
        return len(failures) >= self.limit

    def clear(self) -> None:
        cache.delete(self.key)


class ChangePasswordForm(PasswordChangeForm):
    """Django's form, with the current password tried at most PASSWORD_CHANGE_FAILURE_LIMIT times per window: after
    that every attempt is refused, even with the right password, and the refusal goes to the audit log."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "locked": ("You have entered your current password wrongly too many times. Try again in %(minutes)d minutes"),
    }

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.attempts = PasswordChangeAttempts(self.user)
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        use_govuk_inputs(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("old_password", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            Button("submit", "Change password"),
        )

    def _locked_error(self):
        minutes = -(-self.attempts.window // 60)
        return ValidationError(self.error_messages["locked"], code="locked", params={"minutes": minutes})

    def _record_lockout(self, detail):
        record_event(kind=AuditEvent.Kind.LOCKED_OUT, request=self.request, user=self.user, detail=detail)

    def clean_old_password(self):
        if self.attempts.locked():
            self._record_lockout("Password change refused: too many wrong current passwords")
            raise self._locked_error()
        try:
            return super().clean_old_password()
        except ValidationError:
            if self.attempts.failed():
                self._record_lockout(f"Password change locked after {self.attempts.limit} wrong current passwords")
                raise self._locked_error() from None
            raise

    def save(self, commit=True):
        user = super().save(commit=commit)
        self.attempts.clear()
        return user


# One reset email per account in this many seconds, however often the form is sent (it is public).
PASSWORD_RESET_EMAIL_EVERY_SECONDS = 600


class ResetPasswordForm(PasswordResetForm):
    """Django's form, with the email recorded and sent by the task queue (notifications), at most one per account per
    PASSWORD_RESET_EMAIL_EVERY_SECONDS. The page says the same whether or not the address has an account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages.update(
            {"required": "Enter your email address", "invalid": "Enter an email address like name@example.org"}
        )
        self.fields["email"].widget.attrs.update({"spellcheck": "false"})
        use_govuk_inputs(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS), Button("submit", "Send the reset link")
        )

    def get_users(self, email):
        """Active accounts with this address, those without a password included: a person who signs in through their
        organisation (accounts/sso.py) may still choose a password."""
        User = get_user_model()
        return User.objects.filter(email__iexact=email, is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        user = context["user"]
        path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        context = {**context, "link": absolute_url(path)}
        queue_email(
            kind=Notification.Kind.PASSWORD_RESET,
            # No board: the record holds a working reset link, which no board's administrator may read in the
            # Django admin's email record (an account may serve several boards). The platform operator sees it.
            board=None,
            recipient=user,
            email=to_email,
            subject=render_to_string(subject_template_name, context).strip(),
            body=render_to_string(email_template_name, context),
            dedupe_key=f"password-reset:{user.pk}:{int(time.time()) // PASSWORD_RESET_EMAIL_EVERY_SECONDS}",
        )


class ChoosePasswordForm(SetPasswordForm):
    """Choosing a new password: after a reset link, or on accepting an invitation (user=None there)."""

    def __init__(self, user=None, *args, submit_label="Save password", **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "Password"
        self.fields["new_password2"].label = "Confirm password"
        self.fields["new_password1"].error_messages["required"] = "Enter a password"
        self.fields["new_password2"].error_messages["required"] = "Enter the password again"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters, not only numbers, and not a common password or one like your name"
        use_govuk_inputs(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            Button("submit", submit_label),
        )
