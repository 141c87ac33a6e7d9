"""`kinhaven audit`: verify [--witness PATH], seal, checkpoint, schedule, prove N, witness-start.

`seal` chains the committed entries that are not sealed yet, as each commit and checkpoint do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from kinhaven.audit.services import audit_log_seal
from kinhaven.audit.tasks import audit_checkpoint_plan
from kinhaven.audit.verification import (
    checkpoint_create,
    inclusion_proof,
    log_verify,
    witness_start,
)
from kinhaven.core.commands import KinhavenCommand


class Command(KinhavenCommand):
    help = "Verify the tamper-evident audit log, sign a checkpoint, or prove an entry."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser(
            "verify",
            help="recompute the chain, MACs, Merkle roots and signatures; hold them to the "
            "witness; check the MAC of every entry not sealed yet",
        )
        verify.add_argument(
            "--witness",
            action="append",
            default=[],
            type=Path,
            metavar="PATH",
            help="a further copy of the witness, such as the auditor's (repeatable)",
        )
        sub.add_parser(
            "witness-start",
            help="once, when upgrading: copy the database's checkpoints to an empty witness",
        )
        sub.add_parser("seal", help="seal the committed entries into the chain now")
        sub.add_parser(
            "checkpoint", help="seal the committed entries, then sign the Merkle root of the chain"
        )
        sub.add_parser("schedule", help="plan the background task that signs checkpoints regularly")
        prove = sub.add_parser("prove", help="print an inclusion proof for one entry")
        prove.add_argument("entry", type=int, help="the entry's sequence number")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "verify":
            result = log_verify(witness_copies=options["witness"])
            counts = (
                f"{result.entries} entries, {result.checkpoints} checkpoints "
                f"({result.expected_checkpoints} expected from the witness), "
                f"{result.unsealed} entries awaiting their seal"
            )
            if not result.ok:
                problems = "".join(f"\n  {problem}" for problem in result.problems)
                raise CommandError(f"audit log FAILED verification:{problems}\n  {counts}")
            self.stdout.write(f"audit log OK: {counts}")
        elif verb == "witness-start":
            try:
                count = witness_start()
            except RuntimeError as exc:
                raise CommandError(str(exc)) from None
            if count is None:
                self.stdout.write("the witness already holds checkpoints: nothing written")
            else:
                self.stdout.write(f"witness started with {count} checkpoints")
        elif verb == "seal":
            try:
                sealed = audit_log_seal(wait=True)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"{sealed} entries sealed")
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
