"""`manage.py create_board`: a new installation's board and its first board administrator, with no demo data.

    manage.py create_board --name "Barnet Safeguarding Children Board" --short-name BSCB --slug barnet \\
        --admin-username jo.smith --admin-email jo.smith@example.org --admin-first-name Jo --admin-last-name Smith

The board is created, or the board that already has the slug (e.g. loaded by `load_plan`) is used as it is. The
administrator's account gets the "Board administrator" role (the group of that name), a membership of the board and
staff status, as `create_demo_accounts` gives them; its password is a one-time password printed once, or the value of
the environment variable named by --password-env (never printed). Everything is checked before anything is written,
and everything is written in one transaction: a refusal leaves the database as it was. See docs/deploy.md.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from accounts.audit import record_change
from accounts.models import AuditEvent, Membership
from accounts.roles import Role
from plans.models import Board


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(texts)}" for field, texts in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Create a board (or use the existing board with this slug, unchanged) and its first board administrator, "
        "with a one-time password printed once (or the value of the environment variable named by --password-env). "
        "For a new installation: no demo data. Refuses, writing nothing, when the username exists or a value is "
        "invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The board's full name")
        parser.add_argument("--short-name", required=True, help="As the plan abbreviates it, e.g. BSCB")
        parser.add_argument("--slug", required=True, help="For web addresses and load_plan, e.g. barnet")
        parser.add_argument("--admin-username", required=True, help="The administrator's username, e.g. jo.smith")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-first-name", required=True)
        parser.add_argument("--admin-last-name", required=True)
        parser.add_argument(
            "--password-env",
            metavar="NAME",
            default=None,
            help="Take the administrator's password from this environment variable instead of generating one",
        )

    def handle(self, *args, **options):
        board, board_created = self._board(options)
        user = self._user(options)
        password, generated = self._password(options, user)
        try:
            group = Group.objects.get(name=Role.BOARD_ADMIN.value)
        except Group.DoesNotExist as exc:
            raise CommandError(f'No "{Role.BOARD_ADMIN}" role: run `manage.py release` (migrate) first.') from exc

        with transaction.atomic():
            if board_created:
                board.save()
            user.set_password(password)
            user.save()
            # The membership first, so that the role change the audit log records names the board.
            Membership.objects.create(user=user, board=board)
            user.groups.add(group)
            record_change(
                kind=AuditEvent.Kind.ROLE_CHANGE,
                board=board,
                detail=(
                    f"First board administrator {user.get_username()} created by manage.py create_board for "
                    f"{'the new' if board_created else 'the existing'} board {board.short_name} ({board.slug})"
                ),
            )

        self._report(board, board_created, user, password, generated, options)

    # --- checks: nothing is written until all of them pass ------------------------------------------------------

    def _board(self, options) -> tuple[Board, bool]:
        existing = Board.objects.filter(slug=options["slug"]).first()
        if existing is not None:
            return existing, False
        board = Board(name=options["name"].strip(), short_name=options["short_name"].strip(), slug=options["slug"])
        try:
            board.full_clean()
        except ValidationError as exc:
            raise CommandError(f"Nothing was created. The board is not valid: {_messages(exc)}") from exc
        return board, True

    def _user(self, options):
        User = get_user_model()
        username = options["admin_username"].strip()
        # Case-insensitive: "Jo.Smith" beside "jo.smith" would be two accounts that people cannot tell apart.
        if User._default_manager.filter(username__iexact=username).exists():
            raise CommandError(f"Nothing was created. A user named {username} already exists: choose another username.")
        email = options["admin_email"].strip()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"Nothing was created. {email!r} is not a valid email address.") from exc
        user = User(
            username=username,
            email=email,
            first_name=options["admin_first_name"].strip(),
            last_name=options["admin_last_name"].strip(),
            # As create_demo_accounts does; the admin itself admits board administrators by their role.
            is_staff=True,
        )
        user.set_unusable_password()  # replaced by the one-time password in the transaction
        try:
            user.full_clean()
        except ValidationError as exc:
            raise CommandError(
                f"Nothing was created. The administrator's account is not valid: {_messages(exc)}"
            ) from exc
        return user

    def _password(self, options, user) -> tuple[str, bool]:
        name = options["password_env"]
        if not name:
            return secrets.token_urlsafe(15), True
        password = os.environ.get(name, "")
        if not password:
            raise CommandError(f"Nothing was created. The environment variable {name} is not set or is empty.")
        try:
            validate_password(password, user=user)
        except ValidationError as exc:
            raise CommandError(
                f"Nothing was created. The password in {name} is not accepted: {' '.join(exc.messages)}"
            ) from exc
        return password, False

    # --- what the operator is told ----------------------------------------------------------------------------------

    def _report(self, board, board_created, user, password, generated, options):
        if board_created:
            self.stdout.write(f"Board created: {board.name} ({board.short_name}, slug {board.slug}).")
        else:
            self.stdout.write(
                f"Board {board.slug} already exists: {board.name} ({board.short_name}). It is used as it is; "
                "nothing about it was changed."
            )
            if (board.name, board.short_name) != (options["name"].strip(), options["short_name"].strip()):
                self.stdout.write(
                    "The --name and --short-name given differ from the existing board's and were not applied "
                    "(a board administrator can change them in the admin)."
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Board administrator created: {user.get_username()} ({user.get_full_name()}, {user.email})."
            )
        )
        site = settings.SITE_URL.rstrip("/")
        if generated:
            self.stdout.write(f"One-time password (shown only this once): {password}")
        else:
            self.stdout.write(f"Password: the value of {options['password_env']}.")
        self.stdout.write(
            f"Sign in at {site}{reverse('accounts:sign_in')} and change this password at once at "
            f"{site}{reverse('accounts:password_change')}."
        )
