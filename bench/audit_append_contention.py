"""Benchmark: audited reads of a child's record by concurrent clients on PostgreSQL.

Usage:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/kh_audit_bench \
      .venv/bin/python bench/audit_append_contention.py [CLIENTS] [SECONDS] [http|lookup|record]
  (default 8 clients, 20 s, http)

Needs an empty PostgreSQL database, made afresh before each run. Migrates it, creates one agency,
a team of CLIENTS caseworkers and 100 children, and gives each caseworker an API token. Then
CLIENTS processes, each with its own persistent database connection, read children as fast as
they can; every read is audited and writes one audit entry. `http`: GET /api/v1/children/<id>
through Django's test client, the whole request. `lookup`: access_child_by_id, the audited read
path alone (scoped query, audit entry, commit, and whatever follows the commit). `record`: the
audit entry of a read alone, audit_record in a transaction of its own, so that the cost of
appending to the log is all that is measured. After a 3 s warm-up, reads are counted for
SECONDS. Prints reads/s and p50/p95 latency, then checks that every read left its entry and
that the log verifies after a checkpoint.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any

CLIENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 8
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
MODE = sys.argv[3] if len(sys.argv) > 3 else "http"
WARMUP = 3.0
CHILDREN = 100
PASSWORD = "bench-password-not-secret"  # noqa: S105  # a throwaway benchmark database


def _django_setup(workdir: str) -> None:
    os.environ["KINHAVEN_VAR_DIR"] = workdir
    # Each process keeps one connection, as a production server does.
    os.environ["KINHAVEN_DB_CONN_MAX_AGE"] = "600"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")
    import django

    django.setup()


def _prepare(workdir: str) -> tuple[list[str], list[str]]:
    """Build the database; return one bearer token per client and the children's ids."""
    from django.core.management import call_command
    from django.test import Client

    from kinhaven.accounts.enums import OrganisationType, RoleCode
    from kinhaven.accounts.otp import current_code, demo_secret, totp_device_set
    from kinhaven.accounts.services import (
        agency_create,
        roles_ensure_defaults,
        team_create,
        user_create,
    )
    from kinhaven.children.schemas import ChildIn
    from kinhaven.children.services import child_register

    call_command("migrate", verbosity=0)
    roles_ensure_defaults()
    agency = agency_create(
        name="Bench Agency", country="AUT", organisation_type=OrganisationType.SOCIAL_SERVICES
    )
    team = team_create(agency=agency, name="Bench Team")
    tokens: list[str] = []
    users = []
    for n in range(CLIENTS):
        username = f"bench{n}"
        user = user_create(
            username=username,
            password=PASSWORD,
            role=RoleCode.CASEWORKER,
            agency=agency,
            team=team,
            email=f"{username}@example.org",
        )
        totp_device_set(user=user, secret=demo_secret(username))
        users.append(user)
        response = Client().post(
            "/api/v1/auth/token",
            {
                "username": username,
                "password": PASSWORD,
                "otp": current_code(demo_secret(username)),
            },
            content_type="application/json",
        )
        assert response.status_code == 200, response.content  # noqa: S101  # set-up must work
        tokens.append(response.json()["token"])
    children = [
        str(
            child_register(actor=users[i % CLIENTS], data=ChildIn(given_name=f"Bench{i}")).public_id
        )
        for i in range(CHILDREN)
    ]
    return tokens, children


def _reader(token: str) -> Callable[[str], None]:
    """Return a function that reads one child as the token's caseworker, audited."""
    if MODE in ("lookup", "record"):
        from django.db import transaction

        from kinhaven.accounts.services import api_token_user
        from kinhaven.audit.services import audit_record
        from kinhaven.children.access import access_child_by_id

        user = api_token_user(token)
        assert user is not None  # noqa: S101  # set-up made the token

        def lookup(child: str) -> None:
            access_child_by_id(user, child)

        def record(child: str) -> None:
            with transaction.atomic():
                audit_record(
                    actor=user, action="child.read", object_type="child", object_id=uuid.UUID(child)
                )

        return lookup if MODE == "lookup" else record
    from django.test import Client

    client = Client()
    headers = {"Authorization": f"Bearer {token}"}

    def get(child: str) -> None:
        response = client.get(f"/api/v1/children/{child}", headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"unexpected status {response.status_code}")

    return get


def _client(workdir: str, token: str, children: list[str], ready: Any, results: Any) -> None:
    _django_setup(workdir)
    read = _reader(token)
    ready.wait(timeout=300)  # every client has set Django up; perf_counter is one clock in each
    start_at = time.perf_counter() + WARMUP
    end_at = start_at + SECONDS
    latencies: list[float] = []
    done = 0
    i = os.getpid()
    while True:
        child = children[i % len(children)]
        i += 7
        began = time.perf_counter()
        if began >= end_at:
            break
        read(child)
        took = time.perf_counter() - began
        done += 1
        if began >= start_at:
            latencies.append(took)
    results.put((done, latencies))


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to an empty PostgreSQL database")
    if MODE not in ("http", "lookup", "record"):
        raise SystemExit("the mode is http, lookup or record")
    workdir = tempfile.mkdtemp(prefix="kinhaven-bench-")
    _django_setup(workdir)
    from django.db import connection

    from kinhaven.audit.models import AuditEntry
    from kinhaven.audit.verification import checkpoint_create, log_verify

    tokens, children = _prepare(workdir)
    before = AuditEntry.objects.count()
    connection.close()

    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    ready = spawn.Barrier(len(tokens))
    processes = [
        spawn.Process(target=_client, args=(workdir, token, children, ready, results))
        for token in tokens
    ]
    for process in processes:
        process.start()
    outcomes = []
    while len(outcomes) < len(processes):
        try:
            outcomes.append(results.get(timeout=5))
        except queue.Empty:
            if any(p.exitcode not in (None, 0) for p in processes):
                for process in processes:
                    process.kill()
                raise SystemExit("a client failed") from None
    for process in processes:
        process.join()

    latencies = sorted(t for _, lat in outcomes for t in lat)
    requests = sum(done for done, _ in outcomes)
    entries = AuditEntry.objects.count() - before
    unsealed = (
        AuditEntry.objects.filter(seq__isnull=True).count()
        if AuditEntry._meta.get_field("seq").null
        else 0
    )
    checkpoint = checkpoint_create()
    result = log_verify()
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(len(latencies) * 0.95)] * 1000
    print(f"clients:              {CLIENTS} ({MODE})")
    print(f"measured:             {SECONDS:.0f} s after a {WARMUP:.0f} s warm-up")
    print(f"audited reads:        {len(latencies):,} ({len(latencies) / SECONDS:,.0f} reads/s)")
    print(f"latency p50 / p95:    {p50:.1f} / {p95:.1f} ms")
    print(f"audit entries:        {entries:,} for {requests:,} requests (warm-up included)")
    print(f"unsealed after run:   {unsealed:,}")
    print(f"checkpoint:           {checkpoint.tree_size if checkpoint else 0:,} entries")
    print(f"verify:               {'OK' if result.ok else result.problem}")
    if entries != requests or not result.ok:
        raise SystemExit("FAILED: an audited read left no entry, or the log does not verify")


if __name__ == "__main__":
    main()
