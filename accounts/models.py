"""Board membership of user accounts, and the append-only audit log of sign-ins, refusals and changes."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Membership(models.Model):
    """A person's place on one board: their roles there, their agency and job title. One person may serve several
    boards (a police DI, a health lead), with one account and one membership per board; they choose the board they
    work on after signing in (accounts/middleware.py) and every query is scoped to it.

    Every query of board data is scoped through this: a user with no active membership sees nothing. `roles` are the
    role groups (accounts/roles.py) held on this board. A membership is deactivated, never deleted (`is_active`):
    the person loses this board and keeps any other.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    board = models.ForeignKey("plans.Board", on_delete=models.PROTECT, related_name="memberships")
    roles = models.ManyToManyField("auth.Group", blank=True, related_name="memberships")
    agency = models.ForeignKey(
        "plans.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="Required for agency audit contacts: the agency whose Section 11 return they complete",
    )
    job_title = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(
        default=True, help_text="Untick to take this board away from the person; their other boards are unchanged"
    )

    class Meta:
        ordering = ["board__name"]
        constraints = [models.UniqueConstraint(fields=["user", "board"], name="membership_one_per_board")]

    def __str__(self):
        return f"{self.user} ({self.board.short_name})"


class AuditEvent(models.Model):
    """One entry of the audit log: a sign-in, a refused access, a privileged action or a change. Never edited or
    deleted, by the application (the model refuses) or by SQL (a PostgreSQL trigger refuses, see docs/security.md).

    `user` is the actor: the person who signed in, or who made the change (empty for the system: management
    commands, loaders, demo setup). Deleting a user who acted is refused (PROTECT), so that no audit row is ever
    rewritten; accounts are deactivated instead. `username` keeps the actor's name as it was, so a row reads on its
    own. `board` is the board the event concerns (empty for a sign-in failure, or the platform operator's own
    actions outside any board).
    """

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGN_OUT = "sign_out", "Signed out"
        LOCKED_OUT = "locked_out", "Locked out"
        REFUSED = "refused", "Access refused"
        CHANGE = "change", "Change"
        ROLE_CHANGE = "role_change", "Roles changed"
        MEMBERSHIP_CHANGE = "membership_change", "Board membership changed"
        ACCOUNT_STATUS = "account_status", "Account activated or deactivated"
        PASSWORD_RESET = "password_reset", "Password reset"
        PASSWORD_CHANGE = "password_change", "Own password changed"
        ADMIN_ADD = "admin_add", "Added in the admin"
        ADMIN_CHANGE = "admin_change", "Changed in the admin"
        ADMIN_DELETE = "admin_delete", "Deleted in the admin"
        IMPORT = "import", "Plan imported"
        QUARTER_CLOSE = "quarter_close", "Quarter closed"
        QUARTER_REOPEN = "quarter_reopen", "Quarter reopened"
        INVITATION = "invitation", "Invitation sent, accepted or withdrawn"
        BOARD_CREATED = "board_created", "Board created"
        RESTRICTED_OPENED = "restricted_opened", "Restricted record opened"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who acted. A user with audit history cannot be deleted: deactivate the account instead.",
    )
    username = models.CharField(
        max_length=150, blank=True, help_text="The actor's username at the time; as typed, for failed sign-ins"
    )
    board = models.ForeignKey(
        "plans.Board",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The board the event concerns",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


class InvitationQuerySet(models.QuerySet):
    def waiting(self):
        """Invitations whose link still works: not accepted, not withdrawn, not expired (`Invitation.usable`)."""
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation by email to join a board with given roles: the person follows a single-use link that expires,
    chooses a password and is signed in (accounts/invitations.py).

    Only a hash of the link's token is kept, so the database never holds a working link. Sending again gives the same
    invitation a new token (the old link stops working) and a new expiry. An invitation is used once: `accepted_at`
    and `accepted_user` say by whom; `cancelled_at` when an administrator withdrew it. The roles are group names
    (accounts/roles.py), kept as a list because the account does not exist yet.
    """

    board = models.ForeignKey("plans.Board", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    roles = models.JSONField(default=list, help_text="The names of the roles the person will hold")
    agency = models.ForeignKey(
        "plans.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    job_title = models.CharField(max_length=200, blank=True)
    lead = models.ForeignKey(
        "plans.Lead",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        help_text="The plan's lead this person is: their actions are on their My actions",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    send_count = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["board", "accepted_at", "cancelled_at"], name="invitation_pending_idx")]

    def __str__(self):
        return f"Invitation of {self.email} to {self.board_id}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "Accepted"
        if self.cancelled_at:
            return "Cancelled"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Waiting"

    @property
    def usable(self) -> bool:
        return self.status == "Waiting"
