"""The match model: a logistic regression over the comparison features, so that a score is a
probability that two records are the same child. Weights are data (model.json); `kinhaven
tracing_train` fits them again from synthetic data with known truth and from people's confirmed
and rejected matches."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from kinhaven.tracing.engine.compare import FEATURES, FloatArray

if TYPE_CHECKING:
    import lightgbm

MODEL_PATH = Path(__file__).with_name("model.json")
# What else a registry says of two of its records (dedupe.context_features), each as log-odds:
# the pair's own; the best other look-alike either record has (the higher and the lower of the
# two records'); how many others look like either (log of one plus their odds); the best
# record both look like (a third registration of the same child); the best look-alike of
# either that the other does not look like (a rival: another child of the same name).
# The features ending in _5 are the same floored at -5: "none" is not a number.
CONTEXT: tuple[str, ...] = (
    "pair", "other_max", "other_min", "others_odds_max", "others_odds_min", "shared",
    "shared_5", "rival_max", "rival_min", "rival_max_5",
)  # fmt: skip


class TrainingExtraMissing(ImportError):
    """Fitting needs scikit-learn, which only the `train` extra installs."""


def logistic_regression(**params: Any) -> Any:
    """A scikit-learn LogisticRegression, to fit weights with.

    Scoring needs numpy and LightGBM alone; scikit-learn is installed with Kinhaven's `train`
    extra only, so that a server does not carry it (nor import it with LightGBM).
    """
    try:
        from sklearn.linear_model import (  # type: ignore[import-untyped]  # no stubs
            LogisticRegression,
        )
    except ImportError as exc:
        raise TrainingExtraMissing(
            "Fitting the match model needs scikit-learn: pip install 'kinhaven[train]'."
        ) from exc
    return LogisticRegression(**params)


class TreeFiles(Sequence["lightgbm.Booster"]):
    """The context step's rounds of trees, each in a text file of its own beside the weights
    (LightGBM's format: data, read without running code), read at first use. Reading them
    imports LightGBM (and scikit-learn, where the `train` extra installed it): half a second
    that a process which only matches does not spend."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = tuple(paths)
        self._trees: tuple[lightgbm.Booster, ...] | None = None

    def _read(self) -> tuple[lightgbm.Booster, ...]:
        if self._trees is None:
            import lightgbm

            self._trees = tuple(lightgbm.Booster(model_file=str(p)) for p in self.paths)
        return self._trees

    def __len__(self) -> int:
        return len(self.paths)

    @overload
    def __getitem__(self, index: int) -> lightgbm.Booster: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[lightgbm.Booster]: ...
    def __getitem__(self, index: int | slice) -> lightgbm.Booster | Sequence[lightgbm.Booster]:
        return self._read()[index]


def weighed(x: FloatArray, weights: FloatArray) -> FloatArray:
    """x @ weights, summed column by column: each pair's sum is the same however many pairs
    are weighed at once (a matrix product's rounding depends on where a row falls in it), so
    that the engines, which score pairs in batches of their own, agree to the last bit."""
    out = np.zeros(len(x), dtype=np.float32)
    for k in np.flatnonzero(weights).tolist():
        out += x[:, k] * weights[k]
    return out


@dataclass
class Model:
    weights: FloatArray
    intercept: float
    # The scale and intercept that make the same ranking score a probability for two records
    # of one registry (duplicates), where the share of true pairs among candidates differs.
    records_scale: float | None = None
    records_intercept: float | None = None
    # The size of the registry those were fitted on: in a larger one, more children look alike
    # by chance, and the prior odds that two records are one child fall with its size.
    records_calibrated_on: int = 100_000
    # How a query's candidates that share names are cut to the few the model scores in full:
    # the weight of the shared names' rarity, and weights of the other fields' features (those
    # other_features computes), fitted to keep each query's true match among them.
    candidate_name_weight: float = 2.0
    candidate_weights: FloatArray | None = None
    # How the probability that two records of one registry are one child changes with what
    # else the registry holds (dedupe.CONTEXT: look-alikes each has, records both look like):
    # gradient-boosted trees over those and the pair's own features, fitted on records with
    # known truth; each round's probabilities give the next round's context (context_inputs).
    context_rounds: Sequence[lightgbm.Booster] = ()

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        by_name = dict(zip(data["features"], data["coef"], strict=True))
        weights = np.array([by_name.get(f, 0.0) for f in FEATURES], dtype=np.float32)
        scale, intercept = data.get("records_scale"), data.get("records_intercept")
        candidate = data.get("candidate_coef")
        rounds = TreeFiles([path.with_name(name) for name in data.get("context_rounds", [])])
        return cls(
            weights,
            float(data["intercept"]),
            None if scale is None else float(scale),
            None if intercept is None else float(intercept),
            int(data.get("records_calibrated_on", 100_000)),
            float(data.get("candidate_name_weight", 2.0)),
            None
            if candidate is None
            else np.array([candidate.get(f, 0.0) for f in FEATURES], dtype=np.float32),
            rounds,
        )

    def save(self, path: Path = MODEL_PATH, *, trained_on: str = "") -> None:
        rounds = [f"{path.stem}.context{k}.txt" for k in range(1, len(self.context_rounds) + 1)]
        data = {
            "features": list(FEATURES),
            "coef": [round(float(w), 6) for w in self.weights],
            "intercept": round(self.intercept, 6),
            "records_scale": None if self.records_scale is None else round(self.records_scale, 6),
            "records_intercept": (
                None if self.records_intercept is None else round(self.records_intercept, 6)
            ),
            "records_calibrated_on": self.records_calibrated_on,
            "candidate_name_weight": round(self.candidate_name_weight, 6),
            "candidate_coef": None
            if self.candidate_weights is None
            else {
                f: round(float(w), 6)
                for f, w in zip(FEATURES, self.candidate_weights, strict=True)
                if w
            },
            "context_rounds": rounds,
            "trained_on": trained_on,
        }
        for name, booster in zip(rounds, self.context_rounds, strict=True):
            booster.save_model(str(path.with_name(name)))
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    def for_records(self, registry_size: int = 0) -> Model:
        """The model as it scores two records of one registry (duplicates) of `registry_size`
        records: the prior odds fall in proportion above the size it was calibrated on."""
        if self.records_scale is None or self.records_intercept is None:
            return self
        larger = max(registry_size, self.records_calibrated_on) / self.records_calibrated_on
        return Model(
            (self.weights * self.records_scale).astype(np.float32),
            self.records_intercept - float(np.log(larger)),
            candidate_name_weight=self.candidate_name_weight,
            candidate_weights=self.candidate_ranking()[1],
            context_rounds=self.context_rounds,
        )

    def candidate_ranking(self) -> tuple[float, FloatArray]:
        """The weight of shared names' rarity and of the other fields' features that rank a
        query's candidates before the model scores the best of them."""
        if self.candidate_weights is None:
            return self.candidate_name_weight, self.weights
        return self.candidate_name_weight, self.candidate_weights

    def probability(self, x: FloatArray) -> FloatArray:
        z = np.clip(weighed(x, self.weights) + self.intercept, -30, 30)
        out: FloatArray = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
        return out

    def explain(self, x: FloatArray) -> list[tuple[str, float]]:
        """The features of one pair that moved its score, strongest first (log-odds)."""
        contributions = x * self.weights
        order = np.argsort(-np.abs(contributions))
        return [(FEATURES[i], float(contributions[i])) for i in order if contributions[i] != 0]


HARD = 10  # a query's best-ranked other candidates its true match is set against, at last


def fit(
    x: FloatArray, y: np.ndarray, groups: np.ndarray, weight: np.ndarray | None = None,
    hard: int = HARD,
) -> Model:  # fmt: skip
    """Fit the weights on labelled pairs, each of a group (the query it is a candidate of).

    First the weights that rank each group's true match above its other candidates (a logistic
    regression on their differences), then one scale and intercept that make the ranking
    score a probability (Platt scaling on every pair). Ranking is what finds a child; a model
    fitted on pairs alone spends itself on the many easy non-matches. So does a ranking fitted
    on every other candidate alike: the weights are fitted again on the `hard` other candidates
    each group's first weights rank highest, those a true match must be put above.
    """
    weight = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=np.float64)
    y = np.asarray(y, dtype=bool)
    b, w = _ranked_pairs(y, groups, np.ones(len(y), dtype=bool))
    if len(b):
        direction = rank_direction(x[b] - x[w], weight[b])
        top = _rank_in_group(x @ direction, groups) < hard
        hb, hw = _ranked_pairs(y, groups, top)
        if len(hb):
            direction = rank_direction(x[hb] - x[hw], weight[hb])
    else:
        direction = (
            logistic_regression(C=1.0, max_iter=2000).fit(x, y, sample_weight=weight).coef_[0]
        )
    score = (x @ direction).reshape(-1, 1)
    platt = logistic_regression(max_iter=1000).fit(score, y, sample_weight=weight)
    scale = float(platt.coef_[0][0])
    return Model((scale * direction).astype(np.float32), float(platt.intercept_[0]))


