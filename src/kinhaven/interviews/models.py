"""Forensic interviews of a child (Barnahus): planned with the interviewer and the training they
hold, the team watching from another room with the roles agreed, the interpreter or cultural
mediator, and the special measures; then held, with who was present and the recording's
reference. Part of the interviews section of the child's file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.encryption import EncryptedTextField, RecordKeyField
from kinhaven.core.models import BaseModel
from kinhaven.interviews.enums import InterviewerRole, InterviewStatus


class Interview(BaseModel):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    # The matter the child is heard on: the criminal proceeding where there is one, otherwise
    # the matter in words. A later interview on the same matter is a repeat.
    proceeding = models.ForeignKey(
        "legal.Proceeding", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    matter = models.CharField(_("matter"), max_length=200)
    matter_key = models.CharField(max_length=220, editable=False)
    purpose = EncryptedTextField(_("purpose"))
    status = models.CharField(
        _("status"), max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.PLANNED
    )
    planned_at = models.DateTimeField(_("planned for"))
    room = models.CharField(_("room"), max_length=200)
    interviewer_name = models.CharField(_("interviewer"), max_length=200)
    interviewer_role = models.CharField(
        _("interviewer's role"), max_length=20, choices=InterviewerRole.choices
    )
    interviewer_training = models.CharField(_("training held"), max_length=200)
    interviewer_trained_on = models.DateField(_("training completed on"))
    # [{"role": TeamRole, "name": str, "agreed_role": str}], agreed before the interview.
    team = models.JSONField(_("team watching from another room"), default=list)
    # {"kind": LanguageSupport, "language": ISO 639, "name": str} or {} when none is needed.
    language_support = models.JSONField(_("interpreter or cultural mediator"), default=dict)
    special_measures = models.JSONField(_("special measures"), default=list)
    # A repeat interview: why, and who approved it (not the person who planned it).
    justification = models.TextField(_("justification of a repeat interview"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Held: when, where, who was present, the recording.
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    present = models.JSONField(_("present"), default=list)
    recording_reference = models.CharField(_("recording"), max_length=200, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cancelled_reason = models.TextField(_("reason for cancelling"), blank=True)
    # The interview's own key, wrapped: purpose and notes are encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("interview")
        ordering = ["planned_at", "id"]
        indexes = [models.Index(fields=["child", "matter_key"])]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def is_repeat(self) -> bool:
        return bool(self.justification)
