"""Accounts made by invitation: an administrator (or the platform operator, for a new board's first administrator)
invites a person by email; the email's single-use link expires after INVITATION_DAYS; following it, the person
chooses a password and is signed in with the roles, agency and job title they were invited with.

Usernames stay internal: they are made from the email address (`username_for_email`), and people sign in with their
email address (accounts/backends.py). Every email goes through the notification record and the task queue.
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from bscb.links import absolute_url
from notifications.models import Notification
from notifications.services import queue_email

from .audit import record_change
from .models import AuditEvent, Invitation, Membership
from .roles import Role

INVITATION_DAYS = 7


class InvitationRefused(Exception):
    """The invitation cannot be sent or accepted; the message is for the person."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link names, whatever its state (the page says why a link no longer works)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("board", "agency", "lead").filter(token_hash=hash_token(token)).first()


def email_taken(email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email).exists()


def account_for(email: str):
    """The account with this address (addresses are unique, case aside), or None."""
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


def on_board(board, email: str) -> bool:
    """Whether the person with this address already belongs to `board`, active or not."""
    return Membership.objects.filter(board=board, user__email__iexact=email.strip()).exists()


def pending_invitation(board, email: str) -> Invitation | None:
    return Invitation.objects.waiting().filter(board=board, email__iexact=email).order_by("-sent_at").first()


def username_for_email(email: str) -> str:
    """An internal username, unique across the installation, made from the address (nobody types it)."""
    User = get_user_model()
    base = slugify(email.split("@")[0]).replace("-", ".")[:130] or "user"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}.{n}"
    return username


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    invitation.sent_at = timezone.now()
    return token


def _queue_invitation_email(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "board": invitation.board,
        "link": absolute_url(reverse("accounts:invitation_accept", kwargs={"token": token})),
        "sign_in_url": absolute_url(reverse("accounts:sign_in")),
        "roles": ", ".join(invitation.roles),
        "days": INVITATION_DAYS,
        # Someone who serves another partnership already: they join with the account they have.
        "existing_account": email_taken(invitation.email),
    }
    queue_email(
        kind=Notification.Kind.INVITATION,
        board=invitation.board,
        email=invitation.email,
        subject=render_to_string("emails/invitation_subject.txt", context).strip(),
        body=render_to_string("emails/invitation.txt", context),
        # One email per sending: a resend is a new occasion with its own link.
        dedupe_key=f"invitation:{invitation.pk}:{invitation.send_count}",
    )


