"""The `kinhaven` command: Django's management commands with Kinhaven's settings."""

import os
import sys

# Commands that run as the tables' owner: schema changes and the application role's grants.
OWNER_COMMANDS = frozenset({"migrate", "db_roles"})


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    owner_url = os.environ.get("KINHAVEN_DB_OWNER_URL", "")
    if owner_url and command in OWNER_COMMANDS:
        # Set before the settings are read; the server and every other command keep DATABASE_URL,
        # the application role, which may not rewrite the audit log.
        os.environ["DATABASE_URL"] = owner_url
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kinhaven", *sys.argv[1:]])


if __name__ == "__main__":
    main()
