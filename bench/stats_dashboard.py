"""The national statistics dashboard over a large synthetic caseload: data set, cells, page time.

    PYTHONPATH=src .venv/bin/python bench/stats_dashboard.py [--cases 1000000] [--seed 1]
        [--runs 5] [--reuse] [--explain]

With `DATABASE_URL` naming PostgreSQL it writes into that database (migrated here; the children,
cases, facts and cells tables are emptied first); without it, into a fresh SQLite database in a
temporary folder. Prints the generation time, `facts.cells_rebuild()`'s time and peak memory, the
time of the national dashboard's queries (every figure of `figures.DASHBOARD`, `durations`, and the
months and regions the page offers) unfiltered, over 12 months, for one region over 12 months and
for one agency, and the time of `facts.facts_refresh` for one case. `--reuse` keeps the data of an
earlier run and measures only.

The data set: 30 agencies in the 9 Austrian states (AT-1 .. AT-9, Vienna the largest), one child
and one case per record, opened over the 36 months from December 2023 to November 2026 (10% more
cases a year), and the facts of each case written as the task worker would have computed them. The
distributions are illustrative, chosen to look like the published shape of child-trafficking
caseloads (more girls, mostly adolescents, sexual exploitation and forced labour most common): they
are not real figures of any country.

- agency: region share 26% AT-9, 17% AT-3, 15% AT-4, 13% AT-6, 8% AT-7, 7% AT-5, 6% AT-2, 5% AT-8,
  3% AT-1; within a region, agency weights 1, 1/2, 1/3, ...
- status: closed with probability 10% for this month's cases rising to 70% for the oldest; the
  open ones reported 8%, assessment 17%, possible victim 20%, at risk 25%, in care 30%.
- sex: F 60%, M 38%, X 0.5%, U 1.5%. Age: 0-5 4%, 6-11 10%, 12-14 28%, 15-17 51%, 18+ 3%,
  unknown 4%; 70% from a year of birth, the rest from an age estimate on the day the case opened.
- nationality: 60 ISO 3166-1 alpha-3 codes, Zipf weights 1/rank^1.1 (AUT, ROU, BGR, HUN, AFG ...);
  3% unknown.
- channel: frontline 35%, hotline 25%, partner 20%, public 10%, case opened without a report 10%
  (no report: no exploitation recorded, no days from report to case).
- exploitation (from the report): one form, a second with probability 25%; sexual exploitation 38%,
  forced labour 22%, forced begging 10%, child labour 8%, servitude 6%, forced marriage 5%, other
  4%, the rest 1% or less each; 8% of reports none recorded.
- identification: no decision 45%, possible victim 30%, victim 15%, not a victim 10%.
- days: report to case lognormal (median about 1 day); to a guardian for 65% of the children
  (median about 10 days); to an identification decision where there is one (median about 45).
- referrals: 0-4 per case (25/30/25/12/8%), by service (shelter, psychosocial and health most
  often) and status. Placements: none 55%, one 35%, two 10% (residential 55%, foster 25%, kinship
  12%, independent living 8%).
- deadlines {code: [met, missed]}: triage (20% urgent) and case opening for a report, guardian
  appointment, reflection period for possible and actual victims, 0-4 case reviews, one answer per
  referral, age assessment 8% (appeal 1%), permit renewal 10%, best-interests assessment 40% and
  review 15%, police informed and national alert per missing episode, return interview per child
  found, exchange answer 3%; each met with a probability of 60-95% by kind.
- missing: 5% of cases, 1-3 episodes (70/20/10%), a quarter of them missing now; return interviews
  after 70% of the returns. Family tracing: no request or match 85%, candidate 7%, confirmed 5%,
  reunified 3%. Record keys uniform in [0, 2**31).

The child records carry the sex, nationality and age the facts count; the rest of a case's history
(reports, decisions, deadlines ...) is not written, so a refresh of a generated case recomputes
facts from the real tables and moves its cells accordingly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

FIRST_MONTH = dt.date(2023, 12, 1)
MONTHS = 36
CHUNK = 50_000
REGIONS: tuple[tuple[str, float, int], ...] = (
    # ISO 3166-2 code, share of cases, agencies
    ("AT-9", 0.26, 7),
    ("AT-3", 0.17, 4),
    ("AT-4", 0.15, 4),
    ("AT-6", 0.13, 4),
    ("AT-7", 0.08, 3),
    ("AT-5", 0.07, 3),
    ("AT-2", 0.06, 2),
    ("AT-8", 0.05, 2),
    ("AT-1", 0.03, 1),
)
NATIONALITIES = (
    "AUT ROU BGR HUN AFG SYR NGA SRB SVK UKR MAR DZA SOM ERI IRQ PAK BGD IND CHN VNM "
    "MDA ALB BIH MKD MNE CZE POL HRV SVN DEU ITA TUR GEO ARM AZE RUS BLR TUN LBY EGY "
    "SDN ETH GMB GIN CIV GHA CMR COD SEN MLI IRN LKA NPL PHL THA BRA COL DOM VEN UZB"
).split()
STATUSES_OPEN = (
    ("reported", 0.08),
    ("assessment", 0.17),
    ("possible_victim", 0.20),
    ("at_risk", 0.25),
    ("in_care", 0.30),
)
SEXES = (("F", 0.60), ("M", 0.38), ("X", 0.005), ("U", 0.015))
AGES = (  # group, share, youngest, oldest
    ("0-5", 0.04, 0, 5),
    ("6-11", 0.10, 6, 11),
    ("12-14", 0.28, 12, 14),
    ("15-17", 0.51, 15, 17),
    ("18+", 0.03, 18, 19),
    ("unknown", 0.04, -1, -1),
)
CHANNELS = (
    ("frontline", 0.35),
    ("hotline", 0.25),
    ("partner", 0.20),
    ("public", 0.10),
    ("direct", 0.10),
)
EXPLOITATION = (
    ("SexualExploitation", 0.38),
    ("ForcedLabour", 0.22),
    ("ForcedBegging", 0.10),
    ("ChildLabour", 0.08),
    ("Servitude", 0.06),
    ("ForcedMarriage", 0.05),
    ("Other", 0.04),
    ("ForcedMilitaryByNonStateActors", 0.01),
    ("ForcedAdoption", 0.01),
    ("OrganRemoval", 0.005),
    ("Surrogacy", 0.005),
)
IDENTIFICATION = (
    ("", 0.45),
    ("PossibleVictimOfTrafficking", 0.30),
    ("ActualVictimOfTrafficking", 0.15),
    ("NotAVictimOfTrafficking", 0.10),
)
SERVICES = (
    ("shelter", 0.24),
    ("psychosocial", 0.20),
    ("health", 0.16),
    ("legal_aid", 0.12),
    ("interpretation", 0.09),
    ("education", 0.08),
    ("cultural_mediation", 0.06),
    ("asylum", 0.05),
)
REFERRAL_STATUSES = (
    ("completed", 0.35),
    ("in_progress", 0.20),
    ("accepted", 0.15),
    ("pending", 0.12),
    ("declined", 0.12),
    ("revoked", 0.06),
)
PLACEMENTS = (("residential", 0.55), ("foster", 0.25), ("kinship", 0.12), ("independent", 0.08))
TRACING = (("no_request", 0.85), ("candidate", 0.07), ("confirmed", 0.05), ("reunified", 0.03))
# Probability that a deadline of this kind was met on time.
MET = {
    "report_triage_urgent": 0.9,
    "report_triage": 0.9,
    "case_open": 0.85,
    "guardian_appointment": 0.7,
    "reflection_period": 0.95,
    "case_review": 0.8,
    "referral_response_urgent": 0.65,
    "referral_response": 0.75,
    "age_assessment": 0.6,
    "age_assessment_appeal": 0.6,
    "permit_renewal": 0.8,
    "best_interests_assessment": 0.75,
    "best_interests_review": 0.7,
    "missing_police_informed_urgent": 0.9,
    "missing_police_informed": 0.85,
    "missing_national_alert": 0.8,
    "missing_return_interview": 0.65,
    "exchange_answer": 0.6,
}

CHILD_COLUMNS = (
    "id public_id created_at updated_at given_name family_name given_name_latin "
    "family_name_latin sex birth_year birth_month birth_day age_estimate_years age_estimated_on "
    "nationality languages place_of_birth birth_registration mother_name father_name "
    "vulnerability_factors search_keys agency_id registered_by_id current_location health_notes "
    "legal_notes tracing"
).split()
CASE_COLUMNS = (
    "id public_id created_at updated_at status is_missing missing_since summary agency_id "
    "child_id opened_by_id"
).split()
FACT_COLUMNS = (
    "case_id record_key month region agency_id status trafficking_status age_group age_years sex "
    "nationality channel exploitation days_to_case days_to_guardian days_to_identification "
    "deadlines missing_episodes missing_found missing_now return_interviews placements referrals "
    "tracing refreshed_at"
).split()


def peak_reset() -> None:
    """Start the resident high-water mark (VmHWM) again from the present size (Linux)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pick(
    rng: np.random.Generator, table: Sequence[tuple[Any, ...]], n: int, place: int = 1
) -> np.ndarray:
    """n indexes into `table`, drawn with the weights in each entry's `place`."""
    weights = np.array([row[place] for row in table], dtype=float)
    return rng.choice(len(table), size=n, p=weights / weights.sum())


