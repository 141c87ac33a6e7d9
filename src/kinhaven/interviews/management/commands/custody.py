"""`kinhaven custody verify [RECORDING_ID] [--content]`: recompute the chain of custody of one
recording, or of every recording (and with --content, each stored file's SHA-256); print OK or
the broken events, and exit non-zero on a break."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import CommandError, CommandParser

from kinhaven.core.commands import KinhavenCommand
from kinhaven.interviews.custody import verify_content, verify_custody
from kinhaven.interviews.models import Recording
from kinhaven.interviews.recordings import segment_store


class Command(KinhavenCommand):
    help = "Verify the chain of custody of interview recordings."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser("verify", help="recompute the custody log's hashes and links")
        verify.add_argument("recording", nargs="?", type=uuid.UUID, help="a recording's id")
        verify.add_argument(
            "--content",
            action="store_true",
            help="also decrypt each stored file and recompute its SHA-256 (reads every byte)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        recordings = Recording.objects.order_by("id")
        if options["recording"] is not None:
            recordings = recordings.filter(public_id=options["recording"])
            if not recordings.exists():
                raise CommandError("no such recording")
        broken: list[str] = []
        count = 0
        for recording in recordings.iterator():
            count += 1
            problems = verify_custody(recording)
            if options["content"]:
                problems += verify_content(recording, segment_store(recording))
            broken += [f"recording {recording.public_id}: {p}" for p in problems]
        if broken:
            lines = "".join(f"\n  {line}" for line in broken)
            raise CommandError(f"custody log FAILED verification:{lines}")
        self.stdout.write(f"custody log OK: {count} recording(s)")
