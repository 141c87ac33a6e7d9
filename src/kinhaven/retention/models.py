"""Retention rules per kind of record and country, as data, and legal holds that stop erasure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.models import BaseModel
from kinhaven.retention.enums import RecordKind


class RetentionRule(BaseModel):
    """How long a kind of record is kept in a country ("*": every country without its own).
    A child's file: N years after the child turns 18, once all the child's cases are closed; a
    report closed without a case: M months after it was closed."""

    country = models.CharField(_("country (ISO 3166-1 alpha-3, or *)"), max_length=3)
    kind = models.CharField(_("kind of record"), max_length=30, choices=RecordKind.choices)
    years_after_majority = models.PositiveSmallIntegerField(
        _("years after the child turns 18"), null=True, blank=True
    )
    months_after_closure = models.PositiveSmallIntegerField(
        _("months after closure"), null=True, blank=True
    )
    source = models.CharField(_("where the period comes from"), max_length=300)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("retention rule")
        constraints = [
            models.UniqueConstraint(fields=["country", "kind"], name="retention_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.kind}"


class LegalHold(BaseModel):
    """A hold on a child's file or on a report (an investigation, a proceeding, a complaint):
    nothing of it is erased while the hold stands."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    report = models.ForeignKey(
        "intake.Report", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(child__isnull=False) ^ models.Q(report__isnull=False),
                name="legal_hold_one_record",
            )
        ]

    def __str__(self) -> str:
        return str(self.public_id)