def _ranked_pairs(
    y: np.ndarray, groups: np.ndarray, negatives: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rows of (true match, other candidate) pairs of each group, the other candidates among
    `negatives` (a mask)."""
    order = np.argsort(groups, kind="stable")
    bounds = np.flatnonzero(np.r_[True, groups[order][1:] != groups[order][:-1], True])
    better, worse = [], []
    for s, e in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        rows = order[s:e]
        pos, neg = rows[y[rows]], rows[~y[rows] & negatives[rows]]
        if len(pos) and len(neg):
            better.append(np.repeat(pos, len(neg)))
            worse.append(np.tile(neg, len(pos)))
    if not better:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(better), np.concatenate(worse)


def _rank_in_group(score: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each row's rank (0 = best score) among the rows of its group."""
    order = np.lexsort((-score, groups))
    ordered = groups[order]
    rank = np.empty(len(score), dtype=np.int64)
    rank[order] = np.arange(len(score)) - np.searchsorted(ordered, ordered)
    return rank


def rank_direction(diff: FloatArray, weight: np.ndarray | None = None) -> np.ndarray:
    """The weights that score the better of each pair of candidates above the worse, from the
    differences of their features (better minus worse): a logistic regression without
    intercept on the differences both ways."""
    ranker = logistic_regression(C=1.0, max_iter=3000, fit_intercept=False)
    ranker.fit(
        np.vstack([diff, -diff]),
        np.r_[np.ones(len(diff)), np.zeros(len(diff))],
        sample_weight=None if weight is None else np.tile(weight, 2),
    )
    direction: np.ndarray = ranker.coef_[0]
    return direction
