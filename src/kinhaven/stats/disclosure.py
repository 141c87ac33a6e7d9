"""Protecting published counts: suppression of small cells, cell-key perturbation, refusal of
queries that pick out children, and an attacker that checks the result.

A published table is a line of counts with its total (1-D: children by age group), or counts by
two dimensions with row totals, column totals and a grand total (2-D; a trend is month x value).
Each input cell carries its true count `n` and `key_sum`, the sum of the random record keys
(`CaseFact.record_key`, in [0, 2**31)) of the records it counts. The keys are never published:
whoever knew them could read the noise off the perturbation table.

Suppression. A cell with 1 <= n < k is hidden (primary suppression), and so is a margin below k.
Complementary suppression then hides further cells so that no hidden cell can be worked out from
the published cells and margins of the same table: first line by line (every row and column,
the margin row and column included, that holds a hidden cell must hold at least two), then until
the attacker in this module (`feasible_intervals`) pins none of the hidden cells to one value.
Zeros are published as 0: that no case has a value is structural knowledge, not a disclosure
about a child, and hiding zeros would only make the tables unreadable.

Perturbation (the cell-key method). Statistical offices that let users build their own tables
(the Australian Bureau of Statistics' TableBuilder, the ONS's flexible table builder for the
census) protect them by adding a small deterministic noise to every published count: the noise is
read from a fixed perturbation table (`PTABLE`) at the cell key (the record keys' sum mod 2**31,
as a fraction of 2**31) and the count. It protects against
- exact differencing: two overlapping queries (January-March and January-April) whose difference
  would be a small suppressed cell give that cell plus the difference of two independent noises,
  which the attacker cannot tell from the truth; margins carry noise of their own cell keys, so a
  total minus the published cells is not a hidden cell either;
- repeated queries: the same records always have the same cell key, so the same figure always
  gets the same noise, and asking again reveals nothing new.
It does not protect against averaging many different differences of the same small cell (many
overlapping periods or regions that all contain it): the noise is bounded and has mean 0, so such
averages converge. That needs the differentially private release mode (the privacy ledger), which
is the guarantee there; the cell-key tables are for everyday, flexible figures.

The perturbed figures are not additive (a total is not the sum of its published cells). A
published figure is never below k, a zero is never changed, and every published non-zero figure is
marked as perturbed, whether its noise happened to be 0 or not, so the mark reveals nothing.
"""

from __future__ import annotations

import enum
import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinhaven.stats.enums import K_THRESHOLD

KEY_MODULUS = 2**31

# The perturbation table: for a count n >= k, by min(n - k, 2), the noises p and their weights in
# twentieths. Each row has mean 0 and never takes n + p below k: a count of exactly k is published
# as it is (its only non-negative noise with mean 0 is 0), k + 1 moves by at most 1.
PTABLE_DENOMINATOR = 20
PTABLE: tuple[tuple[tuple[int, int], ...], ...] = (
    ((0, 20),),
    ((-1, 5), (0, 10), (1, 5)),
    ((-2, 3), (-1, 4), (0, 6), (1, 4), (2, 3)),
)
MAX_PERTURBATION = 2

# A bound standing for "no upper bound" in the attacker's network (Python integers do not
# overflow; anything at or above half of it is reported as unbounded).
_UNBOUNDED = 1 << 62


class CellStatus(enum.StrEnum):
    PUBLISHED = "published"
    SUPPRESSED_PRIMARY = "suppressed_primary"
    SUPPRESSED_COMPLEMENTARY = "suppressed_complementary"
    ZERO = "zero"


@dataclass(frozen=True, kw_only=True)
class CountCell:
    """A true count going into a table: the records with `row` (and `col`, in a 2-D table)."""

    row: str
    col: str | None = None
    n: int
    key_sum: int


@dataclass(frozen=True, kw_only=True)
class PublishedCell:
    """A figure as it may be shown. `row` is None on a column total and the grand total, `col` is
    None on a row total, the grand total and the cells of a 1-D table."""

    row: str | None
    col: str | None
    value: int | None
    status: CellStatus
    perturbed: bool


@dataclass(frozen=True, kw_only=True)
class Protected:
    """A table ready to publish: its cells and its margins, each protected the same way."""

    cells: tuple[PublishedCell, ...]
    row_totals: tuple[PublishedCell, ...]
    col_totals: tuple[PublishedCell, ...]
    total: PublishedCell
    two_dimensional: bool
    k: int = K_THRESHOLD

    def figures(self) -> Iterable[PublishedCell]:
        yield from self.cells
        yield from self.row_totals
        yield from self.col_totals
        yield self.total


