"""Writes to the plan's leads that reach the actions they lead: merging two leads (an import's "DV" and the board's
"DV & VAWG"), removing an unused placeholder. The actions keep their "Responsible leads" text as the plan wrote it;
only the links that put an action on a person's My actions change. Lead history (simple-history) keeps the merged
and removed rows."""

from django.db import transaction

from plans.models import Lead

from .models import Action


class LeadInUse(Exception):
    """The lead still leads actions or has members or an account: merge it instead of removing it."""


def lead_usage(lead: Lead) -> dict:
    return {
        "actions": Action.objects.filter(leads=lead).count(),
        "members": lead.members.count(),
        "account": lead.user_id is not None,
    }


@transaction.atomic
def lead_merge(*, source: Lead, target: Lead) -> int:
    """Move everything `source` is (its actions, its groups and members, its account when `target` has none, its
    agency and email when `target` has none) to `target`, then remove `source`. Returns the number of actions moved."""
    if source.pk == target.pk or source.board_id != target.board_id:
        raise ValueError("A lead can only be merged into another lead of the same board.")
    source = Lead.objects.select_for_update().get(pk=source.pk)
    target = Lead.objects.select_for_update().get(pk=target.pk)
    actions = list(Action.objects.filter(leads=source))
    for action in actions:
        action.leads.remove(source)
        action.leads.add(target)
    for group in source.groups.exclude(pk=target.pk):
        target.groups.add(group)
    for member in source.members.exclude(pk=target.pk):
        member.groups.remove(source)
        member.groups.add(target)
    changed = []
    if target.user_id is None and source.user_id is not None:
        target.user_id, source.user_id = source.user_id, None
        source.save(update_fields=["user"])
        changed.append("user")
    if target.agency_id is None and source.agency_id is not None:
        target.agency_id = source.agency_id
        changed.append("agency")
    if not target.email and source.email:
        target.email = source.email
        changed.append("email")
    if changed:
        target.save(update_fields=changed)
    source.invitations.update(lead=target)
    source.delete()
    return len(actions)


@transaction.atomic
def lead_remove(*, lead: Lead) -> None:
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    usage = lead_usage(lead)
    if usage["actions"] or usage["members"] or usage["account"]:
        raise LeadInUse("This lead is in use: merge it into another lead instead")
    lead.delete()
