"""Fit the match model on synthetic data with known truth (and on people's decisions)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from kinhaven.tracing.engine.compare import FEATURES, FloatArray, other_features
from kinhaven.tracing.engine.dedupe import Deduper, context_inputs
from kinhaven.tracing.engine.matcher import Registry
from kinhaven.tracing.engine.model import Model, fit, logistic_regression, rank_direction
from kinhaven.tracing.engine.normalize import normalize
from kinhaven.tracing.engine.synth import FITTED, dedupe_scenario, linkage_scenario
from kinhaven.tracing.engine.table import IntArray

# Each further profile's data are drawn from the seed plus this many times its place, so that
# no two profiles share a seed.
PROFILE_SEEDS = 1000


def _each_profile(profiles: Sequence[str], seed: int) -> list[tuple[str, int]]:
    """The profiles to fit on, each with its own seed (the first with `seed` itself)."""
    if not profiles:
        raise ValueError("no profile to fit on")
    return [(name, seed + PROFILE_SEEDS * k) for k, name in enumerate(profiles)]


def training_pairs(
    *, n_registry: int, n_queries: int, seed: int, model: Model | None = None,
    profiles: Sequence[str] = FITTED,
) -> tuple[FloatArray, np.ndarray, np.ndarray]:  # fmt: skip
    """Candidate pairs as the matcher finds them (with `model`'s weights ranking candidates, or
    names alone), labelled by the truth, with the query of each: a registry of `n_registry`
    for each of `profiles`, the `n_queries` shared among them."""
    xs, ys, groups = [], [], []
    offset = 0
    for name, profile_seed in _each_profile(profiles, seed):
        x, y, qi = _profile_pairs(
            n_registry, max(n_queries // len(profiles), 1), profile_seed, name, model
        )
        xs.append(x)
        ys.append(y)
        groups.append(qi + offset)
        offset += int(qi.max(initial=-1)) + 1
    return np.vstack(xs), np.concatenate(ys), np.concatenate(groups)


def _profile_pairs(
    n_registry: int, n_queries: int, seed: int, profile: str, model: Model | None
) -> tuple[FloatArray, np.ndarray, np.ndarray]:
    scenario = linkage_scenario(n_registry, n_queries, seed=seed, profile=profile)
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
    *, n_registry: int = 20_000, n_queries: int = 6_000, seed: int = 7, model: Model | None = None,
    profiles: Sequence[str] = FITTED,
) -> Model:  # fmt: skip
    x, y, groups = training_pairs(
        n_registry=n_registry, n_queries=n_queries, seed=seed, model=model, profiles=profiles
    )
    return fit(x, y, groups)


def completed(
    model: Model, *, n_registry: int, n_queries: int, seed: int,
    profiles: Sequence[str] = FITTED,
) -> Model:  # fmt: skip
    """The model with what follows its weights fitted on `profiles`: the calibration for two
    records of one registry, the ranking of candidates, and the context of records."""
    model = calibrate_records(model, n_records=n_registry, seed=seed, profiles=profiles)
    model = fit_candidates(
        model, n_registry=n_registry, n_queries=n_queries, seed=seed, profiles=profiles
    )
    return fit_context(model, n_records=n_registry, seed=seed, profiles=profiles)


def calibrate_records(
    model: Model, *, n_records: int, seed: int, profiles: Sequence[str] = FITTED
) -> Model:
    """Fit the scale and intercept that make `model`'s ranking score a probability for pairs of
    records of one registry, on synthetic records with known truth (a registry of `n_records`
    for each of `profiles`); return the model with them."""
    unscaled = Model(model.weights, model.intercept)
    xs, ys = [], []
    for name, profile_seed in _each_profile(profiles, seed):
        records, truth = dedupe_scenario(n_records, seed=profile_seed, profile=name)
        deduper = Deduper(records, model=unscaled)
        qi, ri = deduper.candidates()
        x, _prob = deduper.score(qi, ri)
        rids = deduper.table.rids
        xs.append(x)
        ys.append(
            np.array(
                [truth[rids[i]] == truth[rids[j]]
                 for i, j in zip(qi.tolist(), ri.tolist(), strict=True)],
                dtype=bool,
            )
        )  # fmt: skip
    x, y = np.vstack(xs), np.concatenate(ys)
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
    registries: int = CONTEXT_REGISTRIES, profiles: Sequence[str] = FITTED,
) -> Model:  # fmt: skip
    """Fit the context step (dedupe.context_inputs): each round's trees on `registries`
    synthetic registries of its own with known truth (seeds `seed`, `seed` + 1, ...; the
    profiles taken in turn), with the context of the rounds before it; return the model with
    them."""
    import lightgbm

    fitted: list[lightgbm.Booster] = []
    for k in range(rounds):
        inputs, labels = [], []
        for r in range(registries):
            number = k * registries + r
            records, truth = dedupe_scenario(
                n_records, seed=seed + number, profile=profiles[number % len(profiles)]
            )
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


def fit_candidates(
    model: Model, *, n_registry: int, n_queries: int, seed: int,
    profiles: Sequence[str] = FITTED,
) -> Model:  # fmt: skip
    """Fit the weights that cut each query's candidates sharing names to the few the model
    scores in full: the true match's rarity of shared names and its other fields' features
    against those of other candidates (a ranking, as in `fit`), on a registry of `n_registry`
    for each of `profiles` with the `n_queries` shared among them; return the model with them."""
    diffs = []
    for name, profile_seed in _each_profile(profiles, seed):
        diffs.append(
            _candidate_differences(
                model, n_registry, max(n_queries // len(profiles), 1), profile_seed, name
            )
        )
    coef = rank_direction(np.vstack(diffs)).astype(np.float32)
    model.candidate_name_weight = float(coef[0])
    model.candidate_weights = coef[1:]
    return model


def _candidate_differences(
    model: Model, n_registry: int, n_queries: int, seed: int, profile: str
) -> FloatArray:
    """The features of each query's true match minus those of its other candidates sharing
    names (up to NEGATIVES of them, drawn at random)."""
    scenario = linkage_scenario(n_registry, n_queries, seed=seed, profile=profile)
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
    if not qi:
        return np.empty((0, 1 + len(FEATURES)), dtype=np.float32)
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
    out: FloatArray = x[true_rows] - x[other_rows]
    return out
