"""Creates the demo accounts for local use. Only `make run` calls this; migrations and production never do."""

import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Membership
from accounts.roles import Role
from plans.models import Agency, Board, Lead

STAFF_ACCOUNTS = [
    ("demo-admin", "Demo", "Administrator", [Role.BOARD_ADMIN]),
    ("demo-bmg", "Demo", "BMG Member", [Role.BMG_MEMBER]),
    ("demo-board", "Demo", "Board Member", [Role.BOARD_MEMBER]),
    ("demo-audit", "Demo", "Audit Coordinator", [Role.AUDIT_COORDINATOR]),
    ("demo-agency", "Demo", "Agency Audit Contact", [Role.AGENCY_AUDIT_CONTACT]),
    ("demo-scrutineer", "Demo", "Independent Scrutineer", [Role.SCRUTINEER]),
]
TITLES = {"di", "dc", "ds", "dci", "dr", "mr", "mrs", "ms", "miss", "cllr"}


def username_for(name: str) -> str | None:
    """'Jo Moses' -> 'jo.moses'; 'DI John Cannon' -> 'john.cannon'. None when the name is not first and last."""
    words = [w for w in re.split(r"\s+", re.sub(r"\(.*?\)", "", name).strip()) if w]
    words = [w for w in words if w.lower().strip(".") not in TITLES]
    if len(words) < 2 or not all(re.fullmatch(r"[A-Za-z'\-]+", w) for w in words):
        return None
    return f"{words[0]}.{words[-1]}".lower().replace("'", "")


class Command(BaseCommand):
    help = (
        "Create demo accounts (demo-admin, demo-bmg, demo-board, demo-audit, demo-agency, demo-scrutineer and "
        "first.last for every person who leads actions) on one board, all with the password in DEMO_PASSWORD or "
        "--password. Local demonstration only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--board", default=None, help="Board slug (default: the first board)")
        parser.add_argument("--password", default=None)

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["password"]:
            raise CommandError("Demo accounts are for local use: pass --password explicitly outside DEBUG.")
        password = options["password"] or secrets.token_urlsafe(12)
        board = Board.objects.filter(slug=options["board"]).first() if options["board"] else Board.objects.first()
        if board is None:
            raise CommandError("No board loaded yet: load a plan first.")
        User = get_user_model()
        usernames = []

        def ensure(username, first, last, roles, agency=None):
            user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
            user.first_name, user.last_name = first, last
            user.email = user.email or f"{username}@example.org"
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
            Membership.objects.update_or_create(user=user, board=board, defaults={"agency": agency})
            usernames.append(username)
            return user

        first_agency = Agency.objects.filter(board=board).order_by("name").first()
        for username, first, last, roles in STAFF_ACCOUNTS:
            user = ensure(
                username, first, last, roles, agency=first_agency if Role.AGENCY_AUDIT_CONTACT in roles else None
            )
            if Role.BOARD_ADMIN in roles:
                # The board administrator maintains the plan in the Django admin too.
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        for lead in Lead.objects.filter(board=board, kind=Lead.Kind.PERSON).order_by("name"):
            username = username_for(lead.name)
            if username is None:
                continue
            words = username.split(".")
            user = ensure(username, words[0].title(), lead.name.split()[-1], [Role.LEAD], agency=None)
            if lead.user_id != user.pk:
                lead.user = user
                lead.save(update_fields=["user"])
        self.stdout.write(f"Demo accounts on {board.name}: {', '.join(usernames)}")
        self.stdout.write(f"Demo password: {password}")
