"""The scrutiny log (issue 20): raised by the scrutineer, answered by the board or the lead it is addressed to,
closed with an outcome; every email recorded and sent once by the worker; nothing of another board."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from annualreport.figures import Period
from annualreport.figures import scrutiny as scrutiny_figures
from notifications.models import Notification
from scrutiny import services
from scrutiny.models import ScrutinyEntry, ScrutinyResponse
from scrutiny.selectors import yearly_scrutiny
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(world):
    for persona in ("admin", "lead", "scrutineer"):
        user = world.users[persona]
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])


def _raise(client, **data):
    return client.post(reverse("scrutiny:entry_raise"), data)


def test_a_challenge_to_a_lead_emails_that_lead_once_with_the_subject_only(world, client_for, emails):
    client = client_for("scrutineer")
    response = _raise(
        client,
        kind="challenge",
        addressed_to="lead",
        lead=world.lead_person.pk,
        subject="Evidence of impact",
        detail="Confidential case detail about a child",
        response_due_on="27 3 2015",
    )
    entry = ScrutinyEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("scrutiny:entry_detail", args=[entry.pk])
    assert (entry.board, entry.lead, entry.agency, entry.status) == (world.board, world.lead_person, None, "awaiting")
    assert entry.response_due_on == datetime.date(2015, 3, 27) and entry.raised_by == world.users["scrutineer"]
    run_queued_tasks()
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["lead@example.org"]]
    message = mail.outbox[0]
    assert "Evidence of impact" in message.subject and "a challenge" in message.body
    assert "Confidential case detail" not in message.body + message.subject
    assert f"/scrutiny/{entry.pk}/" in message.body
    assert Notification.objects.get().kind == Notification.Kind.SCRUTINY_RAISED


def test_an_observation_to_the_board_emails_its_administrators(world, client_for, emails):
    _raise(client_for("scrutineer"), kind="observation", addressed_to="board", subject="Targets", detail="None set")
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["admin@example.org"]]
    assert "an observation" in mail.outbox[0].body


def test_bad_input_names_each_field_and_changes_nothing(world, client_for):
    response = _raise(client_for("scrutineer"), kind="challenge", addressed_to="partner", subject="", detail="")
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    for message in ("Select the partner agency it is addressed to", "Enter a subject", "Enter what you observed"):
        assert message in body
    # Another board's agency is not a choice.
    other_agency = world.other_board.agencies.create(name="Other Police", sector="Police")
    response = _raise(
        client_for("scrutineer"),
        kind="challenge",
        addressed_to="partner",
        agency=other_agency.pk,
        subject="S",
        detail="D",
    )
    assert "Select a partner agency from the list" in response.content.decode()
    assert not ScrutinyEntry.objects.exists() and not Notification.objects.exists()


def _entry(world, **fields):
    return services.raise_entry(
        board=world.board,
        user=world.users["scrutineer"],
        kind="challenge",
        addressed_to=fields.pop("addressed_to", "board"),
        subject=fields.pop("subject", "Attendance"),
        detail="Three meetings missed",
        **fields,
    )


def test_the_board_responds_then_the_scrutineer_closes_with_an_outcome(world, client_for, emails):
    entry = _entry(world)
    run_queued_tasks()
    mail.outbox.clear()
    response = client_for("admin").post(
        reverse("scrutiny:entry_respond", args=[entry.pk]), {"text": "A deputy now attends."}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "responded"
    answer = entry.responses.get()
    assert (answer.by, answer.responding_for, answer.text) == (
        world.users["admin"],
        "the board",
        "A deputy now attends.",
    )
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["scrutineer@example.org"]]

    # The lead may not respond to an entry addressed to the board, nor the scrutineer to its own.
    assert client_for("lead").post(reverse("scrutiny:entry_respond", args=[entry.pk]), {"text": "x"}).status_code == 403
    refused = client_for("scrutineer").post(reverse("scrutiny:entry_respond", args=[entry.pk]), {"text": "x"})
    assert refused.status_code == 403

    close = reverse("scrutiny:entry_close", args=[entry.pk])
    response = client_for("scrutineer").post(close, {"outcome": ""})
    assert "Enter the outcome" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == "responded"
    assert client_for("scrutineer").post(close, {"outcome": "Agreed a deputy."}).status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.outcome, entry.closed_on is not None) == ("closed", "Agreed a deputy.", True)
    page = client_for("bmg").get(reverse("scrutiny:entry_detail", args=[entry.pk])).content.decode()
    assert "Agreed a deputy." in page and "A deputy now attends." in page and "Closed" in page
    assert "Respond" not in page  # nothing is added to a closed entry
    # A response sent after the close is refused and changes nothing.
    with pytest.raises(services.NotAllowed):
        services.respond(entry=entry, user=world.users["admin"], text="Late")
    assert entry.responses.count() == 1


def test_the_lead_it_is_addressed_to_reads_and_responds_another_lead_does_not(world, client_for):
    entry = _entry(world, addressed_to="lead", lead=world.lead_person)
    detail = reverse("scrutiny:entry_detail", args=[entry.pk])
    assert client_for("lead").get(detail).status_code == 200
    assert client_for("other_lead").get(detail).status_code == 403
    assert (
        client_for("other_lead").post(reverse("scrutiny:entry_respond", args=[entry.pk]), {"text": "x"}).status_code
        == 403
    )
    response = client_for("lead").post(
        reverse("scrutiny:entry_respond", args=[entry.pk]), {"text": "Impact now reported."}
    )
    assert response.status_code == 302
    assert entry.responses.get().responding_for == world.lead_person.name


def test_responses_are_append_only_and_a_closed_entry_needs_its_outcome(world):
    entry = _entry(world)
    answer = services.respond(entry=entry, user=world.users["admin"], text="Noted")
    answer.text = "Rewritten"
    with pytest.raises(ValidationError):
        answer.save()
    with pytest.raises(ValidationError):
        answer.delete()
    with pytest.raises(ValidationError):
        ScrutinyResponse.objects.filter(pk=answer.pk).update(text="Rewritten")
    if connection.vendor == "postgresql":  # the database refuses raw SQL too (bscb.db.AppendOnly)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE scrutiny_scrutinyresponse SET text = 'Rewritten'")
    assert ScrutinyResponse.objects.get().text == "Noted"
    with pytest.raises(IntegrityError), transaction.atomic():
        ScrutinyEntry.objects.filter(pk=entry.pk).update(status="closed")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScrutinyEntry.objects.filter(pk=entry.pk).update(addressed_to="lead")  # a lead must be named


def test_another_boards_log_never_shows_and_the_report_counts_only_its_board_and_year(world, client_for):
    in_year = _entry(world, subject="Within the year")
    ScrutinyEntry.objects.filter(pk=in_year.pk).update(raised_on=datetime.date(2014, 11, 3))
    before = _entry(world, subject="The year before")
    ScrutinyEntry.objects.filter(pk=before.pk).update(raised_on=datetime.date(2014, 3, 31))
    other_admin = world.users["other_board_admin"]
    other = services.raise_entry(
        board=world.other_board,
        user=other_admin,
        kind="observation",
        addressed_to="board",
        subject="Other board's secret",
        detail="x",
    )
    page = client_for("bmg").get(reverse("scrutiny:entry_list")).content.decode()
    assert "Within the year" in page and "Other board&#x27;s secret" not in page and "Other board's secret" not in page
    assert client_for("scrutineer").get(reverse("scrutiny:entry_detail", args=[other.pk])).status_code == 404
    lines = yearly_scrutiny(world.board, datetime.date(2014, 4, 1), datetime.date(2015, 3, 31))
    assert [line.subject for line in lines] == ["Within the year"]
    services.respond(entry=in_year, user=world.users["admin"], text="Answered")
    figures, (table,) = scrutiny_figures(Period(world.board, datetime.date(2014, 4, 1), datetime.date(2015, 3, 31)))
    assert {f.label: f.value for f in figures} == {
        "Observations and challenges raised": "1",
        "Of those, challenges": "1",
        "Responded to": "1",
        "Closed with an outcome": "0",
    }
    assert table.rows == (("3 November 2014", "Challenge", "the board", "Within the year", "Responded", "Answered"),)
