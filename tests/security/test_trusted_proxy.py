"""Behind the council's reverse proxy: the lockout and the audit log see the person's address, not the proxy's."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"  # every request reaches the application from the proxy


def _sign_in(client_address, username, password, forwarded_for=None):
    client = Client(REMOTE_ADDR=PROXY)
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for or client_address}
    return client.post(reverse("accounts:sign_in"), {"username": username, "password": password}, **headers)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_wrong_passwords_from_one_person_do_not_lock_the_lead_out_for_everyone(world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in("203.0.113.9", "lead", "wrong")
    assert _sign_in("203.0.113.9", "lead", PASSWORD).status_code in (403, 429)  # that address is locked
    assert _sign_in("198.51.100.7", "lead", PASSWORD).status_code == 302  # the lead, elsewhere, is not
    failed = AuditEvent.objects.filter(kind="sign_in_failed", username="lead")
    assert set(failed.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    assert AuditEvent.objects.get(kind="sign_in", username="lead").ip_address == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_only_the_address_the_trusted_proxy_appended_is_believed(world):
    # The client sends its own X-Forwarded-For claiming to be 198.51.100.7; the proxy appends the real address.
    _sign_in(None, "lead", "wrong", forwarded_for="198.51.100.7, 203.0.113.9")
    assert AuditEvent.objects.get(kind="sign_in_failed").ip_address == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_proxies_the_address_the_outer_one_saw(world):
    _sign_in(None, "lead", "wrong", forwarded_for="1.2.3.4, 203.0.113.9, 10.0.0.9")
    assert AuditEvent.objects.get(kind="sign_in_failed").ip_address == "203.0.113.9"


def test_without_a_trusted_proxy_the_header_is_ignored(world):
    _sign_in("203.0.113.9", "lead", "wrong")
    assert AuditEvent.objects.get(kind="sign_in_failed").ip_address == PROXY
