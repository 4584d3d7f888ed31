"""Single sign-on off (the default) and on: the pages and the backend follow the setting. The flow itself runs
against a real provider in tests/browser/test_sso.py."""

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_without_sso_the_sign_in_page_has_no_button_and_its_addresses_are_not_found(world, settings):
    settings.SSO_ENABLED = False
    page = Client().get(reverse("accounts:sign_in")).content.decode()
    assert "Sign in with" not in page and 'name="username"' in page
    assert Client().get(reverse("accounts:sso_start")).status_code == 404
    assert Client().get(reverse("accounts:sso_callback")).status_code == 404
    # Password sign-in still works with the backend listed.
    request = RequestFactory().post("/")
    assert authenticate(request, username="lead@example.org", password=PASSWORD) is not None


def test_with_sso_the_sign_in_page_offers_it_and_sends_people_to_the_provider_with_pkce(world, settings):
    settings.SSO_PROVIDER_NAME = "Harrow Council"
    page = Client().get(reverse("accounts:sign_in")).content.decode()
    assert "Sign in with Harrow Council" in page and "Or sign in with your password" in page
    response = Client().get(reverse("accounts:sso_start"))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("http://sso.invalid/openid/authorize?")
    assert "code_challenge_method=S256" in location and "client_id=plan-tracker" in location
    assert "scope=openid+email+profile" in location


def test_a_failed_sso_sign_in_is_explained(world):
    response = Client().get(reverse("accounts:sso_callback"))
    assert response.status_code == 302 and response["Location"] == "/accounts/sso/failed/"
    page = Client().get(response["Location"]).content.decode()
    assert "You could not be signed in through" in page