@dataclass(frozen=True)
class Exposure:
    """A hidden figure the attacker pins to one value."""

    row: str | None
    col: str | None
    value: int


# A figure's place: (row, col), None standing for the margin; a 1-D cell is (row, None) and a
# 1-D total (None, None).
Position = tuple[str | None, str | None]


def cell_perturbation(n: int, key_sum: int, *, k: int = K_THRESHOLD) -> int:
    """The noise the perturbation table gives a count of n >= k with these records' keys."""
    if n < k:
        raise ValueError("only counts of at least k are perturbed")
    key = key_sum % KEY_MODULUS
    row = PTABLE[min(n - k, len(PTABLE) - 1)]
    cumulative = 0
    for noise, weight in row:
        cumulative += weight
        # key / 2**31 < cumulative / 20, in integers.
        if key * PTABLE_DENOMINATOR < cumulative * KEY_MODULUS:
            return noise
    raise AssertionError("the perturbation table's weights add up to its denominator")


@dataclass
class _Table:
    """The working state of one table: true counts and keys, the lines, what is hidden."""

    two_dimensional: bool
    rows: list[str]
    cols: list[str]
    n: dict[Position, int]
    keys: dict[Position, int]
    # Each line: its members and its total.
    lines: list[tuple[list[Position], Position]]
    status: dict[Position, CellStatus] = field(default_factory=dict)

    def order(self) -> list[Position]:
        return list(self.n)


def _build_1d(cells: Sequence[CountCell]) -> _Table:
    n: dict[Position, int] = {}
    keys: dict[Position, int] = {}
    for cell in cells:
        if cell.col is not None:
            raise ValueError("a 1-D table's cells have no column")
        _add(n, keys, (cell.row, None), cell)
    members: list[Position] = sorted(n, key=_sort_key)
    total: Position = (None, None)
    n[total] = sum(n[p] for p in members)
    keys[total] = sum(keys[p] for p in members)
    rows = [p[0] for p in members if p[0] is not None]
    return _Table(False, rows, [], n, keys, [(members, total)])


def _build_2d(cells: Sequence[CountCell]) -> _Table:
    n: dict[Position, int] = {}
    keys: dict[Position, int] = {}
    for cell in cells:
        if cell.col is None:
            raise ValueError("a 2-D table's cells have a column")
        _add(n, keys, (cell.row, cell.col), cell)
    rows = sorted({r for r, _c in n if r is not None})
    cols = sorted({c for _r, c in n if c is not None})
    for r in rows:
        for c in cols:
            n.setdefault((r, c), 0)
            keys.setdefault((r, c), 0)
    lines: list[tuple[list[Position], Position]] = []
    for r in rows:
        members: list[Position] = [(r, c) for c in cols]
        lines.append((members, (r, None)))
    for c in cols:
        members = [(r, c) for r in rows]
        lines.append((members, (None, c)))
    for members, margin in list(lines):
        n[margin] = sum(n[p] for p in members)
        keys[margin] = sum(keys[p] for p in members)
    row_margins: list[Position] = [(r, None) for r in rows]
    col_margins: list[Position] = [(None, c) for c in cols]
    n[(None, None)] = sum(n[p] for p in row_margins)
    keys[(None, None)] = sum(keys[p] for p in row_margins)
    lines.append((col_margins, (None, None)))
    lines.append((row_margins, (None, None)))
    return _Table(True, rows, cols, n, keys, lines)


def _add(n: dict[Position, int], keys: dict[Position, int], at: Position, cell: CountCell) -> None:
    if cell.n < 0:
        raise ValueError("a count is never negative")
    # Cells for the same place (months of a period) add up, and so do their keys.
    n[at] = n.get(at, 0) + cell.n
    keys[at] = keys.get(at, 0) + cell.key_sum


def _sort_key(position: Position) -> tuple[str, str]:
    return (position[0] or "", position[1] or "")


def _suppress(table: _Table, k: int) -> None:
    for position, count in table.n.items():
        if count == 0:
            table.status[position] = CellStatus.ZERO
        elif count < k:
            table.status[position] = CellStatus.SUPPRESSED_PRIMARY
        else:
            table.status[position] = CellStatus.PUBLISHED
    _complete_lines(table)
    _suppress_until_safe(table, k)


