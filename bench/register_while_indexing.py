"""Registering and reading children while another process builds the tracing index cold.

    createdb -h 127.0.0.1 -U postgres kh_matching_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kh_matching_bench \\
        PYTHONPATH=src .venv/bin/python bench/register_while_indexing.py [--children 100000]

PostgreSQL only. Loads a registry of synthetic children once (`kinhaven.tracing.engine.synth`,
seed 2017: one to three records of each child, in several scripts; kept between runs), then,
through Django's test Client with a real user and API token, times POST /api/v1/children (a new
registration every 0.25 s) and GET /api/v1/children/<id> (an audited read every 0.1 s) from two
threads: first with nothing else running, then while another process registers children with
its indexes cold, as a web process does after it starts: its first registration builds the
duplicate index of the whole registry. Prints p50, p95 and the slowest of each.

The code measured is the code on PYTHONPATH (printed first), so that two versions can be
compared on the same database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")
os.environ.setdefault(
    "KINHAVEN_VAR_DIR", str(Path(tempfile.gettempdir()) / "kinhaven-bench-register")
)

PASSWORD = "bench-horse-battery-staple"  # noqa: S105  # a benchmark account on a throwaway database
USERS = ("bench", "bench_indexer")
# Loaded records are dated well before any run, so that the application's indexes see them
# as the registry, not as records changed since the index was built.
LOADED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def django_setup() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (kh_matching_bench).")
    import django

    django.setup()


def need(condition: bool, problem: str) -> None:
    if not condition:
        raise SystemExit(problem)


def chunks(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def users_ensure() -> None:
    from kinhaven.accounts.enums import OrganisationType, RoleCode
    from kinhaven.accounts.models import Agency, User
    from kinhaven.accounts.otp import demo_secret, totp_device_set
    from kinhaven.accounts.services import (
        agency_create,
        roles_ensure_defaults,
        team_create,
        user_create,
    )

    if User.objects.filter(username=USERS[0]).exists():
        return
    roles_ensure_defaults()
    agency = Agency.objects.filter(name="Bench agency").first() or agency_create(
        name="Bench agency", country="AUT", organisation_type=OrganisationType.SOCIAL_SERVICES
    )
    team = team_create(agency=agency, name="Bench team")
    for username in USERS:
        user = user_create(
            username=username,
            password=PASSWORD,
            role=RoleCode.CASEWORKER,
            agency=agency,
            team=team,
            email=f"{username}@example.org",
        )
        totp_device_set(user=user, secret=demo_secret(username))


def registry_load(n: int) -> None:
    """Bulk-load n synthetic records (with their Latin forms, search keys, aliases and documents)
    unless the registry already holds them."""
    from django.db import transaction

    from kinhaven.accounts.models import User
    from kinhaven.children.models import Child, ChildAlias, IdentityDocument
    from kinhaven.children.names import to_latin
    from kinhaven.children.services import child_search_keys
    from kinhaven.tracing.engine.synth import dedupe_scenario

    loader = User.objects.get(username=USERS[1])
    have = Child.objects.filter(registered_by=loader, created_at=LOADED_AT).count()
    if have >= n:
        print(f"registry: {have:,} loaded records")
        return
    t0 = time.perf_counter()
    records, _truth = dedupe_scenario(n - have, seed=2017 + have)
    for batch in chunks(records, 5000):
        children, aliases, documents = [], [], []
        for r in batch:
            child = Child(
                agency_id=loader.agency_id,
                team_id=loader.team_id,
                registered_by=loader,
                given_name=r["given_name"][:200],
                family_name=r["family_name"][:200],
                sex=r["sex"] if r["sex"] in ("F", "M", "X") else "U",
                nationality=r["nationality"],
                place_of_birth=r["place_of_birth"][:200],
                mother_name=r["mother_name"][:200],
                father_name=r["father_name"][:200],
                languages=[x for x in r["languages"].split(";") if x],
            )
            parts = [int(p) for p in r["date_of_birth"].split("-") if p]
            if parts:
                child.birth_year = parts[0]
                child.birth_month = parts[1] if len(parts) > 1 else None
                child.birth_day = parts[2] if len(parts) > 2 else None
            if r["age"]:
                child.age_estimate_years = int(r["age"])
                child.age_estimated_on = dt.date.fromisoformat(r["recorded_on"])
            child.given_name_latin = to_latin(child.given_name)
            child.family_name_latin = to_latin(child.family_name)
            other = [r["other_names"]] if r["other_names"] else []
            child.search_keys = child_search_keys(child, other)
            children.append((child, other, r["document_number"]))
        with transaction.atomic():
            Child.objects.bulk_create([c for c, _o, _d in children])
            for child, other, number in children:
                aliases += [ChildAlias(child=child, name=a, name_latin=to_latin(a)) for a in other]
                if number:
                    documents.append(
                        IdentityDocument(
                            child=child,
                            document_type="passport",
                            number=number,
                            issuing_country=child.nationality,
                        )
                    )
            ChildAlias.objects.bulk_create(aliases)
            IdentityDocument.objects.bulk_create(documents)
            Child.objects.filter(pk__in=[c.pk for c, _o, _d in children]).update(
                created_at=LOADED_AT, updated_at=LOADED_AT
            )
    print(f"registry: loaded {len(records):,} records in {time.perf_counter() - t0:.0f} s")


def token(client: Any, username: str) -> dict[str, str]:
    from kinhaven.accounts.otp import current_code, demo_secret

    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD, "otp": current_code(demo_secret(username))},
        content_type="application/json",
    )
    need(response.status_code == 200, "no token")
    return {"Authorization": f"Bearer {response.json()['token']}"}


def payloads(n: int, seed: int) -> list[dict[str, Any]]:
    """New registrations as a reception point would send them."""
    from kinhaven.tracing.engine.synth import dedupe_scenario

    records, _truth = dedupe_scenario(n, seed=seed)
    out = []
    for r in records:
        data: dict[str, Any] = {
            k: r[k]
            for k in ("given_name", "family_name", "nationality", "mother_name", "father_name")
            if r[k]
        }
        if r["sex"] in ("F", "M"):
            data["sex"] = r["sex"]
        if r["date_of_birth"]:
            data["date_of_birth"] = r["date_of_birth"]
        out.append(data)
    return out


def indexer(builds: int) -> None:
    """The other process: each registration with indexes cold, as after a start."""
    django_setup()
    from kinhaven.accounts.models import User
    from kinhaven.children.schemas import ChildIn
    from kinhaven.children.services import child_register
    from kinhaven.tracing.index import tracing_indexes_forget

    actor = User.objects.get(username=USERS[1])
    data = payloads(builds, seed=4242)
    print("ready", flush=True)
    for i in range(builds):
        tracing_indexes_forget()
        t0 = time.perf_counter()
        child_register(actor=actor, data=ChildIn.model_validate(data[i]))
        print(f"registration with a cold index: {time.perf_counter() - t0:.1f} s", flush=True)


class Load:
    """Two threads of requests: registrations and reads, each at its own pace."""

    def __init__(self, headers: dict[str, str], child_id: str, data: list[dict[str, Any]]):
        self.headers, self.child_id, self.data = headers, child_id, data
        self.stop = threading.Event()
        self.samples: dict[str, list[tuple[float, float]]] = {"POST": [], "GET": []}
        self.failures = 0
        self.threads = [
            threading.Thread(target=self._run, args=("POST", 0.25)),
            threading.Thread(target=self._run, args=("GET", 0.1)),
        ]

    def _run(self, kind: str, interval: float) -> None:
        from django.db import connection
        from django.test import Client

        client = Client()
        i = 0
        while not self.stop.is_set():
            start = time.perf_counter()
            if kind == "POST":
                body = self.data[i % len(self.data)]
                response = client.post(
                    "/api/v1/children", body, content_type="application/json", headers=self.headers
                )
                ok = response.status_code == 201
            else:
                response = client.get(f"/api/v1/children/{self.child_id}", headers=self.headers)
                ok = response.status_code == 200
            took = time.perf_counter() - start
            if ok:
                self.samples[kind].append((start, took))
            else:
                self.failures += 1
            i += 1
            self.stop.wait(max(0.0, interval - took))
        connection.close()

    def __enter__(self) -> Load:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join()


def summary(label: str, samples: list[tuple[float, float]], since: float, until: float) -> None:
    ms = sorted(took * 1000 for start, took in samples if since <= start <= until)
    if len(ms) < 2:
        print(f"  {label}: too few requests ({len(ms)})")
        return
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[-1]
    print(
        f"  {label}: {len(ms)} requests, p50 {statistics.median(ms):.0f} ms, "
        f"p95 {p95:.0f} ms, slowest {ms[-1]:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--idle-seconds", type=float, default=20)
    parser.add_argument("--builds", type=int, default=3, help="cold registrations, other process")
    parser.add_argument("--indexer", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.indexer:
        indexer(args.indexer)
        return
    django_setup()
    from django.core.management import call_command
    from django.test import Client

    import kinhaven
    from kinhaven.children.models import Child

    print(f"code: {Path(kinhaven.__file__).parent}")
    print("load average at start: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    call_command("migrate", verbosity=0)
    users_ensure()
    registry_load(args.children)
    # What earlier runs registered is dated back too, so that every run starts from the same
    # registry as far as the indexes can tell.
    Child.objects.filter(updated_at__gt=LOADED_AT).update(updated_at=LOADED_AT)
    print(f"registry: {Child.objects.count():,} records in all")

    headers = token(Client(), USERS[0])
    data = payloads(2000, seed=99)
    client = Client()
    t0 = time.perf_counter()
    first = client.post(
        "/api/v1/children", data[-1], content_type="application/json", headers=headers
    )
    need(first.status_code == 201, f"registration refused: {first.status_code}")
    took = time.perf_counter() - t0
    print(f"this process's own first registration (its index cold): {took:.1f} s")
    child_id = first.json()["id"]

    print(f"nothing else running, {args.idle_seconds:.0f} s:")
    with Load(headers, child_id, data) as load:
        start = time.perf_counter()
        time.sleep(args.idle_seconds)
    for kind in ("POST", "GET"):
        summary(kind, load.samples[kind], start, time.perf_counter())

    print(f"while another process registers {args.builds} children, each with its index cold:")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with Load(headers, child_id, data) as load:
        other = subprocess.Popen(  # noqa: S603  # this script, with fixed arguments
            [sys.executable, __file__, "--indexer", str(args.builds)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        need(other.stdout is not None, "no output from the other process")
        lines = iter(other.stdout.readline, "")  # type: ignore[union-attr]  # checked above
        need(next(lines).strip() == "ready", "the other process did not start")
        start = time.perf_counter()
        for line in lines:
            print(f"  other process: {line.strip()}")
        end = time.perf_counter()
        other.wait()
    for kind in ("POST", "GET"):
        summary(kind, load.samples[kind], start, end)
    if load.failures:
        print(f"  failed requests: {load.failures}")
    print("load average at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
