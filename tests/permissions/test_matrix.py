"""The permission matrix: every URL pattern x every persona -> expected outcome, and no URL left out."""

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions.registry import all_cases, expected_outcome
from tests.world import PERSONAS, build_world

CASES = all_cases()
# The Django admin is for board administrators and has its own staff check; its generated per-model URLs are
# covered by test_admin_requires_staff rather than listed one by one.
EXEMPT_NAMESPACES = {"admin"}


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in EXEMPT_NAMESPACES:
                continue
            yield from _url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_pattern_has_a_permission_case():
    named = set(_url_names())
    covered = {case.url_name for case in CASES}
    missing = sorted(named - covered)
    assert not missing, f"URL patterns with no permission case: {missing}"


def test_every_url_pattern_is_named():
    def unnamed(resolver=None):
        resolver = resolver or get_resolver()
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if (entry.namespace or "") not in EXEMPT_NAMESPACES:
                    yield from unnamed(entry)
            elif not entry.name:
                yield str(entry.pattern)

    assert list(unnamed()) == []


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """One world for the whole matrix, built inside a transaction that is rolled back at the end (as Django's
    setUpTestData does); each test runs in a savepoint of it, so what a POST changes is undone after the test."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db):
    # Extras are built inside a test's savepoint and rolled back with it: never reuse them across tests.
    _module_world.extras.clear()
    return _module_world


def _url(case, world):
    url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    return f"{url}?{case.query}" if case.query else url


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_permission(case, persona, world, client_for):
    client = client_for(persona)
    url = _url(case, world)
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(url, data)
    expected = expected_outcome(case, persona)
    login_url = reverse(settings.LOGIN_URL)
    if expected == "login":
        assert response.status_code == 302, f"{case.id} as {persona}: {response.status_code}"
        assert response["Location"].startswith(login_url), response["Location"]
    elif expected == "deny":
        assert response.status_code in (403, 404), f"{case.id} as {persona}: {response.status_code}"
    else:
        assert response.status_code in case.ok_statuses, f"{case.id} as {persona}: {response.status_code}"
        if response.status_code == 302:
            assert not response["Location"].startswith(login_url), f"{case.id} as {persona} sent to sign-in"


@pytest.mark.django_db
def test_admin_requires_staff(client_for):
    assert client_for("anonymous").get("/admin/").status_code == 302
    # Board roles without staff status cannot use the Django admin.
    response = client_for("bmg").get("/admin/priorities/action/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
