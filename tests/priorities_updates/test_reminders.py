"""send_update_reminders: who is emailed about which actions, and only before the quarter's deadline."""

import datetime
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command

from priorities.models import Action, Rag
from priorities.services import status_update_record
from tests import factories as f

# The world's open quarter is 2014/15 Q3 (October to December 2014), update deadline 21 December 2014.
BEFORE_DEADLINE = datetime.datetime(2014, 11, 14, 9, 0, tzinfo=datetime.UTC)
DEADLINE_DAY = datetime.datetime(2014, 12, 21, 9, 0, tzinfo=datetime.UTC)
AFTER_DEADLINE = datetime.datetime(2014, 12, 22, 9, 0, tzinfo=datetime.UTC)


def run(*args):
    out = StringIO()
    call_command("send_update_reminders", *args, stdout=out)
    return out.getvalue().strip()


def by_recipient():
    return {message.to[0]: message for message in mail.outbox}


def test_each_lead_is_emailed_their_actions_missing_an_update(world, group_action):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        summary = run()
    emails = by_recipient()
    assert sorted(emails) == ["lead@example.org", "otherlead@example.org"]
    # Jo Moses leads CSE-01 directly and CSE-03 through MASE; one email lists both.
    assert emails["lead@example.org"].subject == "2 actions need a status update for 2014/15 Q3"
    assert "CSE-01" in emails["lead@example.org"].body and "CSE-03" in emails["lead@example.org"].body
    assert "by 21 December 2014" in emails["lead@example.org"].body
    assert f"/priorities/actions/{group_action.pk}/update/" in emails["lead@example.org"].body
    assert emails["otherlead@example.org"].subject == "1 action needs a status update for 2014/15 Q3"
    assert "CSE-01" not in emails["otherlead@example.org"].body
    assert summary == "Sent 2 reminders about 3 missing updates for 2 open quarters before the deadline."


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


def test_reminders_go_out_on_the_deadline_day_but_not_after(world):
    with time_machine.travel(DEADLINE_DAY, tick=False):
        run()
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        summary = run()
    assert mail.outbox == []
    assert summary == "Sent 0 reminders about 0 missing updates for 0 open quarters before the deadline."


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
    assert "lead@example.org: CSE-01" in output
    assert output.endswith("Would send 2 reminders about 2 missing updates for 2 open quarters before the deadline.")


def test_help_states_the_rule():
    from priorities.management.commands.send_update_reminders import Command

    assert "no status update yet in the plan's open quarter" in Command.help
    assert "update deadline" in Command.help