def _hidden(table: _Table, position: Position) -> bool:
    return table.status[position] in (
        CellStatus.SUPPRESSED_PRIMARY,
        CellStatus.SUPPRESSED_COMPLEMENTARY,
    )


def _smallest_published(table: _Table, positions: Iterable[Position]) -> Position | None:
    candidates = [p for p in positions if table.status[p] == CellStatus.PUBLISHED]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (table.n[p], _sort_key(p)))


def _complete_lines(table: _Table) -> None:
    """Hide the smallest published cell (else the total) of every line with one hidden figure,
    until there is none: each pass hides at least one more figure, so this ends."""
    changed = True
    while changed:
        changed = False
        for members, margin in table.lines:
            hidden = sum(_hidden(table, p) for p in [*members, margin])
            if hidden != 1:
                continue
            complement = _smallest_published(table, members)
            if complement is None:
                complement = _smallest_published(table, [margin])
            if complement is None:
                # The only other figures are zeros: the hidden one is the total, 0 = 0.
                continue
            table.status[complement] = CellStatus.SUPPRESSED_COMPLEMENTARY
            changed = True


def _suppress_until_safe(table: _Table, k: int) -> None:
    """Hide more figures while the attacker pins a hidden one (a line's hidden figures can still
    be determined by the bounds the statuses give away, as two hidden cells of 10 under a total
    of 20). Hiding a figure only widens every interval, and there are finitely many, so this
    ends."""
    while True:
        exposed = _exposed_positions(table, k)
        if not exposed:
            return
        target = exposed[0]
        # The smallest published figure of a line through the exposed one, a cell before a total.
        lines = [(members, margin) for members, margin in table.lines if target in members]
        lines += [(members, margin) for members, margin in table.lines if target == margin]
        found = [_smallest_published(table, members) for members, _margin in lines]
        complement = _smallest_of(table, found)
        if complement is None:
            complement = _smallest_of(table, [margin for _members, margin in lines])
        if complement is None:
            complement = _smallest_published(table, table.order())
        if complement is None:
            return
        table.status[complement] = CellStatus.SUPPRESSED_COMPLEMENTARY


def _smallest_of(table: _Table, positions: Iterable[Position | None]) -> Position | None:
    return _smallest_published(table, [p for p in positions if p is not None])


def _members_of(table: _Table) -> set[Position]:
    return {p for p in table.n if (p[1] is not None) == table.two_dimensional and p[0] is not None}


def _exposed_positions(table: _Table, k: int) -> list[Position]:
    bounds = {
        p: _bounds(table.status[p], table.n[p] if not _hidden(table, p) else None, k, 0)
        for p in table.n
    }
    intervals = _intervals(table.two_dimensional, table.rows, table.cols, bounds)
    if intervals is None:
        raise AssertionError("the true counts satisfy their own equations")
    return [p for p in table.order() if _hidden(table, p) and intervals[p][0] == intervals[p][1]]


def _bounds(status: CellStatus, value: int | None, k: int, slack: int) -> tuple[int, int]:
    """What someone reading the table knows of a figure's true count."""
    if status == CellStatus.ZERO:
        return (0, 0)
    if status == CellStatus.SUPPRESSED_PRIMARY:
        return (1, k - 1)
    if status == CellStatus.SUPPRESSED_COMPLEMENTARY:
        # Complements are chosen among published figures, which are never below k.
        return (k, _UNBOUNDED)
    if value is None:
        raise ValueError("a published figure has a value")
    return (max(k, value - slack), value + slack)


def _protect(table: _Table, k: int, perturb: bool) -> Protected:
    _suppress(table, k)

    def published(position: Position) -> PublishedCell:
        status = table.status[position]
        value: int | None = None
        perturbed = False
        if status == CellStatus.ZERO:
            value = 0
        elif status == CellStatus.PUBLISHED:
            value = table.n[position]
            if perturb:
                value += cell_perturbation(value, table.keys[position], k=k)
                perturbed = True
        return PublishedCell(
            row=position[0], col=position[1], value=value, status=status, perturbed=perturbed
        )

    members = sorted(_members_of(table), key=_sort_key)
    return Protected(
        cells=tuple(published(p) for p in members),
        row_totals=tuple(published((r, None)) for r in table.rows) if table.two_dimensional else (),
        col_totals=tuple(published((None, c)) for c in table.cols),
        total=published((None, None)),
        two_dimensional=table.two_dimensional,
        k=k,
    )


