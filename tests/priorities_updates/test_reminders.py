"""send_update_reminders: who is emailed about which actions, on the board's schedule, once per stage."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from notifications.models import Notification
from plans.models import Board, Quarter
from priorities.models import Action, Rag
from priorities.services import status_update_record
from tests import factories as f
from tests.tasks import run_queued_tasks

# The world's open quarter is 2014/15 Q3 (October to December 2014), update deadline 21 December 2014. The default
# schedule reminds 14 and 3 days before the deadline and chases 1 day after it.
EARLY_IN_QUARTER = datetime.datetime(2014, 11, 14, 9, 0, tzinfo=datetime.UTC)
BEFORE_DEADLINE = datetime.datetime(2014, 12, 10, 9, 0, tzinfo=datetime.UTC)  # 11 days before: the 14-day reminder
DEADLINE_DAY = datetime.datetime(2014, 12, 21, 9, 0, tzinfo=datetime.UTC)  # the 3-day reminder's last day
AFTER_DEADLINE = datetime.datetime(2014, 12, 22, 9, 0, tzinfo=datetime.UTC)  # the chaser

# Reminder subjects end with the board's name (a person may lead actions for more than one board).
BOARD = " (Home Safeguarding Children Board)"


def run(*args):
    """One run of the command, then the task queue's worker (which sends what it queued)."""
    out = StringIO()
    call_command("send_update_reminders", *args, stdout=out)
    run_queued_tasks()
    return out.getvalue().strip()


def by_recipient():
    return {message.to[0]: message for message in mail.outbox}


def test_each_lead_is_emailed_their_actions_missing_an_update(world, group_action):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        summary = run()
    emails = by_recipient()
    assert sorted(emails) == ["lead@example.org", "otherlead@example.org"]
    # Jo Moses leads CSE-01 directly and CSE-03 through MASE; one email lists both.
    assert emails["lead@example.org"].subject == "2 actions need a status update for 2014/15 Q3" + BOARD
    assert "CSE-01" in emails["lead@example.org"].body and "CSE-03" in emails["lead@example.org"].body
    assert "by 21 December 2014" in emails["lead@example.org"].body
    assert f"/priorities/actions/{group_action.pk}/update/" in emails["lead@example.org"].body
    assert emails["otherlead@example.org"].subject == "1 action needs a status update for 2014/15 Q3" + BOARD
    assert "CSE-01" not in emails["otherlead@example.org"].body
    assert summary == "Queued 2 reminders about 3 missing updates for 2 open quarters with a reminder due today."


def test_updated_and_complete_actions_are_left_out(world, group_action):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        status_update_record(action=world.action, user=world.users["lead"], rag=Rag.GREEN, commentary="Fine")
        Action.objects.filter(pk=world.other_action.pk).update(rag=Rag.COMPLETE)
        run()
    emails = by_recipient()
    assert list(emails) == ["lead@example.org"]
    assert "CSE-03" in emails["lead@example.org"].body and "CSE-01" not in emails["lead@example.org"].body


def test_an_update_in_a_previous_quarter_does_not_count(world):
    with time_machine.travel(datetime.datetime(2014, 9, 1, 9, tzinfo=datetime.UTC), tick=False):
        status_update_record(
            action=world.action, user=world.users["lead"], rag=Rag.GREEN, commentary="Q2", quarter=world.closed_quarter
        )
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        run()
    assert "CSE-01" in by_recipient()["lead@example.org"].body


def test_each_stage_goes_out_once_on_its_day_and_not_between(world):
    """Run hourly for the whole quarter: 14 days before, 3 days before and the chaser, each exactly once."""
    sent = []
    day = datetime.datetime(2014, 10, 1, 9, 0, tzinfo=datetime.UTC)
    while day <= datetime.datetime(2014, 12, 31, 9, 0, tzinfo=datetime.UTC):
        for hour in (0, 8):  # twice a day stands for every hour
            with time_machine.travel(day + datetime.timedelta(hours=hour), tick=False):
                run()
        sent += [(day.date(), m.to[0], m.subject) for m in mail.outbox]
        mail.outbox.clear()
        day += datetime.timedelta(days=1)
    lead_emails = [(date, subject) for date, to, subject in sent if to == "lead@example.org"]
    assert lead_emails == [
        (datetime.date(2014, 12, 7), "1 action needs a status update for 2014/15 Q3" + BOARD),
        (datetime.date(2014, 12, 18), "1 action needs a status update for 2014/15 Q3" + BOARD),
        (datetime.date(2014, 12, 22), "Overdue: 1 action needs a status update for 2014/15 Q3" + BOARD),
    ]
    assert len(sent) == 6  # the same three for the other lead (CSE-02), and nothing else
    notifications = Notification.objects.filter(email="lead@example.org").order_by("created_at")
    assert [n.dedupe_key.split(":")[2] for n in notifications] == ["14-days-before", "3-days-before", "chaser"]
    assert all(n.status == Notification.Status.SENT and n.attempts == 1 for n in notifications)


def test_nothing_is_sent_early_in_the_quarter_or_once_it_is_closed(world):
    with time_machine.travel(EARLY_IN_QUARTER, tick=False):
        summary = run()
    assert mail.outbox == []
    assert summary == "Queued 0 reminders about 0 missing updates for 0 open quarters with a reminder due today."
    Quarter.objects.filter(pk=world.open_quarter.pk).update(state=Quarter.State.CLOSED)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        run()
    assert mail.outbox == []  # the chaser's day, but the quarter is closed


def test_the_board_sets_its_own_schedule(world):
    Board.objects.filter(pk=world.board.pk).update(reminder_days_before="30", chaser_days_after=None)
    with time_machine.travel(datetime.datetime(2014, 11, 22, 9, 0, tzinfo=datetime.UTC), tick=False):
        run()
    assert sorted(m.to[0] for m in mail.outbox) == ["lead@example.org", "otherlead@example.org"]  # 29 days before
    mail.outbox.clear()
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        run()
    assert mail.outbox == []  # no 14-day reminder on this board's schedule
    with time_machine.travel(datetime.datetime(2014, 12, 29, 9, 0, tzinfo=datetime.UTC), tick=False):
        run()
    assert mail.outbox == []  # and no chaser


def test_a_board_schedule_refuses_nonsense(db):
    board = Board(name="X", short_name="X", slug="x", reminder_days_before="14, three")
    with pytest.raises(ValidationError) as error:
        board.full_clean()
    assert "like 14,3" in str(error.value)
    assert Board(reminder_days_before="3, 14,,").reminder_days() == [14, 3]


def test_leads_without_an_account_or_email_are_not_emailed(world):
    no_account = f.LeadFactory(board=world.board, name="HT Reps", kind="group")
    f.ActionFactory(objective=world.objective, order=9, leads=[no_account])
    world.users["other_lead"].email = ""
    world.users["other_lead"].save()
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        run()
    assert list(by_recipient()) == ["lead@example.org"]


def test_dry_run_lists_recipients_and_sends_nothing(world):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        output = run("--dry-run")
    assert mail.outbox == []
    assert "lead@example.org (14-days-before): CSE-01" in output
    assert Notification.objects.count() == 0
    assert output.endswith(
        "Would queue 2 reminders about 2 missing updates for 2 open quarters with a reminder due today."
    )


def test_help_states_the_rule():
    from priorities.management.commands.send_update_reminders import Command

    assert "no status update yet in the plan's open quarter" in Command.help
    assert "14 and 3" in Command.help and "chaser" in Command.help
