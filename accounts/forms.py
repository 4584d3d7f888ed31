import time

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

from .audit import record_event
from .models import AuditEvent


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been disabled. Contact your board administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        # GOV.UK pages do not autofocus: it skips the skip link and disorients screen reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
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
