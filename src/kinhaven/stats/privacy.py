"""Figures released with differential privacy, and the ledger of the privacy budget they spend.

A release adds discrete Laplace noise, calibrated by OpenDP, to the counts of one dimension over a
dataset's period. Its epsilon bounds what the release can reveal about any one child, given that
one child changes the counts by at most the dimension's `max_per_child` in total (L1). The
releases of a dataset add up (sequential composition), so the ledger refuses any release that
would take their sum over the dataset's budget.

The release covers every value the dimension can take, not only the values the counts hold: which
values appear would itself tell who is in the data (a nationality no other child has), and the
noise hides counts, not the list of values they are reported for.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.metadata import version

import opendp.measurements as dpm
import pycountry
from django.db import transaction
from django.utils.translation import gettext as _
from opendp.domains import atom_domain, vector_domain
from opendp.metrics import l1_distance
from opendp.mod import Measurement, binary_search_param, enable_features

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.validation import SPECIAL_NATIONALITY_CODES
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.referrals.enums import ReferralStatus, ServiceKind
from kinhaven.stats.dimensions import DIMENSIONS, UNKNOWN, days_bucket
from kinhaven.stats.models import PrivacyDataset, PrivacyRelease

# OpenDP makes its components whose proofs are written but not yet through its own review opt-in
# under "contrib"; the discrete Laplace measurement on integers is one of them (its proof:
# docs.opendp.org/en/v0.16.0/proofs/rust/src/measurements/noise/distribution/laplace/
# make_laplace.pdf). It is the only flag set. Not "floating-point": the data and the noise are
# integers and no float arithmetic touches them, so the attacks on float noise do not apply; the
# scale is a float only as the noise's parameter, and OpenDP rounds its privacy map upwards.
# Not "honest-but-curious": no function of ours runs inside an OpenDP measurement.
# The flag is the process's, not this module's: anything else built on "contrib" needs the same
# reading of its proof before it is used.
enable_features("contrib")

OPENDP_VERSION = version("opendp")

MAX_BUDGET = 10.0
# Floats do not add up exactly (ten releases of 0.1 sum to 0.9999999999999999); budgets are
# compared with this slack, which is all a dataset can ever go over its budget by, in total.
TOLERANCE = 1e-9

_SPACE = (vector_domain(atom_domain(T="i64")), l1_distance(T="i64"))


def discrete_laplace(*, epsilon: float, sensitivity: int) -> tuple[Measurement, float]:
    """The OpenDP measurement that adds discrete Laplace noise to a vector of counts, with the
    scale it uses, such that its privacy map at L1 distance `sensitivity` is at most `epsilon`."""
    if not (math.isfinite(epsilon) and epsilon > 0):
        raise ValueError("epsilon must be a positive number")
    if isinstance(sensitivity, bool) or not isinstance(sensitivity, int) or sensitivity < 1:
        raise ValueError("sensitivity must be a positive integer")
    epsilon = float(epsilon)
    scale = sensitivity / epsilon
    measurement = dpm.make_laplace(*_SPACE, scale=scale)
    if not measurement.check(sensitivity, epsilon):
        # OpenDP rounds the map up, so sensitivity / epsilon can land a hair over epsilon: take
        # the smallest scale OpenDP itself finds within it.
        scale = binary_search_param(
            lambda s: dpm.make_laplace(*_SPACE, scale=s),
            d_in=sensitivity,
            d_out=epsilon,
            bounds=(scale, 2 * scale),
        )
        measurement = dpm.make_laplace(*_SPACE, scale=scale)
    # The release rests on this (check: the privacy map at sensitivity is at most epsilon):
    # refuse rather than release with more loss than was asked for.
    if not measurement.check(sensitivity, epsilon):
        raise RuntimeError("the noise could not be calibrated to the epsilon")
    return measurement, scale


def noisy_counts(
    counts: Sequence[int], *, epsilon: float, sensitivity: int
) -> tuple[list[int], str]:
    """The counts with discrete Laplace noise for an epsilon at the given L1 sensitivity, and a
    description of the mechanism."""
    if any(isinstance(c, bool) or not isinstance(c, int) or c < 0 for c in counts):
        raise ValueError("counts must be integers of at least 0")
    measurement, scale = discrete_laplace(epsilon=epsilon, sensitivity=sensitivity)
    released = measurement(list(counts))
    # A negative count means nothing to a reader; clamping only uses the noisy output
    # (post-processing), so the release keeps its epsilon.
    return [max(int(c), 0) for c in released], (
        f"discrete Laplace, scale {scale:.4g}, OpenDP {OPENDP_VERSION}"
    )


@cache
def release_values(dimension: str) -> tuple[str, ...]:
    """Every value a dimension can take, known without the data: what a release reports."""
    known = DIMENSIONS[dimension].values
    if known is not None:
        return tuple(known)
    if dimension == "nationality":
        codes = {c.alpha_3 for c in pycountry.countries} | set(SPECIAL_NATIONALITY_CODES)
        return (*sorted(codes), UNKNOWN)
    if dimension == "referral":
        return tuple(
            f"{kind}:{status}" for kind in ServiceKind.values for status in ReferralStatus.values
        )
    if dimension == "deadline":
        return tuple(
            f"{code}:{outcome}" for code in DeadlineCode.values for outcome in ("met", "missed")
        )
    if DIMENSIONS[dimension].numeric:
        # The buckets days_bucket puts any number of days in (the last holds 366 and more).
        return tuple(str(b) for b in sorted({days_bucket(days) for days in range(367)}))
    raise ValueError(f"no public list of values for {dimension}")


def privacy_budget_spent(dataset: PrivacyDataset) -> float:
    """The epsilon the dataset's releases have spent."""
    # Summed here, exactly (fsum), rather than in the database, whose order of adding is its own.
    return math.fsum(
        PrivacyRelease.objects.filter(dataset=dataset).values_list("epsilon", flat=True)
    )


