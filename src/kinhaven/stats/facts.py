"""Keeping the case facts and the cells they add up to in step with the records.

Every event on a case's timeline (whichever app recorded it) has the task worker recompute that
case's facts after the commit; the difference between the old and the new facts' contributions is
added to the cells in the same transaction, so the cells always equal the sum of the facts. What
changes with time alone (a deadline falling overdue) is caught by the periodic sweep, which
recomputes the facts whose `next_change_at` has passed; `kinhaven stats rebuild` recomputes
everything.

The facts are computed by the system, not read by a person: they hold codes only, and each run
leaves one audit entry naming how many cases it read.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Min

from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.care.models import Placement
from kinhaven.cases.models import Case
from kinhaven.core import time
from kinhaven.core.erasure import erasure_hook_register
from kinhaven.deadlines.enums import DeadlineOutcome
from kinhaven.deadlines.models import Deadline
from kinhaven.guardianship.models import GuardianAppointment
from kinhaven.identification.models import IdentificationDecision
from kinhaven.identification.selectors import identification_status
from kinhaven.intake.models import Report
from kinhaven.missing.enums import EpisodeStatus
from kinhaven.missing.models import Episode
from kinhaven.referrals.models import Referral
from kinhaven.stats.dimensions import Tracing, age_group, contributions
from kinhaven.stats.models import CaseFact, StatCell
from kinhaven.timeline.models import CaseEvent
from kinhaven.timeline.services import on_case_event
from kinhaven.tracing.enums import Decision, StepKind, StepOutcome
from kinhaven.tracing.models import ReunificationStep, TracingMatch

BATCH = 500
# Record keys are drawn from [0, 2**31): a cell key is the sum of its records' keys (disclosure.py).
RECORD_KEY_RANGE = 2**31

CellKey = tuple[dt.date, str, int, str, str]


def _month(moment: dt.datetime | dt.date) -> dt.date:
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    return day.replace(day=1)


def _days(start: dt.datetime | dt.date | None, end: dt.datetime | dt.date | None) -> int | None:
    if start is None or end is None:
        return None
    first = start.date() if isinstance(start, dt.datetime) else start
    last = end.date() if isinstance(end, dt.datetime) else end
    return max((last - first).days, 0)


def _age_at(child: Any, on: dt.date) -> int | None:
    """The child's age in whole years on a day, from the date of birth as far as known, or from
    the last age estimate."""
    if child.birth_year:
        month, day = child.birth_month or 7, child.birth_day or 1
        years: int = on.year - child.birth_year - ((on.month, on.day) < (month, day))
        return years if 0 <= years < 120 else None
    if child.age_estimate_years is not None:
        since = child.age_estimated_on or on
        estimate: int = child.age_estimate_years + max((on - since).days, 0) // 365
        return estimate
    return None


def facts_compute(case_ids: Sequence[int], *, now: dt.datetime) -> dict[int, dict[str, Any]]:
    """The fact values of each case, read with a fixed number of queries per batch."""
    cases = {
        case.pk: case
        for case in Case.objects.filter(pk__in=case_ids)
        .select_related("agency", "child")
        .only(
            "id",
            "status",
            "is_missing",
            "created_at",
            "agency_id",
            "assigned_to_id",
            "agency__region",
            "child__id",
            "child__sex",
            "child__nationality",
            "child__birth_year",
            "child__birth_month",
            "child__birth_day",
            "child__age_estimate_years",
            "child__age_estimated_on",
        )
    }
    child_ids = [case.child_id for case in cases.values()]
    reports: dict[int, list[Report]] = defaultdict(list)
    for report in (
        Report.objects.filter(case_id__in=cases)
        .only("id", "case_id", "channel", "received_at", "exploitation_types")
        .order_by("received_at", "id")
    ):
        reports[report.case_id].append(report)  # type: ignore[index]
    guardians = dict(
        GuardianAppointment.objects.filter(child_id__in=child_ids)
        .values("child_id")
        .annotate(first=Min("appointed_at"))
        .values_list("child_id", "first")
    )
    decisions: dict[int, list[IdentificationDecision]] = defaultdict(list)
    for decision in (
        IdentificationDecision.objects.filter(child_id__in=child_ids)
        .only("id", "child_id", "stage", "outcome", "reviews_id", "decided_on", "created_at")
        .order_by("created_at", "id")
    ):
        decisions[decision.child_id].append(decision)
    deadlines: dict[int, list[Deadline]] = defaultdict(list)
    for deadline in Deadline.objects.filter(case_id__in=cases).only(
        "id", "case_id", "code", "due_at", "completed_at", "outcome"
    ):
        deadlines[deadline.case_id].append(deadline)  # type: ignore[index]
    episodes: dict[int, list[Episode]] = defaultdict(list)
    for episode in Episode.objects.filter(case_id__in=cases).only(
        "id", "case_id", "status", "interview_at"
    ):
        episodes[episode.case_id].append(episode)
    placements: dict[int, list[str]] = defaultdict(list)
    for case_id, kind in Placement.objects.filter(case_id__in=cases).values_list("case_id", "kind"):
        placements[case_id].append(kind)
    referrals: dict[int, list[list[str]]] = defaultdict(list)
    for case_id, kind, status in (
        Referral.objects.filter(case_id__in=cases)
        .order_by("id")
        .values_list("case_id", "service_kind", "status")
    ):
        referrals[case_id].append([kind, status])
    tracing = _tracing_outcomes(child_ids)

    facts: dict[int, dict[str, Any]] = {}
    for case in cases.values():
        child = case.child
        opened = case.created_at
        own_reports = reports.get(case.pk, [])
        started = own_reports[0].received_at if own_reports else opened
        identified = identification_status(decisions.get(child.pk, []))
        first_decision = min((d.decided_on for d in decisions.get(child.pk, [])), default=None)
        age = _age_at(child, opened.date())
        exploitation = sorted({t for r in own_reports for t in r.exploitation_types or []})
        counts: dict[str, list[int]] = {}
        next_change: dt.datetime | None = None
        for deadline in deadlines.get(case.pk, []):
            if deadline.outcome == DeadlineOutcome.CANCELLED:
                continue
            tally = counts.setdefault(deadline.code, [0, 0, 0])
            if deadline.completed_at is not None:
                tally[0 if deadline.completed_at <= deadline.due_at else 1] += 1
            elif deadline.due_at < now:
                tally[1] += 1
                tally[2] += 1
            elif next_change is None or deadline.due_at < next_change:
                next_change = deadline.due_at
        own_episodes = episodes.get(case.pk, [])
        facts[case.pk] = {
            "month": _month(opened),
            "region": case.agency.region,
            "agency_id": case.agency_id,
            "assigned_to_id": case.assigned_to_id,
            "status": case.status,
            "trafficking_status": identified.outcome or "",
            "age_years": age,
            "age_group": age_group(age),
            "sex": child.sex,
            "nationality": child.nationality,
            "channel": own_reports[0].channel if own_reports else "direct",
            "exploitation": exploitation,
            "days_to_case": _days(started, opened) if own_reports else None,
            "days_to_guardian": _days(started, guardians.get(child.pk)),
            "days_to_identification": _days(started, first_decision),
            "deadlines": counts,
            "next_change_at": next_change,
            "missing_episodes": len(own_episodes),
            "missing_found": sum(e.status == EpisodeStatus.FOUND for e in own_episodes),
            "missing_now": case.is_missing,
            "return_interviews": sum(e.interview_at is not None for e in own_episodes),
            "placements": sorted(placements.get(case.pk, [])),
            "referrals": referrals.get(case.pk, []),
            "tracing": tracing.get(child.pk, Tracing.NO_REQUEST),
        }
    return facts


def _tracing_outcomes(child_ids: Iterable[int]) -> dict[int, str]:
    """How far family tracing has come for each child: reunified, a confirmed match, a match
    waiting for a decision."""
    rank = {Tracing.CANDIDATE: 1, Tracing.CONFIRMED: 2, Tracing.REUNIFIED: 3}
    best: dict[int, str] = {}

    def better(child_id: int, outcome: str) -> None:
        if rank[outcome] > rank.get(best.get(child_id, ""), 0):
            best[child_id] = outcome

    for child_id, decision in TracingMatch.objects.filter(
        child_id__in=list(child_ids), decision__in=[Decision.PENDING, Decision.CONFIRMED]
    ).values_list("child_id", "decision"):
        better(child_id, Tracing.CONFIRMED if decision == Decision.CONFIRMED else Tracing.CANDIDATE)
    for child_id in ReunificationStep.objects.filter(
        match__child_id__in=list(best),
        match__decision=Decision.CONFIRMED,
        kind=StepKind.REUNIFICATION,
        outcome=StepOutcome.DONE,
    ).values_list("match__child_id", flat=True):
        better(child_id, Tracing.REUNIFIED)
    return best


def _cells_of(fact: CaseFact) -> dict[CellKey, tuple[int, int]]:
    cells: dict[CellKey, tuple[int, int]] = {}
    for dimension, value, weight in contributions(fact):
        key = (fact.month, fact.region, fact.agency_id, dimension, value)
        n, key_sum = cells.get(key, (0, 0))
        cells[key] = (n + weight, key_sum + weight * fact.record_key)
    return cells


def cells_add(deltas: dict[CellKey, tuple[int, int]]) -> None:
    """Add counts (and key sums) to the cells, creating the cells that do not exist yet."""
    # In key order: two refreshes moving the same cells lock them in the same order, never in a
    # cycle.
    rows = sorted((k, d) for k, d in deltas.items() if d != (0, 0))
    if not rows:
        return
    table = StatCell._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 200):
            chunk = rows[start : start + 200]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            # The table's own name and placeholders only; the values are parameters.
            sql = (
                f"INSERT INTO {table} (month, region, agency_id, dimension, value, n, key_sum) "  # noqa: S608  # nosec B608
                f"VALUES {values} ON CONFLICT (dimension, month, agency_id, region, value) "
                f"DO UPDATE SET n = {table}.n + excluded.n, "
                f"key_sum = {table}.key_sum + excluded.key_sum"
            )
            cursor.execute(
                sql,
                [v for key, (n, key_sum) in chunk for v in (*key, n, key_sum)],
            )
    # Only among the cells just moved: the index on (dimension, month, agency, ...) finds them.
    StatCell.objects.filter(
        n=0,
        dimension__in={key[3] for key, _delta in rows},
        month__in={key[0] for key, _delta in rows},
        agency_id__in={key[2] for key, _delta in rows},
    ).delete()


def _diff(
    old: dict[CellKey, tuple[int, int]], new: dict[CellKey, tuple[int, int]]
) -> dict[CellKey, tuple[int, int]]:
    deltas = {key: (-n, -s) for key, (n, s) in old.items()}
    for key, (n, s) in new.items():
        dn, ds = deltas.get(key, (0, 0))
        deltas[key] = (dn + n, ds + s)
    return deltas


@transaction.atomic
def facts_refresh(case_ids: Sequence[int], *, audit: bool = True) -> int:
    """Recompute the facts of these cases and move the cells by the difference; a case that no
    longer exists leaves the cells. Returns how many facts changed."""
    now = time.now()
    # The cases are locked in id order, so that two refreshes of the same case wait for each other.
    present = list(
        Case.objects.select_for_update()
        .filter(pk__in=case_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    computed = facts_compute(present, now=now)
    existing = {fact.case_id: fact for fact in CaseFact.objects.filter(case_id__in=case_ids)}
    deltas: dict[CellKey, tuple[int, int]] = defaultdict(lambda: (0, 0))
    changed = 0
    for case_id in case_ids:
        fact = existing.get(case_id)
        values = computed.get(case_id)
        old_cells = _cells_of(fact) if fact is not None else {}
        if values is None:
            if fact is not None:
                fact.delete()
        else:
            if fact is None:
                fact = CaseFact(case_id=case_id, record_key=secrets.randbelow(RECORD_KEY_RANGE))
            for name, value in values.items():
                setattr(fact, name, value)
            fact.refreshed_at = now
            fact.save()
        new_cells = _cells_of(fact) if values is not None and fact is not None else {}
        if old_cells != new_cells:
            changed += 1
        for key, (dn, ds) in _diff(old_cells, new_cells).items():
            n0, s0 = deltas[key]
            deltas[key] = (n0 + dn, s0 + ds)
    cells_add(dict(deltas))
    if audit and case_ids:
        audit_record(
            actor=None,
            action=AuditAction.STATS_FACTS_REFRESH,
            object_type="stats.casefact",
            detail={"cases": len(case_ids), "changed": changed},
        )
    return changed


def _batches(ids: Iterable[int], size: int = BATCH) -> Iterator[list[int]]:
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def facts_refresh_due(*, now: dt.datetime | None = None) -> int:
    """Recompute the facts that time has changed (a deadline now overdue), and those of cases
    that have none yet."""
    now = now or time.now()
    due = CaseFact.objects.filter(next_change_at__lte=now).values_list("case_id", flat=True)
    missing = Case.objects.filter(stats_fact__isnull=True).values_list("pk", flat=True)
    total = 0
    for batch in _batches([*due, *missing]):
        total += facts_refresh(batch)
    return total


def stats_rebuild() -> int:
    """Recompute every case's facts, then the cells from the facts alone. Returns the number of
    cases."""
    case_ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    for batch in _batches(case_ids):
        facts_refresh(batch, audit=False)
    CaseFact.objects.exclude(case_id__in=Case.objects.values("pk")).delete()
    cells_rebuild()
    audit_record(
        actor=None,
        action=AuditAction.STATS_FACTS_REFRESH,
        object_type="stats.casefact",
        detail={"cases": len(case_ids), "rebuilt": True},
    )
    return len(case_ids)


@transaction.atomic
def cells_rebuild() -> int:
    """Replace the cells by the sums of the facts' contributions."""
    if connection.vendor == "postgresql":
        # A refresh committing meanwhile would move cells this is about to replace: refreshes
        # wait, and one that has not committed yet is read as before and applied after.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {StatCell._meta.db_table} IN EXCLUSIVE MODE")  # nosec B608
    totals: dict[CellKey, list[int]] = {}
    for fact in CaseFact.objects.order_by("pk").iterator(chunk_size=5000):
        for key, (n, key_sum) in _cells_of(fact).items():
            cell = totals.get(key)
            if cell is None:
                totals[key] = [n, key_sum]
            else:
                cell[0] += n
                cell[1] += key_sum
    StatCell.objects.all().delete()
    StatCell.objects.bulk_create(
        (
            StatCell(
                month=month,
                region=region,
                agency_id=agency_id,
                dimension=dimension,
                value=value,
                n=n,
                key_sum=key_sum,
            )
            for (month, region, agency_id, dimension, value), (n, key_sum) in totals.items()
        ),
        batch_size=2000,
    )
    return len(totals)


