"""Writes to a board's people: what they do on the board (membership, roles, lead), and whether their account is
active. Accounts are deactivated, never deleted: their updates, challenges and audit history keep naming them."""

from django.db import transaction

from accounts.invitations import link_lead, roles_set
from plans.models import Lead


@transaction.atomic
def person_update(*, membership, first_name, last_name, email, job_title, agency, roles, lead) -> None:
    """Name, address, job title, agency and roles; and which of the plan's leads the person is (one at most: the
    lead they were linked to before is unlinked, keeping its actions)."""
    user = membership.user
    user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email.strip()
    user.save(update_fields=["first_name", "last_name", "email"])
    membership.job_title = job_title.strip()
    membership.agency = agency
    membership.save(update_fields=["job_title", "agency"])
    roles_set(user=user, roles=roles)
    previous = Lead.objects.filter(user=user).first()
    if previous is not None and previous != lead:
        previous.user = None
        previous.save(update_fields=["user"])
    if lead is not None and lead.user_id != user.pk:
        link_lead(lead=lead, user=user)


@transaction.atomic
def person_set_active(*, membership, active: bool) -> None:
    """Deactivate (nobody can sign in as them; their sessions end, see accounts.backends) or reactivate. The change
    itself is written to the audit log by accounts/audit_signals.py."""
    user = membership.user
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