def privacy_budget_left(dataset: PrivacyDataset) -> float:
    """The epsilon the dataset has left for further releases."""
    left = dataset.epsilon_budget - privacy_budget_spent(dataset)
    return left if left > TOLERANCE else 0.0


def _positive(value: float) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


@transaction.atomic
def privacy_dataset_create(
    *, name: str, period_from: dt.date, period_to: dt.date, epsilon_budget: float, actor: User
) -> PrivacyDataset:
    """Open a dataset: the period its figures count and the privacy budget they share."""
    capability_require(actor, Capability.STATS_RELEASE)
    name = name.strip()
    if not name:
        raise ApplicationError(ErrorCode.INVALID, _("Give the dataset a name."), field="name")
    if PrivacyDataset.objects.filter(name=name).exists():
        raise ApplicationError(
            ErrorCode.INVALID, _("A dataset with this name exists already."), field="name"
        )
    if period_from > period_to:
        raise ApplicationError(
            ErrorCode.INVALID, _("The period cannot end before it starts."), field="period_to"
        )
    if not (_positive(epsilon_budget) and epsilon_budget <= MAX_BUDGET):
        raise ApplicationError(
            ErrorCode.INVALID,
            _("The privacy budget must be more than 0 and at most %(max)s.") % {"max": MAX_BUDGET},
            field="epsilon_budget",
        )
    dataset = PrivacyDataset.objects.create(
        name=name,
        period_from=period_from,
        period_to=period_to,
        epsilon_budget=float(epsilon_budget),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.PRIVACY_DATASET_CREATE,
        object_type="privacy_dataset",
        object_id=dataset.public_id,
        detail={
            "period_from": period_from.isoformat(),
            "period_to": period_to.isoformat(),
            "epsilon_budget": dataset.epsilon_budget,
        },
    )
    return dataset


@transaction.atomic
def privacy_release(
    *,
    dataset: PrivacyDataset,
    dimension: str,
    epsilon: float,
    counts: Mapping[str, int],
    actor: User,
) -> PrivacyRelease:
    """Release one dimension's counts over the dataset's period with noise, spending `epsilon`
    of its budget; `counts` are the true counts by value, a value missing counting 0."""
    capability_require(actor, Capability.STATS_RELEASE)
    if dimension not in DIMENSIONS:
        raise ApplicationError(ErrorCode.INVALID, _("Unknown figures."), field="dimension")
    if not _positive(epsilon):
        raise ApplicationError(
            ErrorCode.INVALID, _("Epsilon must be a number above 0."), field="epsilon"
        )
    values = release_values(dimension)
    # The message names no value: a value outside the list may be a code of one child's record.
    if not set(counts) <= set(values):
        raise ApplicationError(
            ErrorCode.INVALID,
            _("The counts hold values these figures do not have."),
            field="counts",
        )
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts.values()):
        raise ApplicationError(
            ErrorCode.INVALID, _("Counts must be whole numbers of at least 0."), field="counts"
        )
    # The lock makes concurrent releases from one dataset take turns, so that each sees what the
    # others spent.
    locked = PrivacyDataset.objects.select_for_update().get(pk=dataset.pk)
    spent = privacy_budget_spent(locked)
    if spent + epsilon > locked.epsilon_budget + TOLERANCE:
        left = max(locked.epsilon_budget - spent, 0.0)
        raise ApplicationError(
            ErrorCode.INVALID,
            _("This would spend more than the dataset's privacy budget: %(left)s is left.")
            % {"left": f"{left:.6g}"},
            field="epsilon",
        )
    sensitivity = DIMENSIONS[dimension].max_per_child
    noisy, mechanism = noisy_counts(
        [counts.get(v, 0) for v in values], epsilon=float(epsilon), sensitivity=sensitivity
    )
    release = PrivacyRelease.objects.create(
        dataset=locked,
        dimension=dimension,
        epsilon=float(epsilon),
        mechanism=mechanism,
        sensitivity=sensitivity,
        result=[[v, n] for v, n in zip(values, noisy, strict=True)],
        released_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.PRIVACY_RELEASE,
        object_type="privacy_dataset",
        object_id=locked.public_id,
        detail={"dimension": dimension, "epsilon": release.epsilon},
    )
    return release
