"""People's decisions as training data: every confirmed or rejected match, every merged pair and
every pair told apart is a labelled example of the same child or of two children."""

from __future__ import annotations

import numpy as np

from kinhaven.tracing.engine.compare import FEATURES, FloatArray
from kinhaven.tracing.engine.model import Model, fit
from kinhaven.tracing.engine.train import training_pairs
from kinhaven.tracing.enums import CandidateStatus, Decision
from kinhaven.tracing.explain import feature_vector
from kinhaven.tracing.models import DuplicateCandidate, TracingMatch

# One decision by a person counts as much as this many synthetic pairs.
DECISION_WEIGHT = 20.0


def decision_pairs() -> tuple[FloatArray, np.ndarray]:
    """The feature values and labels of every decided pair."""
    rows: list[FloatArray] = []
    labels: list[bool] = []
    for values, decision in TracingMatch.objects.exclude(decision=Decision.PENDING).values_list(
        "features", "decision"
    ):
        rows.append(feature_vector(values))
        labels.append(decision == Decision.CONFIRMED)
    for values, status in DuplicateCandidate.objects.exclude(
        status=CandidateStatus.OPEN
    ).values_list("features", "status"):
        rows.append(feature_vector(values))
        labels.append(status == CandidateStatus.MERGED)
    x = np.array(rows, dtype=np.float32).reshape(len(rows), len(FEATURES))
    return x, np.array(labels, dtype=bool)


def train_with_decisions(
    *, n_registry: int, n_queries: int, seed: int = 7
) -> tuple[Model, int, int]:
    """Fit the model on synthetic pairs with known truth and on the decisions kept; return it
    with the number of synthetic and decided pairs it learned from."""
    xs, ys = training_pairs(n_registry=n_registry, n_queries=n_queries, seed=seed)
    xd, yd = decision_pairs()
    x = np.vstack([xs, xd])
    y = np.concatenate([ys, yd])
    weight = np.concatenate([np.ones(len(ys)), np.full(len(yd), DECISION_WEIGHT)])
    return fit(x, y, weight), len(ys), len(yd)
