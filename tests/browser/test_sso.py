"""Single sign-on end to end (issue 15, item 3): the application (mozilla-django-oidc) against a real OpenID provider
(django-oidc-provider, tests/sso_provider/) running as its own process, in Chromium. The code flow with PKCE: the
browser goes to the provider's sign-in page, back to the application's callback; the application exchanges the code
for tokens over HTTP, checks the RS256-signed ID token with the provider's keys, and matches the verified email
address to an account or a waiting invitation. Nothing of the library is mocked."""

import json
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from accounts.invitations import hash_token
from accounts.models import Invitation
from accounts.roles import Role, roles_of

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET = "plan-tracker", "provider-client-secret-for-tests"  # noqa: S105
IDP_PASSWORD = "harrow-council-password-1"  # noqa: S105
IDP_USERS = [
    # The lead of the persona world (an account with this address exists).
    {"username": "jo.moses", "password": IDP_PASSWORD, "email": "LEAD@example.org", "first": "Jo", "last": "Moses"},
    # Invited, with no account yet.
    {"username": "priya", "password": IDP_PASSWORD, "email": "priya.shah@home.example", "first": "P", "last": "S"},
    # The provider does not vouch for this address.
    {"username": "mallory", "password": IDP_PASSWORD, "email": "admin@example.org", "first": "M", "last": "Unverified"},
    # A real organisation's person with no account and no invitation here.
    {"username": "stranger", "password": IDP_PASSWORD, "email": "stranger@harrow.example", "first": "S", "last": "T"},
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def identity_provider(live_server, settings, tmp_path):
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 (our own module)
        [
            sys.executable,
            "-m",
            "tests.sso_provider.serve",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "idp.sqlite3"),
            "--redirect-uri",
            f"{live_server.url}/accounts/sso/callback/",
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
            "--users",
            json.dumps(IDP_USERS),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/openid/.well-known/openid-configuration", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"The test OpenID provider did not start: {process.stdout.read()}")
            time.sleep(0.2)
        settings.SSO_ENABLED = True
        settings.SSO_PROVIDER_NAME = "Harrow Council"
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/openid/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/openid/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{base}/openid/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/openid/jwks"
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _sign_in_through_the_provider(page, live_server, username):
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_role("button", name="Sign in with Harrow Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harrow Council sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Sign in to Harrow Council").click()


def test_an_account_signs_in_through_its_organisation(
    page, live_server, browser_world, identity_provider, assert_accessible
):
    page.goto(live_server.url + "/accounts/sign-in/")
    expect(page.get_by_role("heading", name="Or sign in with your password")).to_be_visible()
    assert_accessible(page, label="sign-in with single sign-on")
    _sign_in_through_the_provider(page, live_server, "jo.moses")
    # The lead's home is My actions, on their own board.
    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    expect(page.locator("body")).to_contain_text("CSE-01")
    assert page.url.startswith(live_server.url)


def test_a_waiting_invitation_is_accepted_by_signing_in_through_the_organisation(
    page, live_server, browser_world, identity_provider
):
    invitation = Invitation.objects.create(
        board=browser_world.board,
        email="Priya.Shah@home.example",
        first_name="Priya",
        last_name="Shah",
        roles=[Role.BMG_MEMBER.value],
        agency=browser_world.agency,
        token_hash=hash_token("unused-link"),
        expires_at=timezone.now() + timedelta(days=7),
    )
    _sign_in_through_the_provider(page, live_server, "priya")
    expect(page.get_by_role("heading", level=1)).to_have_text(browser_world.board.name)
    invitation.refresh_from_db()
    user = invitation.accepted_user
    assert user is not None and user.email == "Priya.Shah@home.example"
    assert roles_of(user) == {Role.BMG_MEMBER} and user.membership.board == browser_world.board
    assert not user.has_usable_password()  # they sign in through their organisation


@pytest.mark.parametrize("username", ["mallory", "stranger"])
def test_an_unverified_or_unknown_address_is_refused(
    page, live_server, browser_world, identity_provider, username, assert_accessible
):
    before = get_user_model().objects.count()
    _sign_in_through_the_provider(page, live_server, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("You could not be signed in through Harrow Council")
    expect(page.locator("main")).to_contain_text("is not the address of an account here")
    assert_accessible(page, label="single sign-on refused")
    assert get_user_model().objects.count() == before
    assert page.context.cookies() and page.goto(live_server.url + "/home/").url.startswith(
        live_server.url + "/accounts/sign-in/"
    )
