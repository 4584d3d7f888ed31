from tests.permissions.case import Case
from tests.world import SIGNED_IN_PERSONAS

ALL_SIGNED_IN = frozenset(SIGNED_IN_PERSONAS)

CASES = [
    Case("root", ALL_SIGNED_IN, ok_statuses=(302,), a11y=False),
    Case("home", ALL_SIGNED_IN, ok_statuses=(200, 302), note="leads are sent to My actions"),
    Case("accessibility", ALL_SIGNED_IN, public=True),
    Case("healthz", ALL_SIGNED_IN, public=True, a11y=False, note="JSON for the load balancer, not a page"),
    Case("accounts:sign_in", ALL_SIGNED_IN, public=True, ok_statuses=(200, 302), note="signed-in users are sent home"),
    Case("accounts:sign_out", ALL_SIGNED_IN, method="post", ok_statuses=(302,)),
    Case("accounts:signed_out", ALL_SIGNED_IN, public=True),
    Case("accounts:password_change", ALL_SIGNED_IN),
    Case(
        "accounts:password_change",
        ALL_SIGNED_IN,
        method="post",
        data=lambda w: {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    ),
]
