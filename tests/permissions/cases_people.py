"""Permission cases for the people pages (board administrators, their own board's people and invitations), the
invitation and password-reset pages (public: the link or the email address is the key), the leads' corrections
(board administrators) and the platform operator's board creation. Content and behaviour: tests/people/."""

from datetime import timedelta

from django.utils import timezone

from accounts.invitations import hash_token
from accounts.models import Invitation
from accounts.roles import Role
from plans.models import Lead
from tests.permissions.case import Case
from tests.world import ADMIN_ONLY, SIGNED_IN_PERSONAS

ALL_SIGNED_IN = frozenset(SIGNED_IN_PERSONAS)
OPERATOR = frozenset({"platform_admin"})
# Each board's administrator manages their own board's people.
ADMINS = frozenset({"admin", "other_board_admin"})
INVITATION_TOKEN = "permission-matrix-invitation-token"


def _invitation(world, token=INVITATION_TOKEN):
    return world.get(
        f"invitation-{token}",
        lambda w: Invitation.objects.create(
            board=w.board,
            email=f"{token}@example.org",
            first_name="Ada",
            last_name="Invited",
            roles=[Role.LEAD.value],
            token_hash=hash_token(token),
            expires_at=timezone.now() + timedelta(days=7),
        ),
    )


def _placeholder(world):
    return world.get(
        "placeholder-lead",
        lambda w: Lead.objects.create(board=w.board, name="Task Group to be established", kind=Lead.Kind.PLACEHOLDER),
    )


def _person_data(world, **overrides):
    return {
        "first_name": "Jo",
        "last_name": "Moses",
        "email": "lead@example.org",
        "job_title": "Head of service",
        "agency": world.agency.pk,
        "roles": [Role.LEAD.value],
        "lead": world.lead_person.pk,
        **overrides,
    }


def _invite_data(world):
    return {
        "email": "new.person@example.org",
        "first_name": "New",
        "last_name": "Person",
        "job_title": "",
        "agency": "",
        "roles": [Role.BMG_MEMBER.value],
        "lead": "",
    }


def _with_invitation(world):
    """The people page takes no URL arguments: this builds a waiting invitation first, so that the page shows its
    invitations table to the sweep."""
    _invitation(world)
    return []


LEAD_USER = lambda w: {"pk": w.users["lead"].pk}  # noqa: E731
INVITATION = lambda w: {"pk": _invitation(w).pk}  # noqa: E731
TOKEN = lambda w: {"token": (_invitation(w), INVITATION_TOKEN)[1]}  # noqa: E731
PLACEHOLDER = lambda w: {"pk": _placeholder(w).pk}  # noqa: E731

