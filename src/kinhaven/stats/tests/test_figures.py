"""What the dashboards derive from the published figures."""

from __future__ import annotations

from kinhaven.stats.figures import Figure, compliance


def _deadlines(*rows: tuple[str, int | None]) -> Figure:
    return Figure(
        code="deadline",
        title="Deadlines",
        kind="stacked",
        unit="deadlines",
        rows=[
            {"value": value, "label": value.split(":")[0], "n": n, "status": "published"}
            for value, n in rows
        ],
    )


def test_compliance_counts_an_outcome_without_a_row_as_none_and_a_hidden_one_as_unknown() -> None:
    met_only, hidden = compliance(
        _deadlines(("guardian:met", 15), ("review:met", 30), ("review:missed", None))
    )
    assert (met_only.met, met_only.missed, met_only.rate) == (15, 0, 100)
    assert (hidden.met, hidden.missed, hidden.rate) == (30, None, None)


def test_compliance_is_the_share_met_on_time() -> None:
    (only,) = compliance(_deadlines(("triage:met", 30), ("triage:missed", 10)))
    assert only.rate == 75
