"""The facts of a case follow its records, and the cells always equal the sum of the facts."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Sum

from kinhaven.accounts.models import Agency
from kinhaven.cases.enums import CaseStatus
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open, case_transition
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import World, run_worker
from kinhaven.deadlines.models import Deadline
from kinhaven.retention.erasure import erase
from kinhaven.stats.dimensions import contributions, days_bucket
from kinhaven.stats.facts import cells_rebuild, facts_refresh, facts_refresh_due, stats_rebuild
from kinhaven.stats.models import CaseFact, StatCell
from kinhaven.stats.queries import Filters, Scope, count_by_value

pytestmark = pytest.mark.django_db


def _cells() -> Counter[tuple[str, str]]:
    return Counter(
        {
            (c["dimension"], c["value"]): c["total"]
            for c in StatCell.objects.values("dimension", "value").annotate(total=Sum("n"))
        }
    )


def _open(world: World, **child: object) -> int:
    kid = child_register(actor=world.caseworker, data=ChildIn(**child))  # type: ignore[arg-type]
    return case_open(actor=world.caseworker, child=kid).pk


def test_a_case_is_counted_once_on_each_dimension_and_moves_with_its_status(
    world: World,
) -> None:
    case_id = _open(world, sex="F", nationality="NGA", age_estimate_years=15)
    facts_refresh([case_id])
    fact = CaseFact.objects.get(case_id=case_id)
    assert (fact.sex, fact.nationality, fact.age_group, fact.channel) == (
        "F",
        "NGA",
        "15-17",
        "direct",
    )
    cells = _cells()
    assert cells["cases", "all"] == 1
    assert cells["nationality", "NGA"] == 1
    assert cells["status", fact.status] == 1
    # A new status moves the count from one cell to the other; nothing is counted twice.
    case = Case.objects.get(pk=case_id)
    case_transition(actor=world.caseworker, case=case, to=CaseStatus.ASSESSMENT)
    facts_refresh([case_id])
    cells = _cells()
    assert cells["status", CaseStatus.ASSESSMENT] == 1
    assert fact.status != CaseStatus.ASSESSMENT
    assert cells["status", fact.status] == 0
    assert sum(n for (dim, _v), n in cells.items() if dim == "status") == 1


def test_the_timeline_has_the_worker_refresh_the_case_after_the_commit(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        case_id = _open(world, sex="M", nationality="AFG")
    assert not CaseFact.objects.filter(case_id=case_id).exists()
    run_worker()
    assert CaseFact.objects.get(case_id=case_id).nationality == "AFG"
    assert _cells()["nationality", "AFG"] == 1


def test_incremental_cells_equal_a_rebuild_from_the_facts(world: World) -> None:
    ids = [
        _open(world, sex=sex, nationality=nat, age_estimate_years=age)
        for sex, nat, age in [("F", "NGA", 9), ("M", "NGA", 16), ("F", "ROU", 17), ("M", "", None)]
    ]
    for case_id in ids:
        facts_refresh([case_id])
    incremental = _cells()
    cells_rebuild()
    assert _cells() == incremental
    expected: Counter[tuple[str, str]] = Counter()
    for fact in CaseFact.objects.all():
        for dim, value, weight in contributions(fact):
            expected[dim, value] += weight
    assert incremental == expected
    assert stats_rebuild() == 4
    assert _cells() == expected


def test_a_caseload_counts_only_its_own_cases(world: World) -> None:
    mine = _open(world, nationality="NGA")
    other = child_register(actor=world.caseworker2, data=ChildIn(nationality="ROU"))
    theirs = case_open(actor=world.caseworker2, child=other).pk
    facts_refresh([mine, theirs])
    caseload = count_by_value(
        "nationality", scope=Scope(kind="caseload", user_id=world.caseworker.pk), filters=Filters()
    )
    assert {value: n for value, (n, _k) in caseload.items()} == {"NGA": 1}
    agency = count_by_value(
        "nationality",
        scope=Scope(kind="agency", agency_id=world.other_agency.pk),
        filters=Filters(),
    )
    assert {value: n for value, (n, _k) in agency.items()} == {"ROU": 1}
    national = count_by_value("nationality", filters=Filters())
    assert {value: n for value, (n, _k) in national.items()} == {"NGA": 1, "ROU": 1}


def test_days_are_counted_in_buckets_that_keep_their_order() -> None:
    assert [days_bucket(d) for d in (0, 1, 60, 61, 67, 68, 182, 183, 212, 213, 365, 366, 900)] == [
        0,
        1,
        60,
        61,
        61,
        68,
        180,
        183,
        183,
        213,
        363,
        366,
        366,
    ]
    buckets = [days_bucket(d) for d in range(0, 1000)]
    assert buckets == sorted(buckets)


def test_an_erased_case_leaves_the_cells(world: World) -> None:
    kept = _open(world, nationality="NGA")
    erased = _open(world, nationality="ROU")
    facts_refresh([kept, erased])
    assert _cells()["nationality", "ROU"] == 1
    with transaction.atomic():
        erase(Case.objects.get(pk=erased).child)
    cells = _cells()
    assert cells["nationality", "ROU"] == 0
    assert cells["cases", "all"] == 1
    assert not CaseFact.objects.filter(case_id=erased).exists()


def test_a_deadline_falling_overdue_is_counted_by_the_sweep(
    world: World, time_machine: Any
) -> None:
    case_id = _open(world, nationality="NGA")
    facts_refresh([case_id])
    deadline = Deadline.objects.filter(case_id=case_id, completed_at__isnull=True).order_by(
        "due_at"
    )[0]
    assert _cells()["overdue", deadline.code] == 0
    time_machine.move_to(deadline.due_at + dt.timedelta(minutes=1), tick=False)
    assert facts_refresh_due() == 1
    assert _cells()["overdue", deadline.code] == 1
    assert _cells()["deadline", f"{deadline.code}:missed"] == 1
    mine = count_by_value(
        "overdue", scope=Scope(kind="caseload", user_id=world.caseworker.pk), filters=Filters()
    )
    assert mine[deadline.code][0] == 1


def test_an_agency_moving_region_moves_its_cases_on_refresh(world: World) -> None:
    case_id = _open(world, nationality="NGA")
    facts_refresh([case_id])
    Agency.objects.filter(pk=world.agency.pk).update(region="AT-9")
    other = _open(world, nationality="NGA")
    facts_refresh([other])
    facts_refresh([case_id])
    by_region = count_by_value("cases", filters=Filters(region="AT-9"))
    assert by_region["all"][0] == 2
    assert _cells()["cases", "all"] == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_refreshes_at_the_same_time_leave_the_cells_equal_to_the_facts(world: World) -> None:
    ids = [_open(world, nationality="NGA", sex=sex) for sex in ["F", "M"] * 6]
    batches = [ids[0::2], ids[1::2]]
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def refresh(batch: list[int]) -> None:
        barrier.wait()
        try:
            facts_refresh(batch)
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    counted = _cells()
    assert counted["cases", "all"] == 12
    assert counted["nationality", "NGA"] == 12
    cells_rebuild()
    assert _cells() == counted