CASES = [
    # People, for the board administrator.
    Case("people:people_list", ADMINS, args=_with_invitation, board_object=False),
    Case("people:person_invite", ADMINS),
    Case("people:person_invite", ADMINS, method="post", data=_invite_data, ok_statuses=(302,)),
    Case("people:person_invite", ADMINS, method="post", data=lambda w: {"email": "not an address"}),
    Case("people:person_edit", ADMIN_ONLY, kwargs=LEAD_USER),
    Case("people:person_edit", ADMIN_ONLY, kwargs=LEAD_USER, method="post", data=_person_data, ok_statuses=(302,)),
    Case("people:person_deactivate", ADMIN_ONLY, kwargs=LEAD_USER, method="post", ok_statuses=(302,)),
    Case(
        "people:person_deactivate",
        ALL_SIGNED_IN,
        kwargs=LEAD_USER,
        ok_statuses=(405,),
        a11y=False,
        board_object=False,
        note="GET changes nothing: refused for everyone",
    ),
    Case("people:person_reactivate", ADMIN_ONLY, kwargs=LEAD_USER, method="post", ok_statuses=(302,)),
    Case("people:invitation_send_again", ADMIN_ONLY, kwargs=INVITATION, method="post", ok_statuses=(302,)),
    Case("people:invitation_withdraw", ADMIN_ONLY, kwargs=INVITATION, method="post", ok_statuses=(302,)),
    # Invitations and password resets: public, the link is the key.
    Case(
        "accounts:invitation_accept",
        ALL_SIGNED_IN,
        kwargs=TOKEN,
        public=True,
        note="signed-in people are asked to sign out first",
    ),
    Case(
        "accounts:invitation_accept",
        ALL_SIGNED_IN,
        kwargs=lambda w: {"token": "no-such-token"},
        public=True,
        ok_statuses=(410,),
        board_object=False,
        note="an unknown or used link says so (410 Gone)",
    ),
    Case(
        "accounts:invitation_accept",
        ALL_SIGNED_IN,
        kwargs=TOKEN,
        public=True,
        method="post",
        data=lambda w: {"new_password1": "a long enough passphrase", "new_password2": "a long enough passphrase"},
        ok_statuses=(200, 302),
        note="anonymous: the account is made and signed in (302)",
    ),
    Case(
        "accounts:sso_start",
        ALL_SIGNED_IN,
        public=True,
        ok_statuses=(302,),
        a11y=False,
        note="to the organisation's identity provider (tests/browser/test_sso.py follows it)",
    ),
    Case(
        "accounts:sso_callback",
        ALL_SIGNED_IN,
        public=True,
        ok_statuses=(302,),
        a11y=False,
        note="with no code from the provider: to the page that explains",
    ),
    Case("accounts:sso_failed", ALL_SIGNED_IN, public=True),
    # Choosing the partnership one works on: every signed-in person (one board: the page says which).
    Case("accounts:choose_board", ALL_SIGNED_IN),
    Case(
        "accounts:choose_board",
        ALL_SIGNED_IN,
        method="post",
        data=lambda w: {"board": str(w.other_board.pk)},
        note="not one of their boards (for all but the other board's administrator): the page says so, nothing set",
        ok_statuses=(200, 302),
    ),
    Case("accounts:password_reset", ALL_SIGNED_IN, public=True),
    Case(
        "accounts:password_reset",
        ALL_SIGNED_IN,
        public=True,
        method="post",
        data=lambda w: {"email": "lead@example.org"},
        ok_statuses=(302,),
    ),
    Case("accounts:password_reset_sent", ALL_SIGNED_IN, public=True),
    Case(
        "accounts:password_reset_confirm",
        ALL_SIGNED_IN,
        public=True,
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
        board_object=False,
        note="an invalid link shows the page that says so",
    ),
    Case("accounts:password_reset_complete", ALL_SIGNED_IN, public=True),
    # The plan's leads, corrected by the board administrator.
    Case("plans:lead_edit", ADMIN_ONLY, kwargs=lambda w: {"pk": w.lead_person.pk}),
    Case(
        "plans:lead_edit",
        ADMIN_ONLY,
        kwargs=lambda w: {"pk": w.lead_person.pk},
        method="post",
        data=lambda w: {
            "name": "Jo Moses",
            "kind": "person",
            "description": "",
            "agency": w.agency.pk,
            "email": "",
            "groups": [w.group.pk],
        },
        ok_statuses=(302,),
    ),
    Case("plans:lead_merge", ADMIN_ONLY, kwargs=PLACEHOLDER),
    Case(
        "plans:lead_merge",
        ADMIN_ONLY,
        kwargs=PLACEHOLDER,
        method="post",
        data=lambda w: {"target": w.group.pk},
        ok_statuses=(302,),
    ),
    Case("plans:lead_remove", ADMIN_ONLY, kwargs=PLACEHOLDER, method="post", ok_statuses=(302,)),
    # The platform operator creates boards.
    Case("onboarding:board_create", OPERATOR),
    Case(
        "onboarding:board_create",
        OPERATOR,
        method="post",
        ok_statuses=(302,),
        data=lambda w: {
            "name": "Harrow Safeguarding Children Partnership",
            "short_name": "HSCP",
            "kind": "children",
            "admin_first_name": "Sam",
            "admin_last_name": "Patel",
            "admin_email": "sam.patel@harrow.example",
        },
    ),
]