def lognormal_days(rng: np.random.Generator, n: int, median: float, sigma: float) -> np.ndarray:
    return np.minimum(rng.lognormal(np.log(median + 1), sigma, n) - 1, 900).astype(int).clip(0)


def agencies_create(user_model: Any) -> tuple[list[tuple[int, str, float]], int]:
    """The agencies (id, region, share of cases) and the user who registers everything."""
    from kinhaven.accounts.models import Agency

    agencies = []
    for region, share, count in REGIONS:
        weights = [1 / (i + 1) for i in range(count)]
        for i, weight in enumerate(weights):
            agency, _created = Agency.objects.get_or_create(
                name=f"Child protection {region} {i + 1}",
                defaults={
                    "country": "AUT",
                    "region": region,
                    "organisation_type": "SocialServices" if i % 3 else "Government",
                },
            )
            agencies.append((agency.pk, region, share * weight / sum(weights)))
    user, _created = user_model.objects.get_or_create(
        username="bench-stats", defaults={"agency_id": agencies[0][0]}
    )
    return agencies, user.pk


def weighted(rnd: random.Random, table: Sequence[tuple[str, float]]) -> str:
    return rnd.choices([v for v, _w in table], weights=[w for _v, w in table])[0]


def chunk_rows(
    rng: np.random.Generator,
    rnd: random.Random,
    *,
    first_id: int,
    n: int,
    agencies: list[tuple[int, str, float]],
    user_id: int,
    now: str,
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The rows of `n` children, their cases and the cases' facts."""
    ids = np.arange(first_id, first_id + n)
    # Opened: more cases each year; a second drawn uniformly within the month.
    month_weights = 1.1 ** (np.arange(MONTHS) / 12)
    month = rng.choice(MONTHS, size=n, p=month_weights / month_weights.sum())
    starts = np.datetime64(FIRST_MONTH.strftime("%Y-%m"), "M") + month
    ends = starts + 1
    span = (ends.astype("datetime64[s]") - starts.astype("datetime64[s]")).astype(int)
    opened = starts.astype("datetime64[s]") + (rng.random(n) * span).astype(int)
    opened_text = np.char.replace(np.datetime_as_string(opened, unit="s"), "T", " ")
    month_text = np.datetime_as_string(starts.astype("datetime64[D]"), unit="D")
    years = starts.astype("datetime64[Y]").astype(int) + 1970
    month_no = starts.astype(int) % 12 + 1
    day_no = (opened.astype("datetime64[D]") - starts.astype("datetime64[D]")).astype(int) + 1
    opened_date = np.datetime_as_string(opened.astype("datetime64[D]"), unit="D")

    agency_index = pick(rng, agencies, n, place=2)
    age_old = (MONTHS - 1 - month) / (MONTHS - 1)
    closed = rng.random(n) < 0.1 + 0.6 * age_old
    status_index = pick(rng, STATUSES_OPEN, n)
    sex_index = pick(rng, SEXES, n)
    age_index = pick(rng, AGES, n)
    lows = np.array([a[2] for a in AGES])[age_index]
    highs = np.array([a[3] for a in AGES])[age_index]
    age_target = lows + (rng.random(n) * (highs - lows + 1)).astype(int)
    from_birth_year = rng.random(n) < 0.7
    nat_weights = 1 / np.arange(1, len(NATIONALITIES) + 1) ** 1.1
    nationality = rng.choice(len(NATIONALITIES), size=n, p=nat_weights / nat_weights.sum())
    nationality_unknown = rng.random(n) < 0.03
    channel_index = pick(rng, CHANNELS, n)
    ident_index = pick(rng, IDENTIFICATION, n)
    tracing_index = pick(rng, TRACING, n)
    days_case = lognormal_days(rng, n, 1, 1.2)
    days_guardian = lognormal_days(rng, n, 10, 1.0)
    has_guardian = rng.random(n) < 0.65
    days_ident = lognormal_days(rng, n, 45, 0.8)
    record_key = rng.integers(0, 2**31, n)
    uuids = rng.bytes(32 * n).hex()

    children, cases, facts = [], [], []
    for i in range(n):
        pk = int(ids[i])
        agency_id, region, _share = agencies[agency_index[i]]
        created = str(opened_text[i])
        sex = SEXES[sex_index[i]][0]
        nat = "" if nationality_unknown[i] else NATIONALITIES[nationality[i]]
        # The age the facts count, as facts._age_at computes it.
        birth_year = estimate = estimated_on = None
        age: int | None = None
        if AGES[age_index[i]][0] != "unknown":
            if from_birth_year[i]:
                before_july = (int(month_no[i]), int(day_no[i])) < (7, 1)
                birth_year = int(years[i]) - int(age_target[i]) - before_july
                age = int(years[i]) - birth_year - before_july
            else:
                estimate = age = int(age_target[i])
                estimated_on = str(opened_date[i])
        group = "unknown"
        if age is not None:
            group = next(g for g, _w, lo, hi in AGES if lo <= age <= hi)
        status = "closed" if closed[i] else STATUSES_OPEN[status_index[i]][0]
        channel = CHANNELS[channel_index[i]][0]
        report = channel != "direct"
        ident = IDENTIFICATION[ident_index[i]][0]

        forms: list[str] = []
        if report and rnd.random() >= 0.08:
            forms.append(weighted(rnd, EXPLOITATION))
            if rnd.random() < 0.25:
                second = weighted(rnd, EXPLOITATION)
                if second != forms[0]:
                    forms.append(second)
        referrals = [
            [weighted(rnd, SERVICES), weighted(rnd, REFERRAL_STATUSES)]
            for _r in range(rnd.choices((0, 1, 2, 3, 4), weights=(25, 30, 25, 12, 8))[0])
        ]
        places = sorted(
            weighted(rnd, PLACEMENTS)
            for _p in range(rnd.choices((0, 1, 2), weights=(55, 35, 10))[0])
        )
        episodes = found = interviews = 0
        missing_now = False
        if rnd.random() < 0.05:
            episodes = rnd.choices((1, 2, 3), weights=(70, 20, 10))[0]
            missing_now = rnd.random() < 0.25
            found = episodes - missing_now
            interviews = sum(rnd.random() < 0.7 for _e in range(found))
        counts: dict[str, list[int]] = {}

        def deadline(code: str, times: int = 1, counts: dict[str, list[int]] = counts) -> None:
            for _t in range(times):
                entry = counts.setdefault(code, [0, 0])
                entry[0 if rnd.random() < MET[code] else 1] += 1

        if report:
            deadline("report_triage_urgent" if rnd.random() < 0.2 else "report_triage")
            deadline("case_open")
        if has_guardian[i]:
            deadline("guardian_appointment")
        if ident in {"PossibleVictimOfTrafficking", "ActualVictimOfTrafficking"}:
            deadline("reflection_period")
        deadline("case_review", rnd.randint(0, 4))
        for _r in referrals:
            deadline("referral_response_urgent" if rnd.random() < 0.2 else "referral_response")
        if rnd.random() < 0.08:
            deadline("age_assessment")
            if rnd.random() < 0.12:
                deadline("age_assessment_appeal")
        for code, p in (
            ("permit_renewal", 0.10),
            ("best_interests_assessment", 0.40),
            ("best_interests_review", 0.15),
            ("exchange_answer", 0.03),
        ):
            if rnd.random() < p:
                deadline(code)
        for _e in range(episodes):
            urgent = rnd.random() < 0.3
            deadline("missing_police_informed_urgent" if urgent else "missing_police_informed")
            if rnd.random() < 0.5:
                deadline("missing_national_alert")
        deadline("missing_return_interview", found)

        public_child = uuids[64 * i : 64 * i + 32]
        public_case = uuids[64 * i + 32 : 64 * i + 64]
        children.append(
            (
                pk,
                public_child,
                created,
                created,
                "",
                "",
                "",
                "",
                sex,
                birth_year,
                None,
                None,
                estimate,
                estimated_on,
                nat,
                "[]",
                "",
                "unknown",
                "",
                "",
                "[]",
                "",
                agency_id,
                user_id,
                "",
                "",
                "",
                "undecided",
            )
        )
        cases.append(
            (
                pk,
                public_case,
                created,
                created,
                status,
                missing_now,
                created if missing_now else None,
                "",
                agency_id,
                pk,
                user_id,
            )
        )
        facts.append(
            (
                pk,
                int(record_key[i]),
                str(month_text[i]),
                region,
                agency_id,
                status,
                ident,
                group,
                age,
                sex,
                nat,
                channel,
                json.dumps(sorted(forms)),
                int(days_case[i]) if report else None,
                int(days_guardian[i]) if has_guardian[i] else None,
                int(days_ident[i]) if ident else None,
                json.dumps(counts),
                episodes,
                found,
                missing_now,
                interviews,
                json.dumps(places),
                json.dumps(referrals),
                TRACING[tracing_index[i]][0],
                now,
            )
        )
    return children, cases, facts


def rows_write(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The table and column names are this module's constants.
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608  # nosec B608
                rows,
            )


def generate(cases: int, seed: int) -> float:
    """Empty the tables and write `cases` children, cases and facts. Returns the time it took."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from kinhaven.stats.models import CaseFact, StatCell

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "TRUNCATE stats_statcell, stats_casefact, cases_case, children_child "
                "RESTART IDENTITY CASCADE"
            )
        else:
            StatCell.objects.all().delete()
            CaseFact.objects.all().delete()
            cursor.execute("DELETE FROM cases_case")
            cursor.execute("DELETE FROM children_child")
    agencies, user_id = agencies_create(get_user_model())
    rng = np.random.default_rng(seed)
    rnd = random.Random(seed)  # noqa: S311  # made-up data, not a secret
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    if connection.vendor == "postgresql":
        now += "+00"
    for first in range(1, cases + 1, CHUNK):
        n = min(CHUNK, cases - first + 1)
        children, case_rows, facts = chunk_rows(
            rng, rnd, first_id=first, n=n, agencies=agencies, user_id=user_id, now=now
        )
        with transaction.atomic():
            rows_write("children_child", CHILD_COLUMNS, children)
            rows_write("cases_case", CASE_COLUMNS, case_rows)
            rows_write("stats_casefact", FACT_COLUMNS, facts)
        took = time.perf_counter() - started
        print(f"  {first + n - 1:,} cases written, {took:.0f} s", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("children_child", "cases_case"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  # nosec B608
                    f"(SELECT max(id) FROM {table}))"
                )
            cursor.execute("ANALYZE children_child, cases_case, stats_casefact")
    return time.perf_counter() - started


def cells_build() -> tuple[float, float, int]:
    """`facts.cells_rebuild()`: its time, peak resident memory and the number of cells."""
    from django.db import connection

    from kinhaven.stats.facts import cells_rebuild

    peak_reset()
    before = peak_mb()
    started = time.perf_counter()
    cells = cells_rebuild()
    took = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE stats_statcell")
    print(f"  resident before {before:.0f} MiB")
    return took, peak_mb(), cells


def page(filters: Any) -> tuple[float, dict[str, float]]:
    """What the national dashboard page queries, in its order; the time of each figure."""
    from kinhaven.stats.figures import DASHBOARD, compliance, durations, figure_build
    from kinhaven.stats.queries import NATIONAL, months_available, regions_available

    times: dict[str, float] = {}
    started = time.perf_counter()
    mark = started
    months_available()
    regions_available()
    times["months and regions"] = (now := time.perf_counter()) - mark
    for code, _kind in DASHBOARD:
        mark = now
        figure = figure_build(code, scope=NATIONAL, filters=filters)
        if code == "deadline":
            compliance(figure)
        times[code] = (now := time.perf_counter()) - mark
    durations(scope=NATIONAL, filters=filters)
    end = time.perf_counter()
    times["durations"] = end - now
    return end - started, times


def analyst_client() -> Any:
    """A browser session of an analyst, past the second factor, for the whole page."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY  # type: ignore[import-untyped]

    from kinhaven.accounts.enums import RoleCode
    from kinhaven.accounts.models import Agency, User
    from kinhaven.accounts.otp import totp_device_set
    from kinhaven.accounts.services import roles_ensure_defaults, user_create

    roles_ensure_defaults()
    user = User.objects.filter(username="bench-analyst").first()
    if user is None:
        user = user_create(
            username="bench-analyst",
            password=secrets.token_urlsafe(16),
            role=RoleCode.ANALYST,
            agency=Agency.objects.order_by("pk").first(),
            team=None,
            email="bench-analyst@example.org",
        )
    device = totp_device_set(user=user, secret=secrets.token_bytes(20))
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def page_http(client: Any, filters: Any) -> float:
    """The whole page as the analyst's browser gets it: queries, disclosure control, chart
    specifications, the template and the audit entry."""
    started = time.perf_counter()
    response = client.get("/stats/", filters.as_params())
    took = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"the dashboard answered {response.status_code}")
    return took


