"""`kinhaven db_roles --app-role NAME [--create [--password-from-env VAR]]`, as the owner."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError, connection

from kinhaven.audit.roles import app_role_create, app_role_grant, audit_rights_problems
from kinhaven.core.commands import KinhavenCommand


class Command(KinhavenCommand):
    help = (
        "PostgreSQL: grant the application role its rights (audit tables: SELECT and INSERT, "
        "and UPDATE of an audit entry's chain fields only). Run as the tables' owner: "
        "KINHAVEN_DB_OWNER_URL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--app-role", required=True, help="the role the application serves as")
        parser.add_argument("--create", action="store_true", help="create the login role if absent")
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="set the role's password from this environment variable (never an argument)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("db_roles is for PostgreSQL; SQLite has no roles")
        role = options["app_role"]
        password = None
        if options["password_from_env"]:
            password = os.environ.get(options["password_from_env"], "")
            if not password:
                raise CommandError(f"{options['password_from_env']} is not set or empty")
        if options["create"] or password is not None:
            try:
                created = app_role_create(role=role, password=password)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"role {role} {'created' if created else 'exists'}")
        try:
            app_role_grant(role=role)
        except (DatabaseError, ValueError) as exc:
            raise CommandError(f"could not grant role {role} its rights: {exc}") from None
        problems = audit_rights_problems(role=role)
        if problems:
            raise CommandError(
                f"role {role} could still change or remove audit records: " + "; ".join(problems)
            )
        self.stdout.write(
            f"role {role}: SELECT, INSERT on the audit tables and UPDATE of an audit entry's "
            "chain fields; SELECT, INSERT, UPDATE, DELETE on every other table"
        )
