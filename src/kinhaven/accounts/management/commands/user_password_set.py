"""Set a staff user's password: `kinhaven user_password_set USERNAME`.

Use this, not Django's `changepassword`: it goes through the service, so the user's API tokens
are revoked and the change is audited. The password is read as `user_add` reads it
(accounts.management.passwords), never taken as an argument.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from kinhaven.accounts.management.passwords import new_password
from kinhaven.accounts.models import User
from kinhaven.accounts.services import user_password_set
from kinhaven.core.commands import KinhavenCommand


class Command(KinhavenCommand):
    help = "Set a staff user's password; their API tokens are revoked."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"].strip()).first()
        if user is None:
            raise CommandError("username: no user has this name.")
        password = new_password()
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("password: " + " ".join(exc.messages)) from None
        user_password_set(actor=None, user=user, password=password)
        self.stdout.write(f"Password set, API tokens revoked: {user.public_id}")
