"""Single sign-on with OpenID Connect (mozilla-django-oidc), for partners whose organisation has an identity provider
(Microsoft Entra ID, Google Workspace, Okta). Configured per installation from the environment (docs/deploy.md); the
password sign-in stays for everyone else.

Nobody gets an account by signing in: the provider's verified email address must be that of an active account, or of
a waiting invitation, which the sign-in then accepts (an account with no password; the person can set one later with
*Forgotten your password?*). Anything else lands on the page that explains (accounts.views.sso_failed).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.utils.decorators import method_decorator
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .invitations import InvitationRefused, accept_by_sso, waiting_invitation_for


def sso_enabled() -> bool:
    return bool(getattr(settings, "SSO_ENABLED", False))


class SsoBackend(OIDCAuthenticationBackend):
    """Always listed in AUTHENTICATION_BACKENDS (sessions name it), it answers only when single sign-on is on."""

    def __init__(self, *args, **kwargs):
        if sso_enabled():
            super().__init__(*args, **kwargs)
        else:
            # The parent reads the provider's settings on creation, and would refuse their absence.
            self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if not sso_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        email = (claims.get("email") or "").strip()
        if not email:
            return False
        # Some providers (Entra ID) send no email_verified claim; an installation whose provider only issues
        # addresses it owns may trust them (SSO_TRUST_EMAIL, docs/deploy.md). Otherwise the claim must say so.
        return claims.get("email_verified") is True or settings.SSO_TRUST_EMAIL

    def filter_users_by_claims(self, claims):
        return get_user_model().objects.filter(email__iexact=claims["email"].strip(), is_active=True)

    def create_user(self, claims):
        invitation = waiting_invitation_for(claims["email"].strip())
        if invitation is None:
            return None
        try:
            return accept_by_sso(invitation=invitation)
        except InvitationRefused:
            return None

    def update_user(self, user, claims):
        # The account's name and address are the board's (the people pages), not the provider's.
        return user


class _OnlyWhenEnabled:
    def dispatch(self, request, *args, **kwargs):
        if not sso_enabled():
            raise Http404("Single sign-on is not set up on this installation.")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class SsoStartView(_OnlyWhenEnabled, OIDCAuthenticationRequestView):
    """Sends the person to their organisation's sign-in page."""

    def __init__(self, *args, **kwargs):
        if sso_enabled():
            super().__init__(*args, **kwargs)
        else:
            # The parent reads the provider's settings on creation; without them dispatch answers 404.
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class SsoCallbackView(_OnlyWhenEnabled, OIDCAuthenticationCallbackView):
    """Where the provider sends the person back: signed in, or to the page that explains (accounts:sso_failed)."""