def protect_1d(
    cells: Sequence[CountCell], *, k: int = K_THRESHOLD, perturb: bool = True
) -> Protected:
    """Protect a line of counts and its total (cells for the same row are added up)."""
    return _protect(_build_1d(cells), k, perturb)


def protect_2d(
    cells: Sequence[CountCell], *, k: int = K_THRESHOLD, perturb: bool = True
) -> Protected:
    """Protect a table of counts by row and column, with its row, column and grand totals."""
    return _protect(_build_2d(cells), k, perturb)


# The attacker.


class _Network:
    """A flow network with integer capacities (Edmonds-Karp)."""

    def __init__(self, size: int) -> None:
        self.arcs: list[list[int]] = [[] for _ in range(size)]
        self.head: list[int] = []
        self.capacity: list[int] = []

    def add(self, tail: int, head: int, capacity: int) -> int:
        arc = len(self.head)
        self.head += [head, tail]
        self.capacity += [capacity, 0]
        self.arcs[tail].append(arc)
        self.arcs[head].append(arc + 1)
        return arc

    def max_flow(self, source: int, sink: int, limit: int) -> int:
        flow = 0
        while flow < limit:
            came_by: dict[int, int] = {source: -1}
            queue = deque([source])
            while queue and sink not in came_by:
                node = queue.popleft()
                for arc in self.arcs[node]:
                    nxt = self.head[arc]
                    if self.capacity[arc] > 0 and nxt not in came_by:
                        came_by[nxt] = arc
                        queue.append(nxt)
            if sink not in came_by:
                break
            path = []
            node = sink
            while node != source:
                arc = came_by[node]
                path.append(arc)
                node = self.head[arc ^ 1]
            push = min(limit - flow, *(self.capacity[arc] for arc in path))
            for arc in path:
                self.capacity[arc] -= push
                self.capacity[arc ^ 1] += push
            flow += push
        return flow


def _intervals(
    two_dimensional: bool,
    rows: list[str],
    cols: list[str],
    bounds: Mapping[Position, tuple[int, int]],
) -> dict[Position, tuple[int, int]] | None:
    """The smallest and largest true count of every figure consistent with the equations of
    the table (each line's cells add up to its total) and the bounds; None if none is.

    A table with its margins is a circulation: for 2-D, the grand total flows from node `z` to
    node `a`, each row total from `a` to its row, each cell from its row to its column, each
    column total from its column back to `z`; for 1-D each cell flows from `a` to `z` and the
    total back. The constraint matrix of a network is totally unimodular, so these bounds are
    exact for integer counts, and the attack is exact: a figure's largest value is its value in
    one feasible circulation plus the largest flow that can go round a cycle through it.
    """
    a, z = 0, 1
    edges: list[tuple[Position, int, int]] = []
    if two_dimensional:
        row_node = {r: 2 + i for i, r in enumerate(rows)}
        col_node = {c: 2 + len(rows) + i for i, c in enumerate(cols)}
        size = 2 + len(rows) + len(cols)
        for position in bounds:
            r, c = position
            if r is None and c is None:
                edges.append((position, z, a))
            elif r is None:
                edges.append((position, col_node[c or ""], z))
            elif c is None:
                edges.append((position, a, row_node[r]))
            else:
                edges.append((position, row_node[r], col_node[c]))
    else:
        size = 2
        for position in bounds:
            edges.append((position, z, a) if position == (None, None) else (position, a, z))

    flow = _feasible_circulation(size, [(u, v, *bounds[p]) for p, u, v in edges])
    if flow is None:
        return None
    result: dict[Position, tuple[int, int]] = {}
    for index, (position, u, v) in enumerate(edges):
        low, high = bounds[position]
        if low == high:
            result[position] = (low, high)
            continue
        up = _residual(size, edges, bounds, flow, skip=index).max_flow(v, u, high - flow[index])
        down = _residual(size, edges, bounds, flow, skip=index).max_flow(u, v, flow[index] - low)
        result[position] = (flow[index] - down, flow[index] + up)
    return result


