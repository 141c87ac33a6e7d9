from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinhaven.cases.enums import CaseStatus, ClosureState
from kinhaven.core.models import BaseModel


class Case(BaseModel):
    """The protection file of one child."""

    # Null until the row has its number; unique, so never the empty string.
    reference = models.CharField(_("reference"), max_length=32, unique=True, null=True)  # noqa: DJ001
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REPORTED
    )
    is_missing = models.BooleanField(_("missing"), default=False)
    missing_since = models.DateTimeField(_("missing since"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        null=True,
        blank=True,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["assigned_to", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference or str(self.public_id)


class CaseNote(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"))

    class Meta:
        verbose_name = _("note")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note {self.public_id}"


class CaseClosure(BaseModel):
    """A request to close a case, with its reason; a supervisor approves it (the case closes)
    or sends it back with reasons (it stays open). The approval itself is the approvals app's."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closures")
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked for"))
    state = models.CharField(
        _("state"), max_length=20, choices=ClosureState.choices, default=ClosureState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    sent_back_reasons = models.TextField(_("reasons for sending back"), blank=True)

    class Meta:
        verbose_name = _("case closure")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(state="pending"), name="case_closure_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"Closure {self.public_id}: {self.state}"
