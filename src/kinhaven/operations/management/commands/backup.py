"""`kinhaven backup [--output FILE]`: one encrypted backup of the database and private files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from kinhaven.core.commands import KinhavenCommand
from kinhaven.operations.keys import BackupError, key_path
from kinhaven.operations.services import backup_create


class Command(KinhavenCommand):
    help = (
        "Write one encrypted backup (AES-256-GCM) of the database and the private files. The "
        "key is KINHAVEN_BACKUP_KEY_FILE (made on first use); keep it apart from the backups."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            metavar="FILE",
            help="where to write it (default: VAR_DIR/backups/kinhaven-<UTC time>.khbak)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(output=options["output"])
        except (BackupError, OSError) as exc:
            raise CommandError(f"backup failed: {exc}") from None
        self.stdout.write(
            f"backup written: {result.path}\n"
            f"  size: {result.size:,} bytes ({result.size / 1024 / 1024:.1f} MiB)\n"
            f"  {result.rows:,} rows in {result.tables} tables, {result.files} private files\n"
            f"  time: {result.seconds:.1f} s\n"
            f"  key: {key_path()} (not in the backup: keep it apart)"
        )
