from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from .forms import ChangePasswordForm, ChoosePasswordForm, ResetPasswordForm, SignInForm
from .invitations import InvitationRefused, account_for, find_invitation, invitation_join
from .invitations import invitation_accept as invitation_accept_service
from .memberships import active_memberships, current_membership
from .middleware import BOARD_SESSION_KEY
from .sso import sso_enabled


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": sso_enabled(),
            "sso_provider_name": settings.SSO_PROVIDER_NAME,
        }


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET): signing out flushes the session."""


class ChangePasswordView(auth_views.PasswordChangeView):
    template_name = "accounts/change_password.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("home")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed")
        return response


@login_not_required
def signed_out(request):
    return render(request, "accounts/signed_out.html")


# --- invitations ----------------------------------------------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The invitation email's link: choose a password, and be signed in to the board with the invited roles.

    A link that is unknown, used, withdrawn or expired gets a page that says which, and what to do. A person who is
    already signed in is asked to sign out first, so an invitation never changes the account in use."""
    invitation = find_invitation(token)
    if invitation is None or not invitation.usable:
        return render(request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410)
    existing = account_for(invitation.email)
    if existing is not None:
        return _join_with_existing_account(request, token, invitation, existing)
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_signed_in.html", {"invitation": invitation})
    form = ChoosePasswordForm(None, request.POST or None, submit_label="Create account")
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept_service(token=token, password=form.cleaned_data["new_password1"])
        except InvitationRefused as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="accounts.backends.EmailOrUsernameBackend")
            messages.success(request, f"Your account is ready. You are signed in to {invitation.board.name}")
            return redirect("home")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})


def _join_with_existing_account(request, token, invitation, account):
    """The invited address has an account already (the person serves another partnership): they sign in with it,
    then join the board with one button."""
    if not request.user.is_authenticated:
        return render(request, "accounts/invitation_sign_in.html", {"invitation": invitation})
    if request.user.pk != account.pk:
        return render(request, "accounts/invitation_signed_in.html", {"invitation": invitation})
    if request.method == "POST":
        try:
            invitation_join(token=token, user=request.user)
        except InvitationRefused as exc:
            messages.error(request, str(exc))
            return redirect("home")
        request.session[BOARD_SESSION_KEY] = invitation.board_id
        messages.success(request, f"You have joined {invitation.board.name}, and are working on it now")
        return redirect("home")
    return render(request, "accounts/invitation_join.html", {"invitation": invitation})


# --- password reset by email ----------------------------------------------------------------------------------------


class ResetPasswordView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = ResetPasswordForm
    subject_template_name = "emails/password_reset_subject.txt"
    email_template_name = "emails/password_reset.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")


class ResetPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class ResetPasswordConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = ChoosePasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class ResetPasswordCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_not_required
@require_GET
def sso_failed(request):
    """Where a failed single sign-on lands (LOGIN_REDIRECT_URL_FAILURE): what happened and what to do."""
    return render(request, "accounts/sso_failed.html", {"sso_provider_name": settings.SSO_PROVIDER_NAME})


@require_http_methods(["GET", "POST"])
def choose_board(request):
    """A person who serves several boards chooses the one they work on now; the choice lasts the session and is
    changed here at any time ("Switch partnership" in the menu). Only their own active memberships are offered: a
    board given in the POST that is not one of them is refused."""
    memberships = active_memberships(request.user)
    current = current_membership(request.user)
    if request.method == "POST":
        chosen = next((m for m in memberships if str(m.board_id) == request.POST.get("board")), None)
        if chosen is None:
            error = "Select the partnership you want to work on"
            return render(
                request,
                "accounts/choose_board.html",
                {"memberships": memberships, "current": current, "error": error, "next": _safe_next(request)},
            )
        request.session[BOARD_SESSION_KEY] = chosen.board_id  # read by CurrentBoardMiddleware from the next request
        messages.success(request, f"You are working on {chosen.board.name}")
        return redirect(_safe_next(request) or "home")
    return render(
        request,
        "accounts/choose_board.html",
        {"memberships": memberships, "current": current, "next": _safe_next(request)},
    )


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""
