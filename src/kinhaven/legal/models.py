from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.models import BaseModel
from kinhaven.legal.enums import ChildRole, ProceedingStatus, Track


class Proceeding(BaseModel):
    """One of the child's proceedings before an authority: an asylum application, a residence
    permit, a criminal case. Part of the legal section of the child's file."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="proceedings"
    )
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    status = models.CharField(_("status"), max_length=20, choices=ProceedingStatus.choices)
    authority = models.CharField(_("authority"), max_length=200, blank=True)
    reference = models.CharField(_("authority's reference"), max_length=100, blank=True)
    child_role = models.CharField(
        _("the child's part"), max_length=20, choices=ChildRole.choices, blank=True
    )
    next_date = models.DateField(_("next date"), null=True, blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("proceeding")
        ordering = ["track", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.track} {self.public_id}"


class ProceedingChange(models.Model):
    """One step in a proceeding's history: its status and next date as they were set."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("status"), max_length=20, choices=ProceedingStatus.choices)
    next_date = models.DateField(_("next date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("proceeding change")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.status} at {self.changed_at:%Y-%m-%d}"
