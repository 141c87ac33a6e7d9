"""What a noisy release counts: the true counts of a dataset's period, before the noise."""

from __future__ import annotations

from kinhaven.stats.dimensions import DIMENSIONS
from kinhaven.stats.models import PrivacyDataset
from kinhaven.stats.queries import Filters, count_by_value


def release_counts(dataset: PrivacyDataset, dimension: str) -> dict[str, int]:
    """Every known value of the dimension (zeros included, so that which values appear reveals
    nothing), with the count over the dataset's period."""
    filters = Filters(
        month_from=dataset.period_from.replace(day=1), month_to=dataset.period_to.replace(day=1)
    )
    counts = {v: n for v, (n, _k) in count_by_value(dimension, filters=filters).items()}
    meta = DIMENSIONS.get(dimension)
    known = list(meta.values) if meta is not None and meta.values is not None else []
    return {**dict.fromkeys(known, 0), **counts}
