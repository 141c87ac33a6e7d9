"""People's decisions as training data: every confirmed or rejected match, every merged pair and
every pair told apart is a labelled example of the same child or of two children."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kinhaven.tracing.engine.compare import FEATURES, FloatArray
from kinhaven.tracing.engine.model import Model, fit
from kinhaven.tracing.engine.synth import FITTED
from kinhaven.tracing.engine.train import completed, training_pairs
from kinhaven.tracing.enums import CandidateStatus, Decision
from kinhaven.tracing.explain import feature_vector
from kinhaven.tracing.models import DuplicateCandidate, TracingMatch

# One decision by a person counts as much as this many synthetic pairs.
DECISION_WEIGHT = 20.0


def decision_pairs() -> tuple[FloatArray, np.ndarray, np.ndarray]:
    """The feature values and labels of every decided pair, and its group: the matches of one
    tracing request compete; a pair of records stands alone."""
    rows: list[FloatArray] = []
    labels: list[bool] = []
    groups: list[int] = []
    matches = TracingMatch.objects.exclude(decision=Decision.PENDING)
    for values, decision, request_id in matches.values_list("features", "decision", "request_id"):
        rows.append(feature_vector(values))
        labels.append(decision == Decision.CONFIRMED)
        groups.append(request_id)
    last = max(groups, default=0)
    pairs = DuplicateCandidate.objects.exclude(status=CandidateStatus.OPEN)
    for values, status, pk in pairs.values_list("features", "status", "pk"):
        rows.append(feature_vector(values))
        labels.append(status == CandidateStatus.MERGED)
        groups.append(last + pk)
    x = np.array(rows, dtype=np.float32).reshape(len(rows), len(FEATURES))
    return x, np.array(labels, dtype=bool), np.array(groups, dtype=np.int64)


def train_with_decisions(
    *, n_registry: int, n_queries: int, seed: int = 7, profiles: Sequence[str] = FITTED
) -> tuple[Model, int, int]:
    """Fit the model on synthetic pairs with known truth (of each of `profiles`) and on the
    decisions kept; return it with the number of synthetic and decided pairs it learned from."""
    xs, ys, gs = training_pairs(
        n_registry=n_registry, n_queries=n_queries, seed=seed, model=Model.load(),
        profiles=profiles,
    )  # fmt: skip
    xd, yd, gd = decision_pairs()
    x = np.vstack([xs, xd])
    y = np.concatenate([ys, yd])
    groups = np.concatenate([gs, gd + int(gs.max(initial=0)) + 1])
    weight = np.concatenate([np.ones(len(ys)), np.full(len(yd), DECISION_WEIGHT)])
    model = completed(
        fit(x, y, groups, weight), n_registry=n_registry, n_queries=n_queries, seed=seed,
        profiles=profiles,
    )  # fmt: skip
    return model, len(ys), len(yd)
