"""Fit the match model on synthetic data with known truth (and on people's decisions)."""

from __future__ import annotations

import numpy as np

from kinhaven.tracing.engine.compare import FEATURES, FloatArray
from kinhaven.tracing.engine.dedupe import Deduper
from kinhaven.tracing.engine.matcher import Registry
from kinhaven.tracing.engine.model import Model, fit
from kinhaven.tracing.engine.normalize import normalize
from kinhaven.tracing.engine.synth import dedupe_scenario, linkage_scenario


def training_pairs(
    *, n_registry: int, n_queries: int, seed: int, model: Model | None = None
) -> tuple[FloatArray, np.ndarray, np.ndarray]:
    """Candidate pairs as the matcher finds them (with `model`'s weights ranking candidates, or
    names alone), labelled by the truth, with the query of each."""
    scenario = linkage_scenario(n_registry, n_queries, seed=seed)
    blank = Model(np.zeros(len(FEATURES), dtype=np.float32), 0.0)
    registry = Registry(scenario.registry, model=model or blank)
    q = registry.encoder.table(normalize(r) for r in scenario.queries)
    qi, ri = registry.pairs(q)
    x, _prob = registry.score(q, qi, ri)
    rids = registry.table.rids
    y = np.array(
        [
            scenario.truth[q.rids[i]] == rids[j]
            for i, j in zip(qi.tolist(), ri.tolist(), strict=True)
        ]
    )
    return x, y, qi


def train(
    *, n_registry: int = 20_000, n_queries: int = 6_000, seed: int = 7, model: Model | None = None
) -> Model:
    x, y, groups = training_pairs(
        n_registry=n_registry, n_queries=n_queries, seed=seed, model=model
    )
    return fit(x, y, groups)


def calibrate_records(model: Model, *, n_records: int, seed: int) -> Model:
    """Fit the scale and intercept that make `model`'s ranking score a probability for pairs of
    records of one registry, on synthetic records with known truth; return the model with them."""
    from sklearn.linear_model import (  # type: ignore[import-untyped]  # no stubs; training only
        LogisticRegression,
    )

    records, truth = dedupe_scenario(n_records, seed=seed)
    unscaled = Model(model.weights, model.intercept)
    deduper = Deduper(records, model=unscaled)
    qi, ri = deduper.candidates()
    x, _prob = deduper.score(qi, ri)
    rids = deduper.table.rids
    y = np.array(
        [truth[rids[i]] == truth[rids[j]] for i, j in zip(qi.tolist(), ri.tolist(), strict=True)]
    )
    score = (x @ model.weights).reshape(-1, 1)
    platt = LogisticRegression(max_iter=1000).fit(score, y)
    model.records_scale = float(platt.coef_[0][0])
    model.records_intercept = float(platt.intercept_[0])
    model.records_calibrated_on = n_records
    return model
