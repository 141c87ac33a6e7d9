from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.conferences.enums import ParticipantRole
from kinhaven.core.encryption import EncryptedTextField, RecordKeyField
from kinhaven.core.models import BaseModel


class Conference(BaseModel):
    """A multi-agency case conference: who took part, what the child said, what was decided."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="conferences")
    held_at = models.DateTimeField(_("held"))
    location = models.CharField(_("where"), max_length=200, blank=True)
    purpose = EncryptedTextField(_("purpose"))
    child_heard = models.BooleanField(_("the child was heard"))
    # In the child's own words.
    child_views = EncryptedTextField(_("the child's views"), blank=True)
    decisions = EncryptedTextField(_("decisions"), blank=True)
    interpreter_language = models.CharField(_("interpretation into"), max_length=3, blank=True)
    interpreter_service = models.ForeignKey(
        "referrals.Service", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("case conference")
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return f"Conference {self.public_id}"


class Participant(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=ParticipantRole.choices)

    class Meta:
        verbose_name = _("participant")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Participant {self.pk}"


class ActionItem(BaseModel):
    """Something a conference decided someone does by a date; it is in its owner's task list."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="actions")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="actions")
    description = EncryptedTextField(_("what"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasks"
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("action item")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"])]

    def __str__(self) -> str:
        return f"Action {self.public_id}"
