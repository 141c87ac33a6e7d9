"""What a noisy release counts: the true counts of a dataset's period, before the noise (the
release adds every other possible value at 0, privacy.release_values)."""

from __future__ import annotations

from kinhaven.stats.models import PrivacyDataset
from kinhaven.stats.queries import Filters, count_by_value


def release_counts(dataset: PrivacyDataset, dimension: str) -> dict[str, int]:
    filters = Filters(
        month_from=dataset.period_from.replace(day=1), month_to=dataset.period_to.replace(day=1)
    )
    return {v: n for v, (n, _k) in count_by_value(dimension, filters=filters).items()}
