"""The published tables stand up to the attacks they are meant to stand up to: working a hidden
cell out of the totals, differencing overlapping periods, repeating a query."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from kinhaven.stats.disclosure import (
    ISOLATES_CHILDREN,
    KEY_MODULUS,
    MAX_PERTURBATION,
    PTABLE,
    PTABLE_DENOMINATOR,
    TOO_FEW_RECORDS,
    CellStatus,
    CountCell,
    Exposure,
    Protected,
    PublishedCell,
    cell_perturbation,
    feasible_intervals,
    percentile,
    protect_1d,
    protect_2d,
    recoverable,
    refuse_reason,
)
from kinhaven.stats.enums import K_THRESHOLD

K = K_THRESHOLD
HIDDEN = (CellStatus.SUPPRESSED_PRIMARY, CellStatus.SUPPRESSED_COMPLEMENTARY)


def line(counts, keys=None):
    keys = keys or {}
    return [
        CountCell(row=row, n=n, key_sum=keys.get(row, 1_000_003 * (i + 1)))
        for i, (row, n) in enumerate(counts.items())
    ]


def value(figure: PublishedCell) -> int:
    assert figure.value is not None, "a published figure"
    return figure.value


def intervals(protected: Protected, *, slack: int | None = None):
    found = feasible_intervals(protected, slack=slack)
    assert found is not None, "the published figures are consistent"
    return found


def by_row(protected):
    return {cell.row: cell for cell in protected.cells}


def random_table(rng, rows, cols):
    cells = []
    for r in range(rows):
        for c in range(cols):
            kind = rng.random()
            n = 0 if kind < 0.2 else rng.randint(1, K - 1) if kind < 0.5 else rng.randint(K, 80)
            cells.append(
                CountCell(row=f"r{r}", col=f"c{c}", n=n, key_sum=rng.randrange(n * KEY_MODULUS + 1))
            )
    return cells


def primary_only(cells, *, two_dimensional):
    """The table as it would be with primary suppression alone (what the attacker beats)."""

    def figure(row, col, n):
        if n == 0:
            return PublishedCell(row=row, col=col, value=0, status=CellStatus.ZERO, perturbed=False)
        if n < K:
            return PublishedCell(
                row=row, col=col, value=None, status=CellStatus.SUPPRESSED_PRIMARY, perturbed=False
            )
        return PublishedCell(
            row=row, col=col, value=n, status=CellStatus.PUBLISHED, perturbed=False
        )

    rows: Counter[str] = Counter()
    cols: Counter[str] = Counter()
    for cell in cells:
        rows[cell.row] += cell.n
        if cell.col is not None:
            cols[cell.col] += cell.n
    return Protected(
        cells=tuple(figure(c.row, c.col, c.n) for c in cells),
        row_totals=tuple(figure(r, None, n) for r, n in sorted(rows.items()))
        if two_dimensional
        else (),
        col_totals=tuple(figure(None, c, n) for c, n in sorted(cols.items())),
        total=figure(None, None, sum(rows.values())),
        two_dimensional=two_dimensional,
    )


# (a) One small cell in a line with its total.


def test_the_attacker_works_a_lone_small_cell_out_of_the_total():
    cells = line({"0-5": 40, "6-11": 3, "12-14": 25, "15-17": 18})

    exposed = recoverable(primary_only(cells, two_dimensional=False))

    assert exposed == [Exposure("6-11", None, 3)]


def test_a_lone_small_cell_cannot_be_worked_out_of_the_total():
    cells = line({"0-5": 40, "6-11": 3, "12-14": 25, "15-17": 18})

    for perturb in (False, True):
        protected = protect_1d(cells, perturb=perturb)
        figures = by_row(protected)

        assert figures["6-11"].status == CellStatus.SUPPRESSED_PRIMARY
        assert figures["6-11"].value is None
        # The smallest other cell hides it.
        assert figures["15-17"].status == CellStatus.SUPPRESSED_COMPLEMENTARY
        assert recoverable(protected) == []
        assert recoverable(protected, slack=0) == []
        published = sum(f.value for f in protected.cells if f.value is not None)
        assert value(protected.total) - published != 3
        low, high = intervals(protected)[("6-11", None)]
        assert low <= 3
        assert high is not None
        assert 3 <= high
        assert low < high


def test_a_small_cell_beside_zeros_hides_the_total():
    protected = protect_1d(line({"a": 4, "b": 0, "c": 0}), perturb=False)

    assert protected.total.status == CellStatus.SUPPRESSED_PRIMARY
    assert by_row(protected)["b"] == PublishedCell(
        row="b", col=None, value=0, status=CellStatus.ZERO, perturbed=False
    )
    assert recoverable(protected) == []


def test_two_small_cells_that_add_up_to_a_published_total_of_their_bounds_are_hidden():
    # 10 + 10 = 20: two cells hidden under a published 20 would each be pinned at 10.
    protected = protect_1d(line({"a": 10, "b": 10}), perturb=False)

    assert protected.total.status == CellStatus.SUPPRESSED_COMPLEMENTARY
    assert recoverable(protected) == []


def test_the_attacker_pins_cells_that_the_bounds_determine():
    naive = primary_only(line({"a": 10, "b": 10}), two_dimensional=False)

    assert sorted(recoverable(naive), key=lambda e: str(e.row)) == [
        Exposure("a", None, 10),
        Exposure("b", None, 10),
    ]


# (b) Random 2-D tables.


def test_random_tables_keep_every_small_cell_hidden_and_unrecoverable():
    rng = random.Random(20261206)  # noqa: S311  # seeded test data
    beaten_without_complements = 0
    trials = 150
    for _trial in range(trials):
        cells = random_table(rng, rng.randint(1, 6), rng.randint(1, 6))
        truth = {(c.row, c.col): c.n for c in cells}
        if recoverable(primary_only(cells, two_dimensional=True)):
            beaten_without_complements += 1

        for perturb in (False, True):
            protected = protect_2d(cells, perturb=perturb)

            for figure in protected.figures():
                n = (
                    truth[(figure.row, figure.col)]
                    if figure.row is not None and figure.col is not None
                    else _margin(truth, figure.row, figure.col)
                )
                if 1 <= n < K:
                    assert figure.status == CellStatus.SUPPRESSED_PRIMARY
                    assert figure.value is None
                if n == 0:
                    assert figure.status == CellStatus.ZERO
                    assert figure.value == 0
                if figure.value is not None and n > 0:
                    assert figure.value >= K
                    assert abs(figure.value - n) <= MAX_PERTURBATION
            assert recoverable(protected) == []
            assert recoverable(protected, slack=0) == [] or perturb
            if not perturb:
                # The attack is sound: the truth lies in every interval it reports.
                for (row, col), (low, high) in intervals(protected).items():
                    n = truth[(row, col)] if row and col else _margin(truth, row, col)
                    assert low <= n
                    assert high is None or n <= high
    # The attacker is not toothless: primary suppression alone loses cells in many tables.
    assert beaten_without_complements > trials // 4


def _margin(truth, row, col):
    return sum(
        n for (r, c), n in truth.items() if (row is None or r == row) and (col is None or c == col)
    )


def test_every_line_with_a_hidden_figure_has_two():
    rng = random.Random(7)  # noqa: S311  # seeded test data
    for _trial in range(100):
        protected = protect_2d(random_table(rng, rng.randint(2, 5), rng.randint(2, 5)))
        grid = {(f.row, f.col): f.status in HIDDEN for f in protected.figures()}
        rows = {r for r, _c in grid} | {None}
        cols = {c for _r, c in grid} | {None}
        for r in rows:
            hidden = sum(grid[(r, c)] for c in cols)
            assert hidden != 1
        for c in cols:
            hidden = sum(grid[(r, c)] for r in rows)
            assert hidden != 1


# (c) Overlapping periods and repeated queries.

MONTHS = {
    # month: {age group: (children, sum of their record keys)}
    "01": {"0-5": (14, 1_906_116_283), "12-14": (12, 61_472_005), "15-17": (20, 903_318_444)},
    "02": {"0-5": (9, 1_122_334_455), "12-14": (15, 2_000_000_001), "15-17": (11, 77_000_123)},
    "03": {"0-5": (13, 345_678_901), "12-14": (10, 1_500_000_000), "15-17": (17, 640_112_358)},
    "04": {"0-5": (12, 987_654_321), "12-14": (2, 1_234_567_890), "15-17": (14, 55_555_555)},
}


def period(months, monthly=MONTHS):
    return [
        CountCell(row=group, n=n, key_sum=key)
        for month in months
        for group, (n, key) in monthly[month].items()
    ]


def test_differencing_overlapping_periods_does_not_give_the_small_cell():
    april_truth = MONTHS["04"]["12-14"][0]
    to_march = protect_1d(period(["01", "02", "03"]))
    to_april = protect_1d(period(["01", "02", "03", "04"]))

    difference = value(by_row(to_april)["12-14"]) - value(by_row(to_march)["12-14"])
    total_difference = value(to_april.total) - value(to_march.total)
    others = sum(value(by_row(to_april)[g]) - value(by_row(to_march)[g]) for g in ("0-5", "15-17"))

    assert difference != april_truth
    assert total_difference - others != april_truth
    # Without the noise the same attack succeeds.
    exact = [protect_1d(period(m), perturb=False) for m in (["01", "02", "03"], list(MONTHS))]
    assert value(by_row(exact[1])["12-14"]) - value(by_row(exact[0])["12-14"]) == april_truth


def test_differencing_rarely_gives_the_truth_and_never_says_when():
    rng = random.Random(99)  # noqa: S311  # seeded test data
    outcomes: Counter[int] = Counter()
    for _trial in range(400):
        monthly = {
            month: {g: (n, rng.randrange(KEY_MODULUS)) for g, (n, _key) in groups.items()}
            for month, groups in MONTHS.items()
        }
        to_march = by_row(protect_1d(period(["01", "02", "03"], monthly)))
        to_april = by_row(protect_1d(period(list(MONTHS), monthly)))
        outcomes[value(to_april["12-14"]) - value(to_march["12-14"])] += 1
    truth = MONTHS["04"]["12-14"][0]
    assert outcomes[truth] < 0.4 * sum(outcomes.values())
    # The difference takes many values, the truth among them, and nothing marks which is true.
    assert len(outcomes) >= 5
    assert set(outcomes) <= set(
        range(truth - 2 * MAX_PERTURBATION, truth + 2 * MAX_PERTURBATION + 1)
    )


def test_repeating_a_query_gives_the_same_figures():
    cells = period(["01", "02", "03", "04"])

    first = protect_1d(cells)
    again = protect_1d(list(reversed(cells)))

    assert first == again
    assert any(f.perturbed for f in first.figures())


def test_the_same_records_get_the_same_noise_and_other_records_other_noise():
    noises = {cell_perturbation(50, key) for key in range(0, KEY_MODULUS, KEY_MODULUS // 40)}

    assert cell_perturbation(50, 123_456_789) == cell_perturbation(50, 123_456_789 + KEY_MODULUS)
    assert noises == {-2, -1, 0, 1, 2}


# (d) The perturbation table.


def test_the_perturbation_table_has_mean_zero_and_keeps_figures_at_least_k():
    for offset, row in enumerate(PTABLE):
        assert sum(weight for _noise, weight in row) == PTABLE_DENOMINATOR
        assert sum(noise * weight for noise, weight in row) == 0
        assert all(K + offset + noise >= K for noise, _weight in row)


def test_perturbation_never_publishes_below_k_nor_changes_a_zero():
    rng = random.Random(3)  # noqa: S311  # seeded test data
    for n in [*range(K, K + 6), 100, 10_000]:
        for _ in range(300):
            assert cell_perturbation(n, rng.randrange(2**40), k=K) + n >= K
    for _ in range(200):
        cells = random_table(rng, 3, 4)
        protected = protect_2d(cells)
        for figure in protected.figures():
            if figure.status == CellStatus.ZERO:
                assert figure.value == 0
                assert not figure.perturbed
            elif figure.value is not None:
                assert figure.value >= K
                assert figure.perturbed
    with pytest.raises(ValueError, match="at least k"):
        cell_perturbation(K - 1, 5)


def test_perturbed_values_follow_the_table_weights():
    counts = Counter(cell_perturbation(K + 5, key) for key in range(0, KEY_MODULUS, 2**16))
    total = sum(counts.values())

    for noise, weight in PTABLE[-1]:
        assert counts[noise] / total == pytest.approx(weight / PTABLE_DENOMINATOR, abs=0.01)


def test_a_count_of_k_is_published_exactly_and_k_plus_one_moves_by_one_at_most():
    values_k = {cell_perturbation(K, key) for key in range(0, KEY_MODULUS, 2**20)}
    values_k1 = {cell_perturbation(K + 1, key) for key in range(0, KEY_MODULUS, 2**20)}

    assert values_k == {0}
    assert values_k1 == {-1, 0, 1}


# (e) Refused queries.


def test_a_table_of_fewer_than_k_records_is_refused():
    assert refuse_reason(line({"a": 4, "b": 6}), k=K) == TOO_FEW_RECORDS


def test_a_table_mostly_of_small_cells_is_refused():
    assert refuse_reason(line({"a": 40, "b": 3, "c": 2, "d": 0}), k=K) == ISOLATES_CHILDREN


def test_a_table_with_half_its_cells_small_is_made():
    assert refuse_reason(line({"a": 40, "b": 3, "c": 20, "d": 2}), k=K) is None
    assert refuse_reason(line({"a": 11}), k=K) is None


def test_the_reasons_are_translated():
    from django.utils import translation

    with translation.override("en"):
        assert "too few" in str(TOO_FEW_RECORDS)


# (f) Percentiles.


def test_percentiles_are_bucket_lower_bounds():
    histogram = {0: 5, 7: 10, 14: 20, 61: 5}

    assert percentile(histogram, 0.5) == 14
    assert percentile(histogram, 0.25) == 7
    assert percentile(histogram, 0.0) == 0
    assert percentile(histogram, 0.9) == 61
    assert percentile(histogram, 0.875) == 14


def test_a_percentile_of_fewer_than_k_records_is_withheld():
    assert percentile({3: 4, 9: 6}, 0.5) is None
    assert percentile({3: 5, 9: 6}, 0.5) == 9


def test_a_percentile_takes_a_fraction():
    with pytest.raises(ValueError, match="fraction"):
        percentile({1: 20}, 50)


def test_margins_carry_the_noise_of_their_own_records():
    cells = [
        CountCell(row=row, col=col, n=n, key_sum=key)
        for row, col, n, key in [
            ("girls", "0-5", 30, 1_500_000_000),
            ("girls", "6-11", 25, 1_700_000_000),
            ("boys", "0-5", 40, 900_000_000),
            ("boys", "6-11", 35, 2_100_000_000),
        ]
    ]
    protected = protect_2d(cells)
    rows = {f.row: value(f) for f in protected.row_totals}
    cols = {f.col: value(f) for f in protected.col_totals}

    assert rows["girls"] == 55 + cell_perturbation(55, 3_200_000_000)
    assert rows["boys"] == 75 + cell_perturbation(75, 3_000_000_000)
    assert cols["0-5"] == 70 + cell_perturbation(70, 2_400_000_000)
    assert cols["6-11"] == 60 + cell_perturbation(60, 3_800_000_000)
    assert protected.total.value == 130 + cell_perturbation(130, 6_200_000_000)
    # With these keys a total is not the sum of its published cells.
    assert rows["girls"] != sum(value(f) for f in protected.cells if f.row == "girls")
