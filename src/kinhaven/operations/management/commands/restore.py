"""`kinhaven restore FILE`: restore an encrypted backup into an empty instance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from kinhaven.core.commands import KinhavenCommand
from kinhaven.operations.keys import BackupError
from kinhaven.operations.services import backup_restore


class Command(KinhavenCommand):
    help = (
        "Restore a backup made by `kinhaven backup` into an empty instance of the same database "
        "engine (SQLite: no database yet; PostgreSQL: a newly created database), with the same "
        "backup key. Nothing is restored from a file that fails authentication."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file (.khbak)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_restore(path=options["file"])
        except (BackupError, OSError) as exc:
            raise CommandError(f"restore failed: {exc}") from None
        self.stdout.write(
            f"restored: {result.rows:,} rows in {result.tables} tables ({result.engine}), "
            f"{result.files} private files, each checked against the manifest\n"
            f"  time: {result.seconds:.1f} s\n"
            "  next: put back the audit signing key and witness of this instance, then run "
            "`kinhaven audit verify`"
        )
