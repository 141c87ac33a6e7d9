"""The match model: a logistic regression over the comparison features, so that a score is a
probability that two records are the same child. Weights are data (model.json); `kinhaven
tracing_train` fits them again from synthetic data with known truth and from people's confirmed
and rejected matches."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kinhaven.tracing.engine.compare import FEATURES, FloatArray

MODEL_PATH = Path(__file__).with_name("model.json")


@dataclass
class Model:
    weights: FloatArray
    intercept: float

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        by_name = dict(zip(data["features"], data["coef"], strict=True))
        weights = np.array([by_name.get(f, 0.0) for f in FEATURES], dtype=np.float32)
        return cls(weights, float(data["intercept"]))

    def save(self, path: Path = MODEL_PATH, *, trained_on: str = "") -> None:
        data = {
            "features": list(FEATURES),
            "coef": [round(float(w), 6) for w in self.weights],
            "intercept": round(self.intercept, 6),
            "trained_on": trained_on,
        }
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    def probability(self, x: FloatArray) -> FloatArray:
        z = np.clip(x @ self.weights + self.intercept, -30, 30)
        out: FloatArray = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
        return out

    def explain(self, x: FloatArray) -> list[tuple[str, float]]:
        """The features of one pair that moved its score, strongest first (log-odds)."""
        contributions = x * self.weights
        order = np.argsort(-np.abs(contributions))
        return [(FEATURES[i], float(contributions[i])) for i in order if contributions[i] != 0]


def fit(x: FloatArray, y: np.ndarray, weight: np.ndarray | None = None) -> Model:
    """Fit the weights on labelled pairs (each with a weight, if given)."""
    from sklearn.linear_model import (  # type: ignore[import-untyped]  # no stubs; training only
        LogisticRegression,
    )

    reg = LogisticRegression(C=1.0, max_iter=2000)
    reg.fit(x, y, sample_weight=weight)
    return Model(reg.coef_[0].astype(np.float32), float(reg.intercept_[0]))
