"""Benchmark: `kinhaven audit verify` over a large log. Prints its figures.

Usage: .venv/bin/python bench/audit_verify.py [ENTRIES]   (default 1,000,000)
Builds a fresh SQLite database in a temporary folder, appends ENTRIES sealed entries in bulk
(the same content MAC as audit_record, the same hashing and MAC as the sealer), signs a
checkpoint, then times a full verification.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import sys
import tempfile
import time
import uuid

ENTRIES = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="kinhaven-bench-")
    os.environ["KINHAVEN_VAR_DIR"] = workdir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from kinhaven.audit import chain, signing
    from kinhaven.audit.models import AuditEntry
    from kinhaven.audit.services import entry_content
    from kinhaven.audit.verification import checkpoint_create, log_verify

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    prev = chain.GENESIS
    mac_key = signing.mac_key()
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    agency = uuid.uuid4()
    batch: list[AuditEntry] = []
    with transaction.atomic():
        for seq in range(1, ENTRIES + 1):
            entry = AuditEntry(
                seq=seq,
                uid=uuid.uuid4(),
                occurred_at=base + dt.timedelta(seconds=seq),
                actor_id=None,
                actor_role="caseworker",
                actor_agency=agency,
                action="child.read",
                purpose="",
                object_type="child",
                object_id=uuid.uuid4(),
                object_ids=[],
                outcome="allowed",
                request_id=uuid.uuid4().hex,
                detail={},
                prev_hash=prev,
            )
            content = chain.content_bytes(entry_content(entry))
            entry.content_mac = chain.content_mac(mac_key, content)
            entry.entry_hash = prev = chain.sealed_hash(content, seq, prev)
            entry.entry_mac = chain.entry_mac(mac_key, prev)
            batch.append(entry)
            if len(batch) == 20_000:
                AuditEntry.objects.bulk_create(batch)
                batch = []
        AuditEntry.objects.bulk_create(batch)
    built = time.perf_counter() - start

    start = time.perf_counter()
    checkpoint_create()
    signed = time.perf_counter() - start

    start = time.perf_counter()
    result = log_verify()
    verified = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"verification failed: {result.problem}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"entries:               {ENTRIES:,}")
    print(f"build log (bulk):      {built:.1f} s")
    print(f"checkpoint (verify+sign): {signed:.1f} s")
    print(f"verify:                {verified:.1f} s  ({ENTRIES / verified:,.0f} entries/s)")
    print(f"peak memory:           {peak_mb:.0f} MB")
    print("target: verify 1,000,000 entries in under 60 s")


if __name__ == "__main__":
    main()
