"""Every step of the Section 11 workflow tells the right people, and nobody else (audits/notify.py): the agency's audit
contacts when a cycle opens, when their return is challenged or accepted; the board's audit coordinators when a return
is sent or resent. Each email names the board and links absolutely to the return; nothing is sent in the request."""

import datetime
import re
import smtplib
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from audits import services
from audits.models import Rating
from notifications.models import Notification
from tests import factories as f
from tests.audits.helpers import audits_of, complete
from tests.tasks import run_queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]
SITE = "https://tracker.example.org"
K = Notification.Kind


@pytest.fixture
def site_url():
    with override_settings(SITE_URL=SITE):
        yield


def person(board, username, role, agency=None, **membership):
    user = f.UserFactory(username=username, roles=[role])
    f.MembershipFactory(user=user, board=board, agency=agency, **membership)
    return user


def emails(kind=None, **filters):
    """{(kind, username)} of the recorded audit emails."""
    rows = Notification.objects.filter(kind__startswith="audit_", **filters)
    if kind:
        rows = rows.filter(kind=kind)
    return sorted((n.kind, n.recipient.username) for n in rows.select_related("recipient"))


def ready(agency_return):
    """Fully met everywhere with evidence: nothing stops the submission (no improvement action needed)."""
    return complete(agency_return, Rating.FULLY_MET)


@pytest.fixture
def crowd(world):
    """People who must never be emailed about the home board's returns, whatever the step: another board's coordinator
    and contact (of an agency with the same name), a coordinator and a contact whose membership is deactivated, a
    contact with no email address, and a board member."""
    other_agency = f.AgencyFactory(board=world.other_board, name="Home Borough Council")
    person(world.other_board, "othercoordinator", Role.AUDIT_COORDINATOR)
    person(world.other_board, "otherboardcontact", Role.AGENCY_AUDIT_CONTACT, agency=other_agency)
    person(world.board, "gonecoordinator", Role.AUDIT_COORDINATOR, is_active=False)
    person(world.board, "gonecontact", Role.AGENCY_AUDIT_CONTACT, agency=world.agency, is_active=False)
    silent = person(world.board, "noemail", Role.AGENCY_AUDIT_CONTACT, agency=world.agency)
    silent.email = ""
    silent.save()
    return SimpleNamespace(second_coordinator=person(world.board, "auditor2", Role.AUDIT_COORDINATOR))


def test_opening_a_cycle_tells_each_agencys_contacts_only_with_the_deadline_and_their_returns_link(world, crowd):
    coordinator = world.users["audit_coordinator"]
    health = f.AgencyFactory(board=world.board, name="Home Health Trust")
    cycle = services.cycle_open(
        board=world.board,
        title="Section 11 audit 2016/17",
        financial_year=2016,
        deadline=datetime.date(2016, 11, 30),
        agencies=[world.agency, world.other_agency, health],
        user=coordinator,
    )
    assert emails() == [(K.AUDIT_CYCLE_OPENED, "contact"), (K.AUDIT_CYCLE_OPENED, "othercontact")]
    own = cycle.returns.get(agency=world.agency)
    note = Notification.objects.get(recipient=world.users["agency_contact"])
    assert note.board == world.board
    assert note.subject == "Section 11 return for Home Borough Council due by 30 November 2016 (HSCB)"
    assert "30 November 2016" in note.body
    assert f"{SITE}{reverse('audits:return_detail', args=[own.pk])}" in note.body
    assert "Home Safeguarding Children Board" in note.body
    assert "8. Information sharing" in note.body  # the standards to rate
    other = Notification.objects.get(recipient=world.users["agency_contact_other"])
    assert reverse("audits:return_detail", args=[cycle.returns.get(agency=world.other_agency).pk]) in other.body
    assert reverse("audits:return_detail", args=[own.pk]) not in other.body


