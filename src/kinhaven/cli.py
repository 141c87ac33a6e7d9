"""The `kinhaven` command: Django's management commands with Kinhaven's settings."""

import os
import sys

# Commands that run as the tables' owner: schema changes, the application role's grants, and
# backup and restore (pg_dump reads every table; restored tables belong to the role restoring).
OWNER_COMMANDS = frozenset({"migrate", "db_roles", "backup", "restore"})
# Django's own commands that bypass a Kinhaven service, and the command to use instead:
# changepassword would leave the user's API tokens alive.
REPLACED_COMMANDS = {"changepassword": "user_password_set"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in REPLACED_COMMANDS:
        sys.stderr.write(
            f"kinhaven {command}: use `kinhaven {REPLACED_COMMANDS[command]}` instead; it also "
            "revokes the user's API tokens.\n"
        )
        raise SystemExit(2)
    owner_url = os.environ.get("KINHAVEN_DB_OWNER_URL", "")
    if owner_url and command in OWNER_COMMANDS:
        # Set before the settings are read; the server and every other command keep DATABASE_URL,
        # the application role, which may not rewrite the audit log.
        os.environ["DATABASE_URL"] = owner_url
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(["kinhaven", *sys.argv[1:]])
    except ImproperlyConfigured as exc:
        # Settings and the files they name (keys, the witness): say which, and stop.
        sys.stderr.write(f"kinhaven {command}: the set-up is wrong: {exc}\n")
        raise SystemExit(1) from None
    except DatabaseError:
        unreachable, waiting = _database_state()
        if unreachable:
            sys.stderr.write(f"kinhaven {command}: the database cannot be reached: {unreachable}\n")
            raise SystemExit(1) from None
        if not waiting or command == "migrate":
            raise
        sys.stderr.write(
            f"kinhaven {command}: the database is not ready ({waiting} migrations not applied); "
            "run `kinhaven migrate` first.\n"
        )
        raise SystemExit(1) from None


def _database_state() -> tuple[str, int]:
    """Why the database cannot be reached (the driver's first line, which names the server and
    database, never a row), or "" and how many migrations it lacks."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    # A failed statement may have left the connection in a broken transaction.
    connections.close_all()
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        return (str(exc).strip().splitlines() or [type(exc).__name__])[0], 0
    executor = MigrationExecutor(connection)
    return "", len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


if __name__ == "__main__":
    main()
