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
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kinhaven", *sys.argv[1:]])


if __name__ == "__main__":
    main()