def test_each_step_tells_the_right_people_once_and_nobody_else(world, crowd):
    a = audits_of(world)
    contact, coordinator = world.users["agency_contact"], world.users["audit_coordinator"]
    Notification.objects.all().delete()
    own = ready(a.own)

    services.return_submit(agency_return=own, user=contact, note="All fully met")
    assert emails() == [(K.AUDIT_SUBMITTED, "auditor"), (K.AUDIT_SUBMITTED, "auditor2")]

    services.return_challenge(agency_return=own, user=coordinator, questions="How many staff were trained in 2015?")
    assert emails(K.AUDIT_CHALLENGED) == [(K.AUDIT_CHALLENGED, "contact")]
    challenge = Notification.objects.get(kind=K.AUDIT_CHALLENGED)
    assert "How many staff were trained in 2015?" in challenge.body

    services.return_submit(agency_return=own, user=contact, note="412 staff trained")
    assert emails(K.AUDIT_RESUBMITTED) == [(K.AUDIT_RESUBMITTED, "auditor"), (K.AUDIT_RESUBMITTED, "auditor2")]
    assert "412 staff trained" in Notification.objects.filter(kind=K.AUDIT_RESUBMITTED).first().body

    services.return_challenge(agency_return=own, user=coordinator, questions="And the agency staff?")
    services.return_submit(agency_return=own, user=contact)
    services.return_accept(agency_return=own, user=coordinator, note="Thank you")
    assert emails(K.AUDIT_ACCEPTED) == [(K.AUDIT_ACCEPTED, "contact")]
    # A second challenge is a second occasion: told again, with its own questions.
    assert [n.body.count("And the agency staff?") for n in Notification.objects.filter(kind=K.AUDIT_CHALLENGED)] == [
        1,
        0,
    ]
    assert Notification.objects.filter(kind=K.AUDIT_RESUBMITTED).count() == 4
    # Nobody else ever: not the other agency's contact, another board's people, deactivated or unreachable people.
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"contact", "auditor", "auditor2"}


def test_the_person_who_takes_the_step_is_not_told_about_it(world):
    a = audits_of(world)
    both = person(world.board, "both", Role.AUDIT_COORDINATOR, agency=world.agency)
    Membership.objects.get(user=both).roles.add(f.group(Role.AGENCY_AUDIT_CONTACT))
    Notification.objects.all().delete()
    services.return_submit(agency_return=ready(a.own), user=both)
    assert emails() == [(K.AUDIT_SUBMITTED, "auditor")]


def test_every_email_names_the_board_and_links_absolutely(world):
    a = audits_of(world)
    own = ready(a.own)
    services.return_submit(agency_return=own, user=world.users["agency_contact"])
    services.return_challenge(agency_return=own, user=world.users["audit_coordinator"], questions="Why?")
    services.return_submit(agency_return=own, user=world.users["agency_contact"])
    services.return_accept(agency_return=own, user=world.users["audit_coordinator"])
    kinds = set()
    for note in Notification.objects.filter(kind__startswith="audit_"):
        kinds.add(note.kind)
        assert "Home Safeguarding Children Board" in note.body, note.kind
        assert "(HSCB)" in note.subject, note.kind
        links = re.findall(r"https?://\S+", note.body)
        assert links and all(link.startswith(f"{SITE}/audits/") for link in links), (note.kind, note.body)
        assert re.search(r"(?<![\w:/])/audits/", note.body) is None  # no relative link
        assert "{{" not in note.body and "&#x27;" not in note.body and "&amp;" not in note.body
    assert kinds == {K.AUDIT_CYCLE_OPENED, K.AUDIT_SUBMITTED, K.AUDIT_CHALLENGED, K.AUDIT_RESUBMITTED, K.AUDIT_ACCEPTED}


def test_loaders_and_demo_returns_email_nobody(world):
    """The history loader opens cycles without a person, the demo loader moves demo returns: records, not requests."""
    services.cycle_open(
        board=world.board,
        title="Section 11 audit 2014/15 (history)",
        financial_year=2014,
        deadline=datetime.date(2014, 11, 30),
        agencies=[world.agency, world.other_agency],
    )
    a = audits_of(world)
    Notification.objects.all().delete()
    demo = ready(a.own)
    demo.is_demo = True
    demo.save(update_fields=["is_demo"])
    services.return_submit(agency_return=demo, user=world.users["agency_contact"])
    services.return_accept(agency_return=demo, user=world.users["audit_coordinator"])
    other = ready(a.other)
    services.return_submit(agency_return=other, user=None)  # a command's step
    assert emails() == []


