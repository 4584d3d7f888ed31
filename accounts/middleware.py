"""Accounts middleware."""

from .audit import reset_current_request, set_current_request


class AuditContextMiddleware:
    """Make the current request known to the audit log's signal receivers (role, membership and password changes
    are saved by code that Django calls without the request), so that each event names the signed-in actor.

    Sits right after AuthenticationMiddleware. The request itself is held, not its user: a sign-in during the
    request changes `request.user`, and the receivers read it when they record.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_current_request(request)
        try:
            return self.get_response(request)
        finally:
            reset_current_request(token)
