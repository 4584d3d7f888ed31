"""Reminders about Section 11 returns still in draft (manage.py send_audit_reminders, audits/notify.py): 7 days before
the deadline, the day after it, then weekly until the return is sent; once per person per stage and at most once per
return per day, however often the scheduler runs it and on however many servers."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from accounts.roles import Role
from audits import services
from audits.models import Rating
from notifications.models import Notification
from notifications.scheduling import run_due_jobs
from tests import factories as f
from tests.audits.helpers import complete

pytestmark = pytest.mark.django_db
DEADLINE = datetime.date(2016, 11, 30)
LONDON = ZoneInfo("Europe/London")
K = Notification.Kind


def at(day: datetime.date, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


def days(n):
    return DEADLINE + datetime.timedelta(days=n)


def remind(day, hour=9) -> str:
    out = io.StringIO()
    with time_machine.travel(at(day, hour), tick=False):
        call_command("send_audit_reminders", stdout=out)
    return out.getvalue()


def reminders():
    """[(kind, username, stage)] of the recorded reminders about the home board's returns, oldest first."""
    rows = Notification.objects.filter(kind__in=[K.AUDIT_REMINDER, K.AUDIT_OVERDUE], board__slug="home")
    rows = rows.select_related("recipient").order_by("created_at", "pk")
    return [(n.kind, n.recipient.username, n.dedupe_key.split(":")[2]) for n in rows]


def open_cycle(world, *, opened=None, title="Section 11 audit 2016/17", year=2016, deadline=DEADLINE, user=True):
    with time_machine.travel(at(opened or days(-30)), tick=False):
        return services.cycle_open(
            board=world.board,
            title=title,
            financial_year=year,
            deadline=deadline,
            agencies=[world.agency, world.other_agency],
            user=world.users["audit_coordinator"] if user else None,
        )


@pytest.fixture
def cycle(world):
    cycle = open_cycle(world)
    # Another board's cycle, whose contact must never hear of the home board's returns (and gets their own).
    other_agency = f.AgencyFactory(board=world.other_board, name="Other Police")
    other_contact = f.UserFactory(username="otherboardcontact", roles=[Role.AGENCY_AUDIT_CONTACT])
    f.MembershipFactory(user=other_contact, board=world.other_board, agency=other_agency)
    with time_machine.travel(at(days(-30)), tick=False):
        services.cycle_open(
            board=world.other_board,
            title="Other board's cycle",
            financial_year=2016,
            deadline=days(14),
            agencies=[other_agency],
            user=world.users["other_board_admin"],
        )
    return cycle


def test_a_reminder_seven_days_before_then_the_day_after_then_weekly_until_sent(world, cycle):
    assert remind(days(-8)) == "Queued 0 Section 11 reminders about 0 draft returns.\n"
    assert reminders() == []
    assert remind(days(-7)) == "Queued 2 Section 11 reminders about 2 draft returns.\n"
    before = [(K.AUDIT_REMINDER, "contact", "reminder-before"), (K.AUDIT_REMINDER, "othercontact", "reminder-before")]
    assert reminders() == before
    for day in (-7, -3, 0):  # hourly runs, and the days after: nothing more before the deadline
        remind(days(day), hour=15)
    assert reminders() == before

    # The Police send their return before the deadline: only the Council is chased.
    police = complete(cycle.returns.get(agency=world.other_agency), Rating.FULLY_MET)
    services.return_submit(agency_return=police, user=world.users["agency_contact_other"])
    remind(days(1))
    remind(days(1), hour=20)
    for day in range(2, 8):
        remind(days(day))
    assert reminders() == [*before, (K.AUDIT_OVERDUE, "contact", "reminder-overdue-0")]
    remind(days(8))
    remind(days(12))
    remind(days(15))
    assert [r[2] for r in reminders() if r[1] == "contact"] == [
        "reminder-before",
        "reminder-overdue-0",
        "reminder-overdue-1",
        "reminder-overdue-2",
    ]
    # Sent at last: no more.
    council = complete(cycle.returns.get(agency=world.agency), Rating.FULLY_MET)
    services.return_submit(agency_return=council, user=world.users["agency_contact"])
    remind(days(22))
    assert len(reminders()) == 5
    # The other board's contact was reminded of their own return only, 7 days before their own deadline.
    other = Notification.objects.get(recipient__username="otherboardcontact", kind=K.AUDIT_REMINDER)
    assert other.board == world.other_board and other.created_at.date() == days(7)
    assert (
        "Other Police" in other.body and "Other Safeguarding Children Board" in other.body and "Home" not in other.body
    )


