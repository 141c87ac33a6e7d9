"""Name search over a million children on PostgreSQL: the selector the API's list uses.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kh_names_bench \\
        .venv/bin/python bench/name_search.py [--children 1000000] [--repeat 20]

Creates the database if it is missing, migrates it, and loads the children once (COPY, names
from the tracing engine's generator in Latin, Cyrillic, Arabic and other scripts, with their
search keys and Latin forms made as the services make them). One child in twenty belongs to
the searcher's agency (of 100), in ten teams; seven in ten children have a case. Prints p50
and p95 of one search (count and first page of 25, as `GET /api/v1/children?q=` runs them)
for a caseworker and a supervisor of that agency, and the plan of one search.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

if TYPE_CHECKING:
    from kinhaven.accounts.models import User

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")

QUERIES = (
    "Mohammed al-Husseini", "Noor", "Nur", "Ali Nouri", "Khaled Ahmad", "Khatib",
    "Fatima Karimi", "Yuliia Kovalchuk", "Mohammed", "Hussein", "Abdul Rahman", "Olena",
    "Shevchenko", "Oleksandr Bondarenko", "Mariama Diallo", "Tesfay", "Zahra Ahmadi", "Kov",
    "Moh", "Samira Haddad",
)  # fmt: skip
# A national instance: many agencies; the searcher's (a large city's) holds one child in
# twenty, in ten teams, each with a caseworker; every other agency is one team here.
AGENCIES = 100
TEAMS = 10
OWN_SHARE = 0.05


def _ensure_database(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    # Connect to template1 to create the benchmark's own database once.
    maintenance = url.rsplit("/", 1)[0] + "/template1"
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _load(count: int) -> None:
    from django.db import connection

    from kinhaven.accounts.enums import OrganisationType, RoleCode
    from kinhaven.accounts.models import User
    from kinhaven.accounts.services import (
        agency_create,
        roles_ensure_defaults,
        team_create,
        user_create,
    )
    from kinhaven.children.models import Child
    from kinhaven.children.names import search_keys, to_latin
    from kinhaven.tracing.engine.synth import linkage_scenario

    if Child.objects.count() >= count:
        return
    if User.objects.filter(username="bench-caseworker").exists():
        sys.exit("A partial load is in the database: drop it and run again.")
    roles_ensure_defaults()
    agencies = [
        agency_create(
            name=f"Agency {i}", country="AUT", organisation_type=OrganisationType.SOCIAL_SERVICES
        )
        for i in range(AGENCIES)
    ]
    teams = [
        [team_create(agency=a, name=f"Team {a.pk}-{t}") for t in range(TEAMS if i == 0 else 1)]
        for i, a in enumerate(agencies)
    ]
    users = [
        [
            user_create(
                username="bench-caseworker" if (i, t) == (0, 0) else f"bench-{i}-{t}",
                password=uuid.uuid4().hex,
                role=RoleCode.CASEWORKER,
                agency=agencies[i],
                team=team,
                email=f"bench-{i}-{t}@example.org",
            )
            for t, team in enumerate(teams[i])
        ]
        for i in range(AGENCIES)
    ]
    user_create(
        username="bench-supervisor",
        password=uuid.uuid4().hex,
        role=RoleCode.SUPERVISOR,
        agency=agencies[0],
        team=teams[0][1],
        email="bench-supervisor@example.org",
    )
    t0 = time.perf_counter()
    rows = linkage_scenario(count, 0, seed=2026).registry
    print(f"generated {len(rows):,} names in {time.perf_counter() - t0:.0f} s", flush=True)
    rng = random.Random(2026)  # noqa: S311  # synthetic data, not security
    start = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    t0 = time.perf_counter()
    children: list[str] = []
    cases: list[str] = []
    for n, row in enumerate(rows, start=1):
        agency = 0 if rng.random() < OWN_SHARE else rng.randrange(1, AGENCIES)
        team = rng.randrange(len(teams[agency]))
        user = users[agency][team]
        given, family = row["given_name"], row["family_name"]
        given_latin, family_latin = to_latin(given), to_latin(family)
        keys = search_keys([given, family, given_latin, family_latin])
        # Newer records first, as the list orders them: one registration a minute.
        created = (start - dt.timedelta(minutes=n)).isoformat()
        fields = [
            str(n), str(uuid.UUID(int=rng.getrandbits(128), version=4)), given, family,
            given_latin, family_latin, row["sex"] or "U", keys, str(agencies[agency].pk),
            str(teams[agency][team].pk), str(user.pk), created, created,
        ]  # fmt: skip
        children.append("\t".join(_escape(f) for f in fields))
        if rng.random() < 0.7:
            case_team = rng.randrange(len(teams[agency]))
            assignee = users[agency][case_team]
            cases.append(
                f"{n}\t{uuid.UUID(int=rng.getrandbits(128), version=4)}\t{n}\t"
                f"{agencies[agency].pk}\t{teams[agency][case_team].pk}\t{assignee.pk}\t"
                f"{assignee.pk}\t{created}\t{created}"
            )
    print(f"prepared rows in {time.perf_counter() - t0:.0f} s", flush=True)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        # The search terms' index is built once after the load, as the migration defines it:
        # faster than keeping it up to date row by row.
        cursor.execute("DROP INDEX children_child_terms")
        with raw.copy(
            "COPY children_child (id, public_id, given_name, family_name, given_name_latin,"
            " family_name_latin, sex, search_keys, agency_id, team_id, registered_by_id,"
            " created_at, updated_at, birth_registration, languages, vulnerability_factors,"
            " nationality, place_of_birth, mother_name, father_name, current_location,"
            " health_notes, legal_notes, tracing) FROM STDIN"
        ) as copy:
            for line in children:
                copy.write(line + "\tunknown\t[]\t[]\t\t\t\t\t\t\t\tundecided\n")
        with raw.copy(
            "COPY cases_case (id, public_id, child_id, agency_id, team_id, assigned_to_id,"
            " opened_by_id, created_at, updated_at, status, is_missing, summary) FROM STDIN"
        ) as copy:
            for line in cases:
                copy.write(line + "\tassessment\tf\t\n")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('children_child', 'id'), max(id))"
            " FROM children_child"
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), max(id)) FROM cases_case"
        )
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(
            "CREATE INDEX children_child_terms ON children_child"
            " USING gin (kinhaven_name_terms(search_keys))"
        )
        cursor.execute("ANALYZE children_child")
        cursor.execute("ANALYZE cases_case")
    print(f"loaded in {time.perf_counter() - t0:.0f} s", flush=True)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _search(user: User, query: str) -> int:
    from kinhaven.children.selectors import child_list_for_user
    from kinhaven.core.pagination import page_payload, paginate

    qs = child_list_for_user(user=user, filters={"q": query})
    payload = page_payload(paginate(qs, page=1, page_size=25))
    return int(payload["count"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of the benchmark's own.")
    _ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kinhaven.accounts.models import User
    from kinhaven.children.selectors import child_list_for_user

    call_command("migrate", verbosity=0)
    _load(args.children)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM children_child")
        print(f"{cursor.fetchone()[0]:,} children on PostgreSQL {connection.pg_version}")
    for username in ("bench-caseworker", "bench-supervisor"):
        user = User.objects.get(username=username)
        for query in QUERIES:  # warm the caches once
            _search(user, query)
        times: list[float] = []
        found: dict[str, int] = {}
        for _ in range(args.repeat):
            for query in QUERIES:
                t0 = time.perf_counter()
                found[query] = _search(user, query)
                times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"{username}: {len(times)} searches, p50 {statistics.median(times):.1f} ms, "
            f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
        )
        print("  found: " + ", ".join(f"{q} {n:,}" for q, n in found.items()))
    user = User.objects.get(username="bench-caseworker")
    qs = child_list_for_user(user=user, filters={"q": "Fatima Karimi"})
    print(qs.explain(analyze=True))


if __name__ == "__main__":
    main()
