from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.encryption import EncryptedTextField, RecordKeyField
from kinhaven.core.models import BaseModel
from kinhaven.identification.enums import DecisionMakingOrg, Stage, TraffickingStatus


class DecisionRewrite(RuntimeError):
    """Raised by any attempt to change or delete a recorded identification decision."""


class DecisionQuerySet(models.QuerySet["IdentificationDecision"]):
    """Decisions are only ever added: a bulk update or delete is refused like a single one."""

    def update(self, **kwargs: Any) -> int:
        raise DecisionRewrite("identification decisions are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise DecisionRewrite("identification decisions are never deleted")


class IdentificationDecision(BaseModel):
    """One decision on whether a child is a victim of trafficking, as the competent authority
    took it: never changed or deleted once recorded. A later decision, or a review of this one,
    is a record of its own; the child's status is derived from them all (selectors)."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="identification_decisions"
    )
    # The child's open case when the decision was recorded, if it had one.
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="identification_decisions",
        null=True,
        blank=True,
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    outcome = models.CharField(_("outcome"), max_length=40, choices=TraffickingStatus.choices)
    organisation = models.CharField(
        _("deciding organisation (type)"), max_length=40, choices=DecisionMakingOrg.choices
    )
    authority = models.CharField(_("competent authority"), max_length=200)
    person_name = models.CharField(_("decided by"), max_length=200)
    person_role = models.CharField(_("role or title of who decided"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    reasons = EncryptedTextField(_("reasons"))
    evidence_kinds = models.JSONField(_("kinds of evidence relied on"), default=list)
    evidence = EncryptedTextField(_("evidence relied on"))
    # A review or appeal names the decision it is about, and who asked for it.
    reviews = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="reviewed_by",
        null=True,
        blank=True,
        verbose_name=_("decision reviewed"),
    )
    appealed_by = models.CharField(_("review or appeal asked for by"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = DecisionQuerySet.as_manager()

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("identification decision")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["child", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage=Stage.REVIEW, reviews__isnull=False)
                | (~models.Q(stage=Stage.REVIEW) & models.Q(reviews__isnull=True)),
                name="identification_review_names_its_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.stage} {self.public_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise DecisionRewrite("identification decisions are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise DecisionRewrite("identification decisions are never deleted")


class IdentificationRule(models.Model):
    """How identification works in one country, or (country blank) by default: who may record
    which decision, and whether the recovery and reflection period runs on while the conclusive
    decision is pending. Without a row, identification.rules.DEFAULT_RULE applies."""

    country = models.CharField(
        _("country (ISO 3166-1 alpha-3)"), max_length=3, blank=True, unique=True
    )
    reflection_until_conclusive = models.BooleanField(
        _("the reflection period does not end while the conclusive decision is pending")
    )
    preliminary_roles = models.JSONField(
        _("roles that record preliminary decisions and their reviews")
    )
    conclusive_roles = models.JSONField(
        _("roles that record conclusive decisions and their reviews")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("identification rule")

    def __str__(self) -> str:
        return f"identification rule ({self.country or 'default'})"