def test_the_reminder_says_when_it_is_due_with_an_absolute_link_and_the_board(world, cycle):
    with override_settings(SITE_URL="https://tracker.example.org"):
        remind(days(-7))
        remind(days(1))
    own = cycle.returns.get(agency=world.agency)
    before = Notification.objects.get(recipient=world.users["agency_contact"], kind=K.AUDIT_REMINDER)
    assert before.subject == "Reminder: Home Borough Council's Section 11 return is due by 30 November 2016 (HSCB)"
    assert "due by 30 November 2016, in 7 days" in before.body
    assert f"https://tracker.example.org/audits/returns/{own.pk}/" in before.body
    assert "Home Safeguarding Children Board" in before.body
    overdue = Notification.objects.get(recipient=world.users["agency_contact"], kind=K.AUDIT_OVERDUE)
    assert overdue.subject.startswith("Overdue: Home Borough Council's Section 11 return was due on 30 November 2016")
    assert "1 day ago" in overdue.body and "A reminder goes each week" in overdue.body


def test_a_second_run_or_a_second_scheduler_sends_nothing_twice(world, cycle):
    remind(days(1))
    first = list(Notification.objects.order_by("pk").values_list("dedupe_key", flat=True))
    assert remind(days(1)) == "Queued 0 Section 11 reminders about 0 draft returns.\n"
    remind(days(1), hour=23)
    assert list(Notification.objects.order_by("pk").values_list("dedupe_key", flat=True)) == first
    assert len(set(first)) == len(first)


def test_a_cycle_opened_inside_the_week_gets_no_before_reminder_the_opening_email_gave_the_deadline(world):
    open_cycle(world, opened=days(-3))
    remind(days(-2))
    remind(days(0))
    assert reminders() == []
    remind(days(1))
    assert [r[2] for r in reminders()] == ["reminder-overdue-0", "reminder-overdue-0"]


def test_at_most_one_audit_email_per_return_per_day(world, cycle):
    """An agency added after the deadline hears of the cycle that day, and is chased from the next."""
    late = f.AgencyFactory(board=world.board, name="Home Health Trust")
    health_contact = f.UserFactory(username="healthcontact", roles=[Role.AGENCY_AUDIT_CONTACT])
    f.MembershipFactory(user=health_contact, board=world.board, agency=late)
    with time_machine.travel(at(days(3), 8), tick=False):
        services.return_add(cycle=cycle, agency=late, user=world.users["audit_coordinator"])
    remind(days(3))
    assert not [r for r in reminders() if r[1] == "healthcontact"]
    assert Notification.objects.filter(recipient=health_contact, kind=K.AUDIT_CYCLE_OPENED).count() == 1
    remind(days(4))
    assert [r for r in reminders() if r[1] == "healthcontact"] == [
        (K.AUDIT_OVERDUE, "healthcontact", "reminder-overdue-0")
    ]


def test_loaded_superseded_and_demo_cycles_are_never_chased(world):
    # Loaded by a command (the 2014/15 history): a record, not a request to the agencies.
    open_cycle(world, title="Loaded history", year=2014, deadline=datetime.date(2014, 11, 30), user=False)
    remind(datetime.date(2014, 12, 1))
    assert reminders() == []
    # Superseded by a later cycle of the board: its drafts are not chased any more.
    old = open_cycle(world, title="Last year", year=2015, deadline=days(-365), opened=days(-400))
    remind(days(-364))
    assert len(reminders()) == 2
    current = open_cycle(world)  # this year's, opened 30 days before its deadline
    Notification.objects.filter(kind=K.AUDIT_OVERDUE).delete()
    remind(days(-29))  # a day of the old cycle's weekly chasers, before this year's reminder is due
    assert reminders() == []
    # Demo returns never.
    demo = current.returns.get(agency=world.agency)
    demo.is_demo = True
    demo.save(update_fields=["is_demo"])
    remind(days(1))
    assert reminders() == [(K.AUDIT_OVERDUE, "othercontact", "reminder-overdue-0")]
    assert old.returns.filter(status="draft").count() == 2


def test_the_scheduler_runs_the_reminders_hourly(world, cycle):
    job = next(job for job in settings.SCHEDULED_JOBS if job["command"] == "send_audit_reminders")
    assert job == {"name": "audit_reminders", "command": "send_audit_reminders", "every_minutes": 60}
    with time_machine.travel(at(days(1)), tick=False):
        assert "audit_reminders" in run_due_jobs()
        assert "audit_reminders" not in run_due_jobs()  # the slot is taken: a second scheduler skips it
    assert [r[2] for r in reminders()] == ["reminder-overdue-0", "reminder-overdue-0"]


def test_dry_run_lists_and_sends_nothing(world, cycle):
    out = io.StringIO()
    with time_machine.travel(at(days(1)), tick=False):
        call_command("send_audit_reminders", "--dry-run", stdout=out)
    assert "contact@example.org (overdue-0): Home Borough Council" in out.getvalue()
    assert "Would queue 2 Section 11 reminders about 2 draft returns." in out.getvalue()
    assert reminders() == []
