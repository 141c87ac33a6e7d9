import datetime as dt
import math
import statistics
import threading

import pytest
from django.db import connection

from kinhaven.accounts.enums import RoleCode
from kinhaven.audit.models import AuditEntry
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.stats.dimensions import DIMENSIONS
from kinhaven.stats.models import PrivacyDataset, PrivacyRelease
from kinhaven.stats.privacy import (
    discrete_laplace,
    noisy_counts,
    privacy_budget_left,
    privacy_budget_spent,
    privacy_dataset_create,
    privacy_release,
    release_values,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(world):
    return world.user("coordinator", RoleCode.NATIONAL_COORDINATOR, world.agency, None)


@pytest.fixture
def dataset(coordinator):
    return privacy_dataset_create(
        name="Cases opened in 2026",
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 12, 31),
        epsilon_budget=1.0,
        actor=coordinator,
    )


def release(dataset, actor, epsilon, dimension="sex", counts=None):
    return privacy_release(
        dataset=dataset,
        dimension=dimension,
        epsilon=epsilon,
        counts={"F": 12, "M": 30} if counts is None else counts,
        actor=actor,
    )


def refused_field(call, **kwargs) -> str | None:
    with pytest.raises(ApplicationError) as info:
        call(**kwargs)
    assert info.value.code == ErrorCode.INVALID
    return info.value.field


# The mechanism


@pytest.mark.parametrize(
    ("epsilon", "sensitivity"), [(1.0, 1), (0.1, 1), (0.3, 3), (0.7, 50), (0.33, 7), (2.0, 200)]
)
def test_the_privacy_map_at_the_sensitivity_is_the_epsilon(epsilon, sensitivity) -> None:
    measurement, scale = discrete_laplace(epsilon=epsilon, sensitivity=sensitivity)
    loss = measurement.map(sensitivity)
    assert loss <= epsilon
    assert loss == pytest.approx(epsilon, rel=1e-9)
    assert scale == pytest.approx(sensitivity / epsilon, rel=1e-9)
    # A child who counts more than the sensitivity says would cost more: the map is not flat.
    assert measurement.map(2 * sensitivity) == pytest.approx(2 * epsilon, rel=1e-9)


def test_noisy_counts_describe_the_mechanism() -> None:
    noisy, mechanism = noisy_counts([5, 0, 7], epsilon=0.5, sensitivity=2)
    assert len(noisy) == 3
    assert all(isinstance(n, int) and n >= 0 for n in noisy)
    assert mechanism == "discrete Laplace, scale 4, OpenDP 0.16.0"


@pytest.mark.parametrize("scale", [2, 5])
def test_the_noise_has_the_discrete_laplace_mean_and_variance(scale) -> None:
    true, draws = 1000, 20_000
    noisy, _mechanism = noisy_counts([true] * draws, epsilon=1 / scale, sensitivity=1)
    q = math.exp(-1 / scale)
    expected_variance = 2 * q / (1 - q) ** 2
    # Standard errors: sqrt(variance / draws) for the mean, about 1.6 % for the variance (the
    # discrete Laplace has a kurtosis near 6); the bounds are over 5 of them.
    assert statistics.fmean(noisy) == pytest.approx(
        true, abs=5 * math.sqrt(expected_variance / draws)
    )
    assert statistics.pvariance(noisy) == pytest.approx(expected_variance, rel=0.1)
    assert len(set(noisy)) > 10


def test_noise_below_zero_is_clamped_to_zero() -> None:
    noisy, _mechanism = noisy_counts([0] * 1000, epsilon=0.1, sensitivity=1)
    assert min(noisy) == 0
    assert max(noisy) > 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"epsilon": 0.0, "sensitivity": 1},
        {"epsilon": -1.0, "sensitivity": 1},
        {"epsilon": math.inf, "sensitivity": 1},
        {"epsilon": math.nan, "sensitivity": 1},
        {"epsilon": 1.0, "sensitivity": 0},
    ],
)
def test_the_mechanism_refuses_bad_parameters(kwargs) -> None:
    with pytest.raises(ValueError, match="must be a positive"):
        noisy_counts([1, 2], **kwargs)


def test_every_dimension_has_a_public_list_of_values() -> None:
    for code in DIMENSIONS:
        values = release_values(code)
        assert values
        assert len(values) == len(set(values))
    assert "AFG" in release_values("nationality")
    assert "unknown" in release_values("nationality")
    assert release_values("days_to_case")[-1] == "366"


# The datasets


def test_a_dataset_is_created_with_an_audit_entry(coordinator, dataset) -> None:
    assert dataset.created_by == coordinator
    assert privacy_budget_spent(dataset) == 0.0
    assert privacy_budget_left(dataset) == 1.0
    entry = AuditEntry.objects.get(action="privacy_dataset.create", object_id=dataset.public_id)
    assert entry.detail["epsilon_budget"] == 1.0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "Cases opened in 2026"}, "name"),
        ({"name": "  "}, "name"),
        ({"period_to": dt.date(2025, 12, 31)}, "period_to"),
        ({"epsilon_budget": 0.0}, "epsilon_budget"),
        ({"epsilon_budget": -1.0}, "epsilon_budget"),
        ({"epsilon_budget": 10.5}, "epsilon_budget"),
        ({"epsilon_budget": math.nan}, "epsilon_budget"),
    ],
)
def test_a_dataset_is_refused_naming_the_field(coordinator, dataset, change, field) -> None:
    kwargs = {
        "name": "Another",
        "period_from": dt.date(2026, 1, 1),
        "period_to": dt.date(2026, 6, 30),
        "epsilon_budget": 1.0,
        "actor": coordinator,
        **change,
    }
    assert refused_field(privacy_dataset_create, **kwargs) == field
    assert PrivacyDataset.objects.count() == 1


