"""An approval asked for a record of another app, named by kind and public id.

The kind is a code an app registers (approvals.registry), e.g. `best_interests_assessment`;
the record stays in its own app, which this one never imports.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinhaven.approvals.enums import ApprovalState
from kinhaven.core.models import BaseModel


class ApprovalRequest(BaseModel):
    kind = models.CharField(_("kind of record"), max_length=60)
    object_id = models.UUIDField(_("record"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    capability = models.CharField(_("capability needed"), max_length=60)
    state = models.CharField(
        _("state"), max_length=20, choices=ApprovalState.choices, default=ApprovalState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked for"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("approval request")
        ordering = ["requested_at", "id"]
        constraints = [
            # One pending request per record at a time.
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=Q(state="pending"),
                name="approval_one_pending_per_record",
            ),
            # Sent back means with reasons.
            models.CheckConstraint(
                condition=~Q(state="sent_back") | ~Q(reasons=""),
                name="approval_sent_back_has_reasons",
            ),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="approval_record_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.state}"
