"""What the statistics are computed from, and what they have released.

`CaseFact` is one row per protection case with the codes the figures count (no name, no date of
birth, no free text): the task worker keeps it up to date after every event on the case's timeline.
`StatCell` adds the facts up by month, region, agency and dimension, so that the national figures
over millions of cases are sums over a few thousand rows. `PrivacyDataset` and `PrivacyRelease` are
the ledger of the differentially private releases; `StatExport` an export being written in the
background.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.models import BaseModel
from kinhaven.stats.enums import ExportFormat, ExportKind, ExportStatus


class CaseFact(models.Model):
    """The coded facts of one case that the statistics count."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="stats_fact")
    # Random, fixed for the life of the row: the cell key of a published figure is the sum of the
    # keys of the records it counts (disclosure.py), so a figure keeps its perturbation.
    record_key = models.BigIntegerField()
    month = models.DateField()
    region = models.CharField(max_length=10, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=30)
    trafficking_status = models.CharField(max_length=40, blank=True)
    age_group = models.CharField(max_length=10)
    age_years = models.PositiveSmallIntegerField(null=True)
    sex = models.CharField(max_length=1)
    nationality = models.CharField(max_length=3, blank=True)
    channel = models.CharField(max_length=20)
    exploitation = models.JSONField(default=list)
    days_to_case = models.IntegerField(null=True)
    days_to_guardian = models.IntegerField(null=True)
    days_to_identification = models.IntegerField(null=True)
    # {deadline code: [met on time, missed, open and overdue now]}
    deadlines = models.JSONField(default=dict)
    # When time alone will change these facts (the next open deadline falls due).
    next_change_at = models.DateTimeField(null=True)
    missing_episodes = models.PositiveIntegerField(default=0)
    missing_found = models.PositiveIntegerField(default=0)
    missing_now = models.BooleanField(default=False)
    return_interviews = models.PositiveIntegerField(default=0)
    placements = models.JSONField(default=list)
    # [[service kind, status], ...]
    referrals = models.JSONField(default=list)
    tracing = models.CharField(max_length=20)
    refreshed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["assigned_to", "status"], name="stats_fact_assigned"),
            models.Index(fields=["agency", "month"], name="stats_fact_agency_month"),
            models.Index(fields=["month"], name="stats_fact_month"),
            models.Index(fields=["next_change_at"], name="stats_fact_next_change"),
        ]

    def __str__(self) -> str:
        return f"facts of case {self.case_id}"


class StatCell(models.Model):
    """How many facts have `value` on `dimension`, for one month, region and agency; with the sum
    of their record keys."""

    month = models.DateField()
    region = models.CharField(max_length=10, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=30)
    value = models.CharField(max_length=60)
    n = models.BigIntegerField(default=0)
    key_sum = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "month", "agency", "region", "value"],
                name="stats_cell_unique",
            )
        ]
        indexes = [
            models.Index(fields=["dimension", "region", "month"], name="stats_cell_region"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value} {self.month:%Y-%m}: {self.n}"


class PrivacyDataset(BaseModel):
    """A body of figures released with noise, and the privacy budget all its releases share."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    period_from = models.DateField(_("cases opened from"))
    period_to = models.DateField(_("cases opened up to"))
    epsilon_budget = models.FloatField(_("privacy budget (epsilon)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class PrivacyRelease(BaseModel):
    """One noisy table released from a dataset: an entry of the ledger, never changed."""

    dataset = models.ForeignKey(PrivacyDataset, on_delete=models.PROTECT, related_name="releases")
    dimension = models.CharField(_("figures"), max_length=30)
    epsilon = models.FloatField(_("epsilon spent"))
    mechanism = models.CharField(max_length=100)
    sensitivity = models.PositiveIntegerField()
    # [[value, noisy count], ...]
    result = models.JSONField(default=list)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.dimension} ({self.epsilon})"


class StatExport(BaseModel):
    """A file being written in the background for the person who asked for it."""

    kind = models.CharField(_("export"), max_length=20, choices=ExportKind.choices)
    file_format = models.CharField(_("format"), max_length=5, choices=ExportFormat.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # The filters it was asked with (period, region, agency): codes only.
    parameters = models.JSONField(default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    rows = models.PositiveIntegerField(null=True)
    # What the export measured of itself (the k it reached, records generalised or withheld).
    report = models.JSONField(default=dict)
    error = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.status}"