def test_a_budget_of_ten_is_allowed(coordinator) -> None:
    dataset = privacy_dataset_create(
        name="Wide",
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 1, 1),
        epsilon_budget=10,
        actor=coordinator,
    )
    assert dataset.epsilon_budget == 10.0


def test_a_role_without_the_capability_can_neither_create_nor_release(world, dataset) -> None:
    with pytest.raises(ApplicationError) as info:
        privacy_dataset_create(
            name="Mine",
            period_from=dt.date(2026, 1, 1),
            period_to=dt.date(2026, 1, 31),
            epsilon_budget=1.0,
            actor=world.analyst,
        )
    assert info.value.code == ErrorCode.PERMISSION_DENIED
    with pytest.raises(ApplicationError) as info:
        release(dataset, world.analyst, 0.1)
    assert info.value.code == ErrorCode.PERMISSION_DENIED
    assert not PrivacyRelease.objects.exists()


# The ledger


def test_a_release_reports_every_value_with_noise(coordinator, dataset) -> None:
    result = release(dataset, coordinator, 0.5)
    assert result.dimension == "sex"
    assert result.epsilon == 0.5
    assert result.sensitivity == 1
    assert result.mechanism == "discrete Laplace, scale 2, OpenDP 0.16.0"
    assert [value for value, _n in result.result] == list(release_values("sex"))
    assert all(isinstance(n, int) and n >= 0 for _v, n in result.result)
    entry = AuditEntry.objects.get(action="privacy_dataset.release", object_id=dataset.public_id)
    assert entry.detail == {"dimension": "sex", "epsilon": 0.5}


def test_the_sensitivity_is_the_most_a_child_contributes(coordinator, dataset) -> None:
    result = release(dataset, coordinator, 0.5, dimension="exploitation", counts={})
    assert result.sensitivity == DIMENSIONS["exploitation"].max_per_child > 1
    scale = DIMENSIONS["exploitation"].max_per_child / 0.5
    assert result.mechanism == f"discrete Laplace, scale {scale:.4g}, OpenDP 0.16.0"


def test_releases_add_up_exactly_to_the_budget(coordinator, dataset) -> None:
    for _ in range(10):
        release(dataset, coordinator, 0.1)
    assert privacy_budget_spent(dataset) == pytest.approx(1.0)
    assert privacy_budget_left(dataset) == 0.0
    assert refused_field(release, dataset=dataset, actor=coordinator, epsilon=1e-6) == "epsilon"
    assert PrivacyRelease.objects.filter(dataset=dataset).count() == 10


def test_a_release_beyond_the_budget_is_refused_and_writes_nothing(coordinator, dataset) -> None:
    release(dataset, coordinator, 0.7)
    releases, entries = PrivacyRelease.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ApplicationError) as info:
        release(dataset, coordinator, 0.4)
    assert info.value.field == "epsilon"
    assert "0.3 is left" in str(info.value.message)
    assert (PrivacyRelease.objects.count(), AuditEntry.objects.count()) == (releases, entries)
    assert privacy_budget_left(dataset) == pytest.approx(0.3)
    release(dataset, coordinator, 0.3)
    assert privacy_budget_left(dataset) == 0.0


@pytest.mark.parametrize("epsilon", [0.0, -0.1, math.nan, math.inf, 1.5])
def test_a_bad_epsilon_is_refused(coordinator, dataset, epsilon) -> None:
    assert refused_field(release, dataset=dataset, actor=coordinator, epsilon=epsilon) == "epsilon"
    assert not PrivacyRelease.objects.exists()


def test_an_unknown_dimension_is_refused(coordinator, dataset) -> None:
    field = refused_field(
        release, dataset=dataset, actor=coordinator, epsilon=0.1, dimension="name"
    )
    assert field == "dimension"
    assert not PrivacyRelease.objects.exists()


@pytest.mark.parametrize("counts", [{"F": 1, "f": 2}, {"F": -1}, {"F": 1.5}, {"F": True}])
def test_counts_outside_the_values_or_not_counts_are_refused(coordinator, dataset, counts) -> None:
    field = refused_field(release, dataset=dataset, actor=coordinator, epsilon=0.1, counts=counts)
    assert field == "counts"
    assert not PrivacyRelease.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_concurrent_releases_over_the_budget_cannot_both_pass(coordinator, dataset) -> None:
    results: list[str] = []
    barrier = threading.Barrier(2)

    def spend() -> None:
        mine = PrivacyDataset.objects.get(pk=dataset.pk)
        barrier.wait()
        try:
            release(mine, coordinator, 0.6)
            results.append("ok")
        except ApplicationError as exc:
            results.append(exc.field or "")
        finally:
            connection.close()

    threads = [threading.Thread(target=spend) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["epsilon", "ok"]
    assert PrivacyRelease.objects.filter(dataset=dataset).count() == 1
    assert privacy_budget_spent(dataset) == pytest.approx(0.6)
