"""The permission matrix: every URL pattern x every persona -> expected outcome, and no URL left out."""

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic import RedirectView

from tests.permissions.registry import all_cases, expected_outcome
from tests.world import PERSONAS, build_world

CASES = all_cases()
# Every namespace is covered, the Django admin's included (tests/permissions/cases_admin.py).
EXEMPT_NAMESPACES = set()


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


def _only_redirects(entry):
    callback = entry.callback
    return getattr(callback, "view_class", None) is RedirectView or callback.__name__ == "catch_all_view"


def test_every_url_pattern_is_named():
    def unnamed(resolver=None):
        resolver = resolver or get_resolver()
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if (entry.namespace or "") not in EXEMPT_NAMESPACES:
                    yield from unnamed(entry)
            elif not entry.name and not _only_redirects(entry):
                yield str(entry.pattern)

    # The admin's "<id>/" patterns only redirect to "<id>/change/" (named, and in the matrix), and its final
    # catch-all only adds a missing slash or answers 404.
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


def test_cases_are_consistent():
    """A persona is refused one way only, and `not_found` names signed-in personas of the world."""
    for case in CASES:
        assert not case.not_found & case.allowed, f"{case.id}: in both allowed and not_found"
        assert case.not_found <= set(PERSONAS) - {"anonymous"}, f"{case.id}: unknown persona in not_found"
        assert case.allowed <= set(PERSONAS), f"{case.id}: unknown persona in allowed"


# A refusal is exactly one status: 403 for a wrong role, 404 for an object the persona may not know about.
REFUSAL_STATUS = {"forbidden": 403, "not_found": 404}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_permission(case, persona, world, client_for):
    client = client_for(persona)
    url = case.url(world)
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(url, data)
    expected = expected_outcome(case, persona)
    actual = response.status_code
    where = response.get("Location", "")
    wanted = {"login": "302 to sign-in", "ok": " or ".join(map(str, case.ok_statuses))}.get(expected)
    message = (
        f"persona={persona} case={case.id} expected={expected} ({wanted or REFUSAL_STATUS[expected]}) "
        f"actual={actual}{' to ' + where if where else ''} url={url}"
    )
    login_url = reverse(settings.LOGIN_URL)
    if expected == "login":
        assert actual == 302 and where.startswith(login_url), message
    elif expected in REFUSAL_STATUS:
        assert actual == REFUSAL_STATUS[expected], message
    else:
        assert actual in case.ok_statuses, message
        if actual == 302:
            assert not where.startswith(login_url), f"{message}: sent to sign-in"


@pytest.mark.django_db
def test_admin_signs_in_through_the_application_and_refuses_other_roles(client_for):
    sign_in = reverse(settings.LOGIN_URL)
    response = client_for("anonymous").get("/admin/priorities/action/")
    assert response.status_code == 302 and response["Location"].startswith(sign_in)
    response = client_for("anonymous").get("/admin/login/?next=/admin/plans/")
    assert response.status_code == 302 and response["Location"] == f"{sign_in}?next=/admin/plans/"
    # Board roles other than the administrator's are refused, not sent to a second sign-in form.
    assert client_for("bmg").get("/admin/priorities/action/").status_code == 403
    assert client_for("admin").get("/admin/login/").status_code == 302