_PENDING_ATTR = "_kinhaven_stats_pending"


def _on_case_event(event: CaseEvent) -> None:
    """Note the event's case; the first event of a transaction has one refresh of all the cases
    it touched enqueued on its commit."""
    conn = transaction.get_connection()
    registered = any(hook[1] is _enqueue_pending for hook in conn.run_on_commit)
    if not registered:
        # A rolled-back transaction took its callback with it, and its cases are forgotten here.
        setattr(conn, _PENDING_ATTR, set())
        transaction.on_commit(_enqueue_pending, robust=True)
    getattr(conn, _PENDING_ATTR).add(event.case_id)


def _enqueue_pending() -> None:
    from kinhaven.stats.tasks import stats_refresh_cases

    conn = transaction.get_connection()
    pending: set[int] = getattr(conn, _PENDING_ATTR, set())
    setattr(conn, _PENDING_ATTR, set())
    if pending:
        stats_refresh_cases.enqueue(sorted(pending))


def _facts_erased(facts: Iterable[CaseFact]) -> list[Any]:
    """Facts erased with their case (retention) leave the cells, in the erasure's transaction."""
    deltas: dict[CellKey, tuple[int, int]] = {}
    for fact in facts:
        for key, (n, key_sum) in _cells_of(fact).items():
            dn, ds = deltas.get(key, (0, 0))
            deltas[key] = (dn - n, ds - key_sum)
    cells_add(deltas)
    return []


def register_hooks() -> None:
    """Have every event on a case's timeline refresh the case's facts after the commit, and an
    erased case's facts leave the cells."""
    on_case_event(_on_case_event)
    erasure_hook_register(CaseFact, _facts_erased)