@transaction.atomic
def invitation_send(
    *,
    board,
    email: str,
    first_name: str,
    last_name: str,
    roles: list[str],
    agency=None,
    job_title: str = "",
    lead=None,
    invited_by=None,
) -> Invitation:
    """Invite a person to `board`; refused when the address already has an account or a waiting invitation."""
    email = email.strip()
    if on_board(board, email):
        raise InvitationRefused("This person is already on your board: find them in the list of people")
    if pending_invitation(board, email):
        raise InvitationRefused("This email address has already been invited: send the invitation again instead")
    invitation = Invitation(
        board=board,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        roles=sorted(roles),
        agency=agency,
        job_title=job_title.strip(),
        lead=lead,
        invited_by=invited_by if invited_by is not None and invited_by.is_authenticated else None,
    )
    token = _new_token(invitation)
    invitation.save()
    _queue_invitation_email(invitation, token)
    record_change(
        kind=AuditEvent.Kind.INVITATION,
        board=board,
        detail=f"Invited {email} as {', '.join(invitation.roles)}",
    )
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """A new link (the old one stops working) and a new expiry, emailed again."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.cancelled_at:
        raise InvitationRefused("This invitation has been used or withdrawn: it cannot be sent again")
    token = _new_token(invitation)
    invitation.send_count += 1
    invitation.save(update_fields=["token_hash", "expires_at", "sent_at", "send_count"])
    _queue_invitation_email(invitation, token)
    record_change(
        kind=AuditEvent.Kind.INVITATION,
        board=invitation.board,
        detail=f"Sent the invitation of {invitation.email} again",
    )
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise InvitationRefused("This invitation has been accepted: deactivate the account instead")
    if not invitation.cancelled_at:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
        record_change(
            kind=AuditEvent.Kind.INVITATION,
            board=invitation.board,
            detail=f"Withdrew the invitation of {invitation.email}",
        )
    return invitation


def roles_set(*, membership, roles) -> None:
    """Give the person exactly these roles on the membership's board (accounts/role_sync.py keeps a single-board
    account's groups equal to them). A board administrator of any board also gets staff status (the Django admin's
    door), so nobody has to tick it separately."""
    user = membership.user
    names = {str(role) for role in roles}
    groups = list(Group.objects.filter(name__in=names))
    if Membership.objects.filter(user=user).count() == 1:
        user.groups.set(groups)  # the audit log records the change; role_sync copies it to the membership
    else:
        before = {group.name for group in membership.roles.all()}
        membership.roles.set(groups)
        if before != names:
            record_change(
                kind=AuditEvent.Kind.ROLE_CHANGE,
                board=membership.board,
                detail=f"Roles of {user.get_username()} on {membership.board.short_name}: "
                f"{', '.join(sorted(names)) or 'none'} (were {', '.join(sorted(before)) or 'none'})",
            )
    is_staff = (
        user.is_superuser
        or Membership.objects.filter(user=user, is_active=True, roles__name=Role.BOARD_ADMIN.value).exists()
    )
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    for attribute in ("_roles_cache", "_memberships_cache"):
        user.__dict__.pop(attribute, None)


def link_lead(*, lead, user) -> None:
    """`user` is this lead of the plan: the lead's actions (and its groups') are on their My actions. A placeholder
    linked to a person becomes a person."""
    lead.user = user
    lead.email = lead.email or user.email
    if lead.kind == "placeholder":
        lead.kind = "person"
    lead.save(update_fields=["user", "email", "kind"])


def waiting_invitation_for(email: str) -> Invitation | None:
    """The latest usable invitation of this address, on any board (single sign-on has no link to say which)."""
    return Invitation.objects.waiting().filter(email__iexact=email).order_by("-sent_at").first()


@transaction.atomic
def accept_by_sso(*, invitation: Invitation):
    """Accept `invitation` for a person whose organisation's sign-in vouched for its address: the same account as
    through the link, with no password (they sign in through their organisation)."""
    return _accept(invitation_pk=invitation.pk, password=None, how="through single sign-on")


@transaction.atomic
def invitation_join(*, token: str, user):
    """Accept an invitation with the account the person already has (they serve another partnership): a membership
    of the invitation's board with its roles, agency, job title and lead. Single use, like a new account's."""
    found = find_invitation(token)
    if found is None:
        raise InvitationRefused("This invitation link is not valid")
    # Lock the invitation row only: PostgreSQL refuses FOR UPDATE on the nullable side of the lead's outer join.
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("board", "lead").get(pk=found.pk)
    if not invitation.usable:
        raise InvitationRefused(f"This invitation link cannot be used: {invitation.status.lower()}")
    if user.email.casefold() != invitation.email.casefold():
        raise InvitationRefused("This invitation is for another email address")
    if Membership.objects.filter(user=user, board=invitation.board).exists():
        raise InvitationRefused("You are already on this board")
    return _grant(invitation, user, how="with their existing account")


@transaction.atomic
def invitation_accept(*, token: str, password: str):
    """Make the invited person's account: the roles, agency, job title and lead of the invitation, and a membership of
    its board. Single use: the invitation row is locked, so two tabs cannot make two accounts."""
    found = find_invitation(token)
    if found is None:
        raise InvitationRefused("This invitation link is not valid")
    return _accept(invitation_pk=found.pk, password=password, how="and chose a password")


def _accept(*, invitation_pk: int, password: str | None, how: str):
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("board", "lead").get(pk=invitation_pk)
    )
    if not invitation.usable:
        raise InvitationRefused(f"This invitation link cannot be used: {invitation.status.lower()}")
    if email_taken(invitation.email):
        raise InvitationRefused("This email address already has an account: sign in instead")
    User = get_user_model()
    user = User(
        username=username_for_email(invitation.email),
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    _grant(invitation, user, how=how)
    return user


def _grant(invitation: Invitation, user, *, how: str) -> Membership:
    """What accepting an invitation gives: a membership of its board with its roles, agency, job title and lead; the
    invitation used up; the audit event."""
    membership = Membership.objects.create(
        user=user, board=invitation.board, agency=invitation.agency, job_title=invitation.job_title
    )
    roles_set(membership=membership, roles=invitation.roles)
    # An account is the lead of one plan at a time (Lead.user is one-to-one): a person who already leads actions on
    # another partnership's plan joins without the link, which this board's administrator can see on the people page.
    if invitation.lead is not None and invitation.lead.user_id is None and not hasattr(user, "lead"):
        link_lead(lead=invitation.lead, user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    record_change(
        kind=AuditEvent.Kind.INVITATION,
        board=invitation.board,
        user=user,
        detail=f"{invitation.email} accepted the invitation to {invitation.board.short_name} {how}",
    )
    return membership
