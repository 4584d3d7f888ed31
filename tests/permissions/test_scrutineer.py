"""The independent scrutineer (issue 20): reads everything on its board, writes nothing but its scrutiny log, and sees
nothing of another board.

The matrix (test_matrix.py) runs the "scrutineer" persona against every case with one rule (registry.
scrutineer_allowed). These tests keep that rule honest: every exclusion is a real read page of the matrix with a
reason, no write is admitted by accident, and a scrutineer of the other board gets a 404 for every home-board object
the home scrutineer reads and none of the home board's names on any page without an object.
"""

import pytest
from django.db import transaction

from accounts.roles import Role
from tests import factories as f
from tests.permissions.registry import (
    READING_PERSONAS,
    SCRUTINEER_EXCLUDED,
    all_cases,
    scrutineer_allowed,
)
from tests.world import build_world

CASES = all_cases()
# What every signed-in person does to their own session and account, which is no board's data.
OWN_ACCOUNT = ("accounts:choose_board", "accounts:sign_out", "accounts:password_change")
GET_CASES = [case for case in CASES if case.method == "get"]


def test_every_exclusion_is_a_read_page_of_the_matrix_with_a_reason():
    for url_name, reason in SCRUTINEER_EXCLUDED.items():
        cases = [case for case in GET_CASES if case.url_name == url_name]
        assert cases, f"{url_name}: no GET case of that name (a stale exclusion)"
        assert any(case.allowed & READING_PERSONAS for case in cases), f"{url_name}: no reader opens it anyway"
        assert len(reason) > 20, f"{url_name}: say why"


def test_the_scrutineer_reads_every_page_the_board_reads():
    read = [case for case in GET_CASES if case.allowed & READING_PERSONAS and not case.public]
    admitted = [case for case in read if scrutineer_allowed(case)]
    assert len(read) - len(admitted) == sum(1 for case in read if case.url_name in SCRUTINEER_EXCLUDED), (
        "a read page refused without an exclusion"
    )
    # Most of the product is read pages: if this falls, the rule has stopped admitting them.
    assert len(admitted) > 60


def test_no_write_admits_the_scrutineer_unless_its_case_says_so():
    # Public pages (an invitation's link) and refusals of the method (405) write nothing for anyone signed in.
    writes = [
        case
        for case in CASES
        if case.method != "get" and scrutineer_allowed(case) and not case.public and case.ok_statuses != (405,)
    ]
    for case in writes:
        assert "scrutineer" in case.allowed or case.extra.get("scrutineer") is True, f"{case.id}: admitted by the rule"
        assert case.url_name.startswith(("scrutiny:", *OWN_ACCOUNT, "reporting:board_pack_retry")), (
            f"{case.id}: a write"
        )


@pytest.fixture(scope="module")
def _worlds(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        other = f.UserFactory(username="otherscrutineer", roles=[Role.SCRUTINEER])
        f.MembershipFactory(user=other, board=world.other_board)
        yield world, other
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_scrutineer_of_another_board_sees_nothing_of_this_one(_worlds, client):
    world, other = _worlds
    client.force_login(other)
    home_names = [world.board.name, world.agency.name, world.other_agency.name, "Jo Moses", "Kaye Wise"]
    checked_objects = checked_pages = 0
    for case in GET_CASES:
        if not scrutineer_allowed(case) or case.public:
            continue
        world.extras.clear()  # each case's objects are rolled back below: build them again
        with transaction.atomic():
            url = case.url(world)
            response = client.get(url)
            if case.names_board_object:
                assert response.status_code == 404, f"{case.id}: {response.status_code} for another board's scrutineer"
                checked_objects += 1
            elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                body = response.content.decode()
                leaked = [name for name in home_names if name in body]
                assert not leaked, f"{case.id}: shows {leaked} to another board's scrutineer"
                checked_pages += 1
            transaction.set_rollback(True)
    assert checked_objects >= 35 and checked_pages >= 10, (checked_objects, checked_pages)
