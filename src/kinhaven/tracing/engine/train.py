"""Fit the match model on synthetic data with known truth (and on people's decisions)."""

from __future__ import annotations

import numpy as np

from kinhaven.tracing.engine.compare import FEATURES, FloatArray
from kinhaven.tracing.engine.matcher import Registry
from kinhaven.tracing.engine.model import Model, fit
from kinhaven.tracing.engine.normalize import normalize
from kinhaven.tracing.engine.synth import linkage_scenario


def training_pairs(*, n_registry: int, n_queries: int, seed: int) -> tuple[FloatArray, np.ndarray]:
    """Candidate pairs as the matcher finds them, labelled by the truth."""
    scenario = linkage_scenario(n_registry, n_queries, seed=seed)
    blank = Model(np.zeros(len(FEATURES), dtype=np.float32), 0.0)
    registry = Registry(scenario.registry, model=blank)
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
    return x, y


def train(*, n_registry: int = 20_000, n_queries: int = 6_000, seed: int = 7) -> Model:
    x, y = training_pairs(n_registry=n_registry, n_queries=n_queries, seed=seed)
    return fit(x, y)
