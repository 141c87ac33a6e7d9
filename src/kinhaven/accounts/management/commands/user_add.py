"""Create a staff user: `kinhaven user_add USERNAME --agency NAME --role caseworker
--first-name Amira --last-name Haddad`. Pages show people by their name and role; a user
without a name is shown by username.

The password is read from KINHAVEN_NEW_PASSWORD, asked for twice at a terminal, or read as one
line of standard input (accounts.management.passwords); never taken as an argument, so it stays
out of shell history and process lists.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db import models

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.management.passwords import new_password
from kinhaven.accounts.models import Agency, Team, User
from kinhaven.accounts.services import roles_ensure_defaults, user_create
from kinhaven.core.commands import KinhavenCommand, model_text


class Command(KinhavenCommand):
    help = "Create a staff user in an agency with a role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", type=_user_field("username"))
        parser.add_argument("--agency", required=True, help="the agency's name")
        parser.add_argument("--role", required=True, choices=RoleCode.values)
        parser.add_argument("--team", help="a team of that agency")
        parser.add_argument(
            "--first-name",
            default="",
            type=_user_field("first_name", blank=True),
            help="given name, as pages show it",
        )
        parser.add_argument(
            "--last-name",
            default="",
            type=_user_field("last_name", blank=True),
            help="family name, as pages show it",
        )
        parser.add_argument("--email", default="", type=_user_field("email", blank=True))

    def handle(self, *args: Any, **options: Any) -> None:
        # The types of the arguments (_user_field) have trimmed and checked the texts.
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError("username: a user with this username exists already.")
        agency = Agency.objects.filter(name=options["agency"]).first()
        if agency is None:
            raise CommandError("--agency: no agency has this name.")
        team = None
        if options["team"]:
            team = Team.objects.filter(agency=agency, name=options["team"]).first()
            if team is None:
                raise CommandError("--team: this agency has no team of this name.")
        password = new_password()
        try:
            validate_password(password, User(username=username))
        except ValidationError as exc:
            raise CommandError("password: " + " ".join(exc.messages)) from None
        roles_ensure_defaults()
        user = user_create(
            username=username,
            password=password,
            role=RoleCode(options["role"]),
            agency=agency,
            team=team,
            first_name=options["first_name"],
            last_name=options["last_name"],
            email=options["email"],
        )
        self.stdout.write(f"User created: {user.username} ({user.public_id})")


def _user_field(name: str, *, blank: bool = False) -> Callable[[str], str]:
    """Text for a field of User, taken as model_text takes it (trimmed, no control characters, no
    longer than the field holds) and then checked by the field's own validators: the username's
    letters, digits and @/./+/-/_, an email's form. The messages never repeat the value."""
    text = model_text(User, name, blank=blank)
    field = User._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"User.{name} is not a field of its own")

    def parse(given: str) -> str:
        value = text(given)
        if value:
            try:
                field.run_validators(value)
            except ValidationError as exc:
                raise argparse.ArgumentTypeError(" ".join(exc.messages)) from None
        return value

    return parse