def _feasible_circulation(size: int, edges: list[tuple[int, int, int, int]]) -> list[int] | None:
    source, sink = size, size + 1
    network = _Network(size + 2)
    excess = [0] * size
    arcs = []
    for u, v, low, high in edges:
        if low > high:
            return None
        arcs.append(network.add(u, v, high - low))
        excess[v] += low
        excess[u] -= low
    needed = 0
    for node, amount in enumerate(excess):
        if amount > 0:
            network.add(source, node, amount)
            needed += amount
        elif amount < 0:
            network.add(node, sink, -amount)
    if network.max_flow(source, sink, needed) < needed:
        return None
    return [
        low + network.capacity[arc ^ 1] for arc, (_u, _v, low, _h) in zip(arcs, edges, strict=True)
    ]


def _residual(
    size: int,
    edges: list[tuple[Position, int, int]],
    bounds: Mapping[Position, tuple[int, int]],
    flow: list[int],
    *,
    skip: int,
) -> _Network:
    network = _Network(size)
    for index, (position, u, v) in enumerate(edges):
        if index == skip:
            continue
        low, high = bounds[position]
        if high > flow[index]:
            network.add(u, v, high - flow[index])
        if flow[index] > low:
            network.add(v, u, flow[index] - low)
    return network


def feasible_intervals(
    protected: Protected, *, slack: int | None = None
) -> dict[Position, tuple[int, int | None]] | None:
    """What an attacker can work out of each hidden figure of a table: the smallest and largest
    true count (None: no upper bound) consistent with every published figure, the equations
    between the cells and the margins, and what the statuses say (a zero is 0; a primary
    suppression is 1 to k - 1; a complement and a published figure are at least k).

    A published figure is taken as its true count give or take `slack`; by default the largest
    perturbation when the table is perturbed, else 0. None when no table is consistent with the
    figures (an attacker taking perturbed figures as exact can find that).
    """
    if slack is None:
        slack = MAX_PERTURBATION if any(f.perturbed for f in protected.figures()) else 0
    bounds: dict[Position, tuple[int, int]] = {}
    for figure in protected.figures():
        bounds[(figure.row, figure.col)] = _bounds(figure.status, figure.value, protected.k, slack)
    rows = [f.row for f in protected.row_totals if f.row is not None]
    if not protected.two_dimensional:
        rows = [f.row for f in protected.cells if f.row is not None]
    cols = [f.col for f in protected.col_totals if f.col is not None]
    intervals = _intervals(protected.two_dimensional, rows, cols, bounds)
    if intervals is None:
        return None
    return {
        (f.row, f.col): (
            intervals[(f.row, f.col)][0],
            None
            if intervals[(f.row, f.col)][1] >= _UNBOUNDED // 2
            else intervals[(f.row, f.col)][1],
        )
        for f in protected.figures()
        if f.value is None
    }


def recoverable(protected: Protected, *, slack: int | None = None) -> list[Exposure]:
    """The hidden figures of a table that its published figures pin to a single value."""
    intervals = feasible_intervals(protected, slack=slack)
    if intervals is None:
        return []
    return [Exposure(row, col, low) for (row, col), (low, high) in intervals.items() if low == high]


# Queries that isolate children, and percentiles.

TOO_FEW_RECORDS = _("These filters count too few records to be published. Widen them.")
ISOLATES_CHILDREN = _(
    "These filters split the records into groups too small to be published. "
    "Widen them or choose fewer breakdowns."
)


def refuse_reason(cells: Sequence[CountCell], *, k: int = K_THRESHOLD) -> Promise | None:
    """Why a table should not be made at all, or None: when it counts fewer than k records, or
    when more than half of its non-zero cells would be hidden (the query isolates children
    rather than describing them)."""
    counts: dict[Position, int] = {}
    for cell in cells:
        counts[(cell.row, cell.col)] = counts.get((cell.row, cell.col), 0) + cell.n
    if sum(counts.values()) < k:
        return TOO_FEW_RECORDS
    non_zero = [count for count in counts.values() if count > 0]
    small = [count for count in non_zero if count < k]
    if 2 * len(small) > len(non_zero):
        return ISOLATES_CHILDREN
    return None


def percentile(histogram: Mapping[int, int], q: float, *, k: int = K_THRESHOLD) -> int | None:
    """The lower bound of the bucket holding the q-th quantile (0 <= q <= 1) of a histogram of
    bucket lower bound -> count; None when it counts fewer than k records."""
    if not 0 <= q <= 1:
        raise ValueError("q is a fraction between 0 and 1")
    total = sum(histogram.values())
    if total < k:
        return None
    rank = max(1, math.ceil(q * total))
    seen = 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen >= rank:
            return bucket
    raise AssertionError("the rank is at most the total")
