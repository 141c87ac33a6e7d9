from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.models import BaseModel
from kinhaven.deadlines.enums import DeadlineCode, DeadlineOutcome, TimeUnit


class DeadlineRule(models.Model):
    """How long something may take, for one country or (country blank) by default."""

    code = models.CharField(_("deadline"), max_length=40, choices=DeadlineCode.choices)
    country = models.CharField(_("country (ISO 3166-1 alpha-3)"), max_length=3, blank=True)
    period = models.PositiveIntegerField(_("period"))
    unit = models.CharField(_("unit"), max_length=20, choices=TimeUnit.choices)
    # The legal maximum, in the same unit; past it the matter escalates again.
    hard_limit = models.PositiveIntegerField(_("legal limit"), null=True, blank=True)
    source = models.CharField(_("legal source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("deadline rule")
        constraints = [
            models.UniqueConstraint(fields=["code", "country"], name="deadline_rule_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.country or 'default'})"


class Deadline(BaseModel):
    """One running timer on a report, a case or a referral (which also names its case)."""

    code = models.CharField(_("deadline"), max_length=40, choices=DeadlineCode.choices)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    report = models.ForeignKey(
        "intake.Report",
        on_delete=models.CASCADE,
        related_name="deadlines",
        null=True,
        blank=True,
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="deadlines", null=True, blank=True
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.CASCADE,
        related_name="deadlines",
        null=True,
        blank=True,
    )
    starts_at = models.DateTimeField(_("starts"))
    due_at = models.DateTimeField(_("due"))
    hard_due_at = models.DateTimeField(_("legal limit"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=DeadlineOutcome.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    hard_escalated_at = models.DateTimeField(_("escalated at legal limit"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["agency", "completed_at", "due_at"]),
            models.Index(fields=["completed_at", "due_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.public_id}"
