"""`kinhaven audit verify | checkpoint | prove ENTRY`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinhaven.audit.tasks import audit_checkpoint_plan
from kinhaven.audit.verification import checkpoint_create, inclusion_proof, log_verify


class Command(BaseCommand):
    help = "Verify the tamper-evident audit log, sign a checkpoint, or prove an entry."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("verify", help="recompute the chain, Merkle roots and signatures")
        sub.add_parser("checkpoint", help="sign the Merkle root of the log as it is now")
        sub.add_parser("schedule", help="plan the background task that signs checkpoints regularly")
        prove = sub.add_parser("prove", help="print an inclusion proof for one entry")
        prove.add_argument("entry", type=int, help="the entry's sequence number")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "verify":
            result = log_verify()
            if not result.ok:
                raise CommandError(
                    f"audit log FAILED verification at entry {result.first_bad_seq}: "
                    f"{result.problem}"
                )
            self.stdout.write(
                f"audit log OK: {result.entries} entries, {result.checkpoints} checkpoints"
            )
        elif verb == "schedule":
            planned = audit_checkpoint_plan()
            self.stdout.write(
                "checkpoint task planned" if planned else "checkpoint task already planned"
            )
        elif verb == "checkpoint":
            try:
                checkpoint = checkpoint_create()
            except RuntimeError as exc:
                raise CommandError(str(exc)) from None
            if checkpoint is None:
                self.stdout.write("nothing new to sign")
            else:
                size, root = checkpoint.tree_size, checkpoint.root_hash
                self.stdout.write(f"checkpoint signed: {size} entries, root {root}")
        else:
            try:
                proof = inclusion_proof(options["entry"])
            except LookupError:
                raise CommandError("ENTRY: no entry with this number") from None
            except RuntimeError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(json.dumps(proof, indent=2))
