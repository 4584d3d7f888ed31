"""`manage.py create_operator --email ops@example.org --first-name Sam --last-name Patel`: the platform operator of a
new installation, who creates boards and invites their first administrators (onboarding:board_create).

The operator is a superuser of no board. No password is printed: the command prints a single-use link (Django's
password reset token, valid for PASSWORD_RESET_TIMEOUT, 3 days) where the operator chooses one. With --password-env
NAME the password is taken from that environment variable instead (for scripted installs; never printed).
Refuses, writing nothing, when the address already has an account. See docs/deploy.md.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.invitations import email_taken, username_for_email


class Command(BaseCommand):
    help = "Create the platform operator (a superuser of no board) and print a single-use link to choose a password."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--password-env", metavar="NAME", default=None)

    def handle(self, *args, **options):
        email = options["email"].strip()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"--email: {' '.join(exc.messages)}") from exc
        if email_taken(email):
            raise CommandError(f"{email} already has an account: nothing was created.")
        User = get_user_model()
        user = User(
            username=username_for_email(email),
            email=email,
            first_name=options["first_name"].strip(),
            last_name=options["last_name"].strip(),
            is_staff=True,
            is_superuser=True,
        )
        password = None
        if options["password_env"]:
            password = os.environ.get(options["password_env"])
            if not password:
                raise CommandError(f"The environment variable {options['password_env']} is empty or not set.")
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(f"Password refused: {' '.join(exc.messages)}") from exc
        with transaction.atomic():
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
        self.stdout.write(f"Platform operator {email} created. They sign in with this email address.")
        if password is None:
            # A reset token needs a stored password hash to sign: an unusable one is fine, and using the link
            # replaces it, which makes the link single-use.
            path = reverse(
                "accounts:password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
            site = settings.SITE_URL.rstrip("/") or "http://127.0.0.1:8000"
            self.stdout.write(f"Choose a password within 3 days, once, at:\n{site}{path}")