def test_the_steps_through_the_pages_queue_the_emails_and_the_worker_sends_them(world, client_for):
    a = audits_of(world)
    Notification.objects.all().delete()
    own = ready(a.own)
    response = client_for("agency_contact").post(reverse("audits:return_submit", args=[own.pk]), {"note": "Done"})
    assert response.status_code == 302
    assert mail.outbox == []  # queued, not sent in the request
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["auditor@example.org"]]
    assert mail.outbox[0].subject == "Home Borough Council has sent its Section 11 return (HSCB)"
    response = client_for("audit_coordinator").post(
        reverse("audits:return_challenge", args=[own.pk]), {"questions": "Where is the training record?"}
    )
    assert response.status_code == 302
    run_queued_tasks()
    assert mail.outbox[-1].to == ["contact@example.org"]
    assert "Where is the training record?" in mail.outbox[-1].body


def test_a_mail_server_that_fails_never_breaks_the_workflow(world, client_for):
    a = audits_of(world)
    Notification.objects.all().delete()
    own = ready(a.own)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("down")):
        response = client_for("agency_contact").post(reverse("audits:return_submit", args=[own.pk]), {})
        run_queued_tasks()
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == "submitted"
    note = Notification.objects.get(kind=K.AUDIT_SUBMITTED)
    assert note.status == Notification.Status.RETRYING and "down" in note.last_error


def test_a_step_that_is_refused_emails_nobody(world):
    a = audits_of(world)
    Notification.objects.all().delete()
    with pytest.raises(services.TransitionRefused):
        services.return_submit(agency_return=a.other, user=world.users["agency_contact_other"])  # nothing rated
    with pytest.raises(services.TransitionRefused):
        services.return_accept(agency_return=a.other, user=world.users["audit_coordinator"])
    assert emails() == []


# --- The cycle page: agencies nobody will be emailed about -----------------------------------------------------------


def test_the_cycle_page_lists_agencies_without_an_audit_contact_for_the_coordinator_and_the_administrator(
    world, client_for
):
    a = audits_of(world)  # Home Health Trust has no contact; Home Borough Council and Home Police have one each
    url = reverse("audits:cycle_detail", args=[a.cycle.pk])
    page = client_for("audit_coordinator").get(url).content.decode()
    listed = re.search(r'aria-label="Agencies with no audit contact">(.*?)</ul>', page, re.S).group(1)
    assert "Home Health Trust" in listed and "Home Police" not in listed and "Home Borough Council" not in listed
    assert "1 agency has no audit contact: nobody will be emailed" in page
    assert "Ask the board administrator to invite" in page
    assert reverse("people:person_invite") not in page
    admin_page = client_for("admin").get(url).content.decode()
    assert "Home Health Trust" in admin_page and f'href="{reverse("people:person_invite")}"' in admin_page
    assert 'id="no-contact"' not in client_for("board_member").get(url).content.decode()

    # The Police's only contact leaves the board: the Police is listed too.
    Membership.objects.filter(user=world.users["agency_contact_other"]).update(is_active=False)
    page = client_for("audit_coordinator").get(url).content.decode()
    assert "2 agencies have no audit contact" in page and "Home Police" in page


def test_no_list_when_every_agency_has_a_contact(world, client_for):
    a = audits_of(world)
    person(world.board, "healthcontact", Role.AGENCY_AUDIT_CONTACT, agency=a.submitted.agency)
    page = client_for("audit_coordinator").get(reverse("audits:cycle_detail", args=[a.cycle.pk])).content.decode()
    assert 'id="no-contact"' not in page and "no audit contact" not in page
