"""Roles live on each board membership (accounts.models.Membership.roles). An account with one membership (nearly
everyone) also shows them as its Django groups, which the Django admin's user form, the management commands and the
audit log's role events use; the two are kept equal here, both ways. An account of several boards has per-board roles
that no single group list can show: its groups are left alone, and its roles are changed on the people page of each
board (accounts/invitations.py `roles_set`); the Django admin does not offer it to board administrators.

Also: `user.membership`, the membership the user works on now (accounts/memberships.py), for templates and code that
ask for "the" membership of a signed-in person."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from .memberships import current_membership
from .models import Membership

User = get_user_model()


def _only_membership(user_pk):
    memberships = list(Membership.objects.filter(user_id=user_pk)[:2])
    return memberships[0] if len(memberships) == 1 else None


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="roles_from_groups")
def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    users = User._default_manager.filter(pk__in=pk_set or ()) if reverse else [instance]
    for user in users:
        membership = _only_membership(user.pk)
        if membership is not None:
            wanted = set(user.groups.values_list("pk", flat=True))
            if set(membership.roles.values_list("pk", flat=True)) != wanted:
                membership.roles.set(wanted)
        for attribute in ("_roles_cache", "_memberships_cache"):
            user.__dict__.pop(attribute, None)


@receiver(post_save, sender=Membership, dispatch_uid="roles_of_a_first_membership")
def _membership_created(sender, instance, created, raw=False, **kwargs):
    """A first membership takes the account's groups as its roles (an account made with its roles, then its board)."""
    if created and not raw and _only_membership(instance.user_id) is not None:
        groups = list(instance.user.groups.values_list("pk", flat=True))
        if groups:
            instance.roles.set(groups)


User.add_to_class("membership", property(current_membership))
