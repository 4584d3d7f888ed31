"""Accounts middleware: the audit log's request context, and the board a signed-in person works on now."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .audit import reset_current_request, set_current_request
from .memberships import active_memberships


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


# The board a person of several boards chose to work on, in their session (accounts.views.choose_board).
BOARD_SESSION_KEY = "accounts.board_id"
# Where a person who must choose a board may still go.
_WITHOUT_A_BOARD = {"accounts:choose_board", "accounts:sign_out", "accounts:password_change"}


class CurrentBoardMiddleware:
    """Set on the signed-in user the membership of the board they work on now (accounts/memberships.py): the one
    chosen in this session, else their only one. A person with several boards who has not chosen is sent to choose
    before any page that needs a board. The choice is checked against their active memberships on every request,
    so a session can never name a board the person does not (or no longer) belong to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            memberships = active_memberships(user)
            chosen = request.session.get(BOARD_SESSION_KEY)
            current = next((m for m in memberships if m.board_id == chosen), None)
            if current is None and len(memberships) == 1:
                current = memberships[0]
            user._current_membership = current
            user._board_choice_needed = current is None and len(memberships) > 1
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(request.user, "_board_choice_needed", False):
            return None
        if not getattr(view_func, "login_required", True):
            return None  # public pages
        match = request.resolver_match
        if match is not None and match.view_name in _WITHOUT_A_BOARD:
            return None
        return redirect(f"{reverse('accounts:choose_board')}?{urlencode({'next': request.get_full_path()})}")
