"""Fit the match model on synthetic data with known truth (and on people's decisions)."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from kinhaven.tracing.engine.compare import FEATURES, FloatArray, other_features
from kinhaven.tracing.engine.dedupe import Deduper, context_inputs
from kinhaven.tracing.engine.matcher import Registry
from kinhaven.tracing.engine.model import Model, fit, logistic_regression, rank_direction
from kinhaven.tracing.engine.normalize import normalize
from kinhaven.tracing.engine.synth import dedupe_scenario, linkage_scenario
from kinhaven.tracing.engine.table import IntArray


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
    platt = logistic_regression(max_iter=1000).fit(score, y)
    model.records_scale = float(platt.coef_[0][0])
    model.records_intercept = float(platt.intercept_[0])
    model.records_calibrated_on = n_records
    return model


# The context step's trees: enough of them, and small enough, to learn how look-alikes in a
# registry combine with a pair's own fields without learning the training records by heart.
CONTEXT_TREES: dict[str, Any] = {
    "objective": "binary",
    "num_leaves": 31,
    "learning_rate": 0.05,
    "min_data_in_leaf": 50,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "seed": 1,
    "deterministic": True,
    "verbose": -1,
}
CONTEXT_TREE_COUNT = 300
CONTEXT_ROUNDS = 2
CONTEXT_REGISTRIES = 3  # synthetic registries each round learns from


def fit_context(
    model: Model, *, n_records: int, seed: int, rounds: int = CONTEXT_ROUNDS,
    registries: int = CONTEXT_REGISTRIES,
) -> Model:  # fmt: skip
    """Fit the context step (dedupe.context_inputs): each round's trees on `registries`
    synthetic registries of its own with known truth (seeds `seed`, `seed` + 1, ...), with the
    context of the rounds before it; return the model with them."""
    import lightgbm

    fitted: list[lightgbm.Booster] = []
    for k in range(rounds):
        inputs, labels = [], []
        for r in range(registries):
            records, truth = dedupe_scenario(n_records, seed=seed + k * registries + r)
            deduper = Deduper(records, model=dataclasses.replace(model, context_rounds=()))
            i, j, prob, x = deduper.pair_scores()
            _out, rows, round_inputs = context_inputs(fitted, i, j, prob, x)
            rids = deduper.table.rids
            inputs.append(round_inputs)
            labels.append(
                [truth[rids[a]] == truth[rids[b]] for a, b in zip(i[rows], j[rows], strict=True)]
            )
        y = np.concatenate([np.array(part, dtype=bool) for part in labels])
        if y.all() or not y.any():
            break  # too few records to tell one child from namesakes
        data = lightgbm.Dataset(np.vstack(inputs), y.astype(np.float32))
        fitted.append(lightgbm.train(CONTEXT_TREES, data, num_boost_round=CONTEXT_TREE_COUNT))
    return dataclasses.replace(model, context_rounds=tuple(fitted))


NEGATIVES = 200  # other candidates per query, drawn at random, that its true match is set against


def fit_candidates(model: Model, *, n_registry: int, n_queries: int, seed: int) -> Model:
    """Fit the weights that cut each query's candidates sharing names to the few the model
    scores in full: the true match's rarity of shared names and its other fields' features
    against those of other candidates (a ranking, as in `fit`); return the model with them."""
    scenario = linkage_scenario(n_registry, n_queries, seed=seed)
    registry = Registry(scenario.registry, model=model)
    row_of = {rid: i for i, rid in enumerate(registry.table.rids)}
    q = registry.encoder.table(normalize(r) for r in scenario.queries)
    rng = np.random.default_rng(seed)
    qi: list[IntArray] = []
    ri: list[IntArray] = []
    names: list[FloatArray] = []
    for i, rid in enumerate(q.rids):
        true = scenario.truth[rid]
        if true is None:
            continue
        rows, total = registry.sharing_names(q, i)
        hit = np.flatnonzero(rows == row_of[true])
        if not len(hit) or len(rows) < 2:
            continue
        others = np.delete(np.arange(len(rows)), hit[0])
        picked = np.r_[hit[0], rng.choice(others, min(NEGATIVES, len(others)), replace=False)]
        qi.append(np.full(len(picked), i, dtype=np.int64))
        ri.append(rows[picked])
        names.append(total[picked])
    counts = [len(part) for part in qi]
    other = other_features(
        q, registry.table, np.concatenate(qi), np.concatenate(ri), registry.rarity,
        registry.encoder,
    )  # fmt: skip
    x = np.column_stack([np.concatenate(names), other])
    starts = np.cumsum([0, *counts[:-1]])
    true_rows = np.repeat(starts, [c - 1 for c in counts])
    other_rows = np.concatenate(
        [np.arange(s + 1, s + c) for s, c in zip(starts, counts, strict=True)]
    )
    coef = rank_direction(x[true_rows] - x[other_rows]).astype(np.float32)
    model.candidate_name_weight = float(coef[0])
    model.candidate_weights = coef[1:]
    return model
