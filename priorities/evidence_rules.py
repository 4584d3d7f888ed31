"""Who may see and add evidence (the evidence app's registry, evidence/registry.py) on a plan action's status update.
Registered by PrioritiesConfig.ready().

Seeing: anyone on the board (everyone reads the action page and its history). Adding and removing: the update's author
or the board administrator. Updates are append-only: a newer update supersedes an older one and its evidence stays
with it, shown in the action's status history.
"""

from django.urls import reverse
from django.utils.timezone import localtime

from accounts.roles import Role, has_role, roles_of
from evidence.registry import register_evidence

from .models import StatusUpdate


def register():
    register_evidence(
        StatusUpdate,
        board_path="action__objective__priority__plan__board",
        select_related=("action",),
        can_view=lambda user, update: bool(roles_of(user)),
        can_add=lambda user, update: update.author_id == user.pk or has_role(user, Role.BOARD_ADMIN),
        describe=lambda update: f"the update of {update.action.reference} of {localtime(update.created_at):%-d %B %Y}",
        url=lambda update: f"{reverse('priorities:action_detail', kwargs={'pk': update.action_id})}#history",
    )
