from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinhaven.core.models import BaseModel


class GuardianAppointment(BaseModel):
    """One legal guardian's appointment for one child, from appointment to its end.

    A child has at most one active appointment (the database refuses a second). The child's
    `guardian` field mirrors the active one, for access checks.
    """

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="guardian_appointments"
    )
    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="guardian_appointments"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    appointed_at = models.DateTimeField(_("appointed"))
    reason = models.TextField(_("reason"), blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    end_reason = models.TextField(_("reason for the end"), blank=True)

    class Meta:
        verbose_name = _("guardian appointment")
        ordering = ["-appointed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_at__isnull=True),
                name="one_active_guardian_per_child",
            )
        ]
        indexes = [models.Index(fields=["guardian", "ended_at"])]

    def __str__(self) -> str:
        return f"Guardian appointment {self.public_id}"
