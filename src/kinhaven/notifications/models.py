from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.models import BaseModel
from kinhaven.notifications.enums import NotificationKind


class Notification(BaseModel):
    """One message in a user's inbox: a title without personal data and a link to the record."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    # A path inside Kinhaven; the page behind it applies the reader's own access rights.
    path = models.CharField(_("link"), max_length=300)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"Notification {self.public_id}"
