"""`kinhaven keys rotate`: re-wrap every record's and recording's key under a new
key-encryption key, then replace the key file (docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kinhaven.core.commands import KinhavenCommand
from kinhaven.operations.rotation import kek_rotate


class Command(KinhavenCommand):
    help = "Rotate the key-encryption key that wraps the keys of encrypted records and files."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("rotate", help="re-wrap every key under a new key-encryption key")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = kek_rotate()
        for table, n in sorted(counts.items()):
            self.stdout.write(f"{table}: {n} keys re-wrapped")
        self.stdout.write("key-encryption key rotated")
