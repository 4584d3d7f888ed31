"""Writing to the audit log. Signal receivers record sign-ins; views call `record_event` for refusals and changes."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditEvent


def _ip(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record_event(*, kind, request=None, user=None, username="", detail=""):
    if user is None and request is not None and getattr(request, "user", None) and request.user.is_authenticated:
        user = request.user
    return AuditEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.is_authenticated else None,
        username=username or (user.get_username() if user is not None and user.is_authenticated else ""),
        ip_address=_ip(request),
        path=(request.path[:500] if request is not None else ""),
        detail=detail,
    )


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    record_event(kind=AuditEvent.Kind.SIGN_IN, request=request, user=user)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(kind=AuditEvent.Kind.SIGN_OUT, request=request, user=user)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    record_event(kind=AuditEvent.Kind.SIGN_IN_FAILED, request=request, username=credentials.get("username", "")[:150])


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    record_event(kind=AuditEvent.Kind.LOCKED_OUT, request=request, username=(username or "")[:150])