def month_add(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def scenarios(agency_id: int, region: str) -> list[tuple[str, Any]]:
    from kinhaven.accounts.models import Agency
    from kinhaven.stats.queries import Filters

    last = month_add(FIRST_MONTH, MONTHS - 1)
    first = month_add(last, -11)
    agency = Agency.objects.get(pk=agency_id)
    return [
        ("all cases", Filters()),
        (f"{first:%Y-%m}..{last:%Y-%m}", Filters(month_from=first, month_to=last)),
        (f"{region}, 12 months", Filters(month_from=first, month_to=last, region=region)),
        (
            f"agency {agency.name}",
            Filters(agency_id=agency_id, agency=agency.public_id),
        ),
    ]


def explain(code: str, filters: Any) -> None:
    """The plan of the cell query behind a figure."""
    from django.db import connection
    from django.db.models import Sum

    from kinhaven.stats.queries import NATIONAL, _cells

    dimensions = {
        "cases_by_month": ["cases"],
        "durations": ["days_to_case", "days_to_guardian", "days_to_identification"],
    }.get(code, [code])
    if code == "months and regions":
        dimensions = ["cases"]
    for dimension in dimensions:
        fields = ["month", "value"] if code == "cases_by_month" else ["value"]
        query = (
            _cells(NATIONAL, filters, dimension)
            .values(*fields)
            .annotate(total=Sum("n"), keys=Sum("key_sum"))
        )
        options = {"analyze": True, "buffers": True} if connection.vendor == "postgresql" else {}
        print(f"  EXPLAIN {dimension}:")
        for line in query.explain(**options).splitlines():
            print(f"    {line}")


def measure(runs: int, *, force_explain: bool) -> None:
    from django.db.models import Count

    from kinhaven.stats.models import CaseFact, StatCell

    by_agency = (
        CaseFact.objects.values("agency_id", "region").annotate(n=Count("pk")).order_by("-n")
    )
    largest = by_agency.first()
    by_region = CaseFact.objects.values("region").annotate(n=Count("pk")).order_by("-n").first()
    if largest is None or by_region is None:
        raise SystemExit("no facts to measure")
    print(f"cells: {StatCell.objects.count():,}")
    overall_worst = 0.0
    worst: tuple[float, str, Any] = (0.0, "", None)
    client = analyst_client()
    for name, filters in scenarios(largest["agency_id"], by_region["region"]):
        page_http(client, filters)  # warm-up
        pages = [page_http(client, filters) for _run in range(runs)]
        print(
            f"whole page /stats/, {name}: median {statistics.median(pages) * 1000:.0f} ms, "
            f"max {max(pages) * 1000:.0f} ms"
        )
        page(filters)  # warm-up
        totals, per_figure = [], {}
        for _run in range(runs):
            total, times = page(filters)
            totals.append(total)
            for code, took in times.items():
                per_figure.setdefault(code, []).append(took)
        slowest = max(per_figure, key=lambda c: statistics.median(per_figure[c]))
        slow_median = statistics.median(per_figure[slowest])
        print(
            f"dashboard, {name}: median {statistics.median(totals) * 1000:.0f} ms, "
            f"max {max(totals) * 1000:.0f} ms; slowest figure {slowest} "
            f"{slow_median * 1000:.0f} ms (median)"
        )
        overall_worst = max(overall_worst, max(totals))
        if slow_median > worst[0]:
            worst = (slow_median, slowest, filters)
    if force_explain or overall_worst > 1.0:
        print(f"slowest figure overall: {worst[1]} ({worst[0] * 1000:.0f} ms)")
        explain(worst[1], worst[2])


def refresh(case_ids: list[int], runs: int) -> None:
    """`facts.facts_refresh` for one case at a time, as the task worker runs it after an event:
    each case once (its facts change, since the generated history is not in the tables, and its
    cells move), then the first case again `runs` times (nothing changes)."""
    from kinhaven.stats.facts import facts_refresh

    moved, same = [], []
    for case_id in case_ids:
        started = time.perf_counter()
        changed = facts_refresh([case_id])
        moved.append((time.perf_counter() - started, changed))
    for _run in range(runs):
        started = time.perf_counter()
        changed = facts_refresh([case_ids[0]])
        same.append((time.perf_counter() - started, changed))
    print(
        f"facts_refresh of one case, {len(moved)} cases whose cells move: median "
        f"{statistics.median(t for t, _c in moved) * 1000:.0f} ms, max "
        f"{max(t for t, _c in moved) * 1000:.0f} ms (changed {sum(c for _t, c in moved)}); "
        f"unchanged, {len(same)} runs: median {statistics.median(t for t, _c in same) * 1000:.0f} "
        f"ms (changed {sum(c for _t, c in same)})"
    )


def timed(label: str, action: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = action()
    print(f"{label}: {time.perf_counter() - started:.1f} s")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="measure the data already there")
    parser.add_argument("--explain", action="store_true", help="print the slowest query's plan")
    args = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL"):
        # A fresh SQLite database (and audit keys) of its own; with PostgreSQL, the instance's
        # own VAR_DIR, whose keys sealed the audit log already in that database.
        os.environ["KINHAVEN_VAR_DIR"] = tempfile.mkdtemp(prefix="kinhaven-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kinhaven.stats.models import CaseFact

    print(f"database: {connection.vendor}, {os.cpu_count()} cores")
    timed("migrate", lambda: call_command("migrate", verbosity=0))
    if not args.reuse:
        print(f"generating {args.cases:,} cases (seed {args.seed})")
        took = generate(args.cases, args.seed)
        print(f"generation: {took:.1f} s, {args.cases / took:,.0f} cases/s")
        took, peak, cells = cells_build()
        print(f"cells_rebuild: {took:.1f} s, {cells:,} cells, peak resident {peak:.0f} MiB")
    measure(args.runs, force_explain=args.explain)
    facts = CaseFact.objects.count()
    ids = CaseFact.objects.order_by("case_id").values_list("case_id", flat=True)
    refresh([ids[facts * (i + 1) // (args.runs + 2)] for i in range(args.runs)], args.runs)


if __name__ == "__main__":
    main()
