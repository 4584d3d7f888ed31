"""Writes to a board's people: what they do on the board (membership, roles, lead), and whether their account is
active. Accounts are deactivated, never deleted: their updates, challenges and audit history keep naming them."""

from django.db import transaction

from accounts.invitations import link_lead, roles_set
from accounts.models import Membership
from plans.models import Lead


@transaction.atomic
def person_update(*, membership, first_name, last_name, email, job_title, agency, roles, lead) -> None:
    """Name, address, job title, agency and roles; and which of the plan's leads the person is (one at most: the
    lead they were linked to before is unlinked, keeping its actions)."""
    user = membership.user
    if not Membership.objects.filter(user=user).exclude(pk=membership.pk).exists():
        # Only a board that is the person's only one changes their name and address (see EditPersonForm).
        user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email.strip()
        user.save(update_fields=["first_name", "last_name", "email"])
    membership.job_title = job_title.strip()
    membership.agency = agency
    membership.save(update_fields=["job_title", "agency"])
    roles_set(membership=membership, roles=roles)
    # This board's lead only: the person may be a lead of another partnership's plan, which is not ours to change.
    previous = Lead.objects.filter(user=user, board=membership.board).first()
    if previous is not None and previous != lead:
        previous.user = None
        previous.save(update_fields=["user"])
    if lead is not None and lead.user_id != user.pk:
        link_lead(lead=lead, user=user)


@transaction.atomic
def person_set_active(*, membership, active: bool) -> None:
    """Take the board away from the person, or give it back (the membership's `is_active`). A person with no other
    active board is also deactivated as an account: they cannot sign in, and their sessions end. Reactivating gives
    them this board and their account back. Account changes are written to the audit log by
    accounts/audit_signals.py, membership changes here."""
    user = membership.user
    if membership.is_active != active:
        membership.is_active = active
        membership.save(update_fields=["is_active"])
    others = Membership.objects.filter(user=user, is_active=True).exclude(pk=membership.pk).exists()
    account_active = active or others
    if user.is_active != account_active:
        user.is_active = account_active
        user.save(update_fields=["is_active"])
