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
from kinhaven.interviews.enums import (
    CustodyAction,
    InterviewerRole,
    InterviewStatus,
    LanguageSupport,
    RecordingStatus,
    TeamRole,
)
from kinhaven.legal.enums import SpecialMeasure


class Interview(BaseModel):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    # The matter the child is heard on: the criminal proceeding where there is one, and the
    # matter in words. A later interview on the same matter is a repeat (selectors.same_matter).
    proceeding = models.ForeignKey(
        "legal.Proceeding", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    matter = models.CharField(_("matter"), max_length=200)
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

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def is_repeat(self) -> bool:
        return bool(self.justification)

    @property
    def special_measure_labels(self) -> list[str]:
        labels = dict(SpecialMeasure.choices)
        return [str(labels.get(code, code)) for code in self.special_measures]

    @property
    def team_rows(self) -> list[dict[str, str]]:
        """The team as pages show it: each member's role by its label."""
        labels = dict(TeamRole.choices)
        return [{**m, "role_label": str(labels.get(m.get("role", ""), ""))} for m in self.team]

    @property
    def language_support_label(self) -> str:
        """Interpreter or cultural mediator, in the reader's language; "" when none."""
        kind = (self.language_support or {}).get("kind", "")
        return str(dict(LanguageSupport.choices).get(kind, ""))


class Recording(BaseModel):
    """An audio or video recording of an interview, kept as evidence: encrypted as it arrives
    (AES-256-GCM in fixed plaintext segments, under a key of its own wrapped by the KEK) and
    stored under a random name; never any plaintext on disk. See docs/interviews.md."""

    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, related_name="recordings")
    media_type = models.CharField(_("media type"), max_length=40)
    size = models.BigIntegerField(_("size in bytes"))
    received = models.BigIntegerField(_("bytes received"), default=0)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecordingStatus.choices,
        default=RecordingStatus.UPLOADING,
    )
    storage_name = models.CharField(max_length=100, unique=True, editable=False)
    wrapped_key = models.BinaryField(editable=False)
    nonce_prefix = models.BinaryField(editable=False)
    segment_size = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(_("SHA-256 of the recording"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("complete at"), null=True, blank=True)
    # One upload at a time: a PATCH holds this lease while it writes, renewed per segment.
    upload_lease = models.UUIDField(null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("recording")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(received__gte=0, received__lte=models.F("size")),
                name="recording_received_within_size",
            )
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class CustodyEvent(models.Model):
    """One event of a recording's chain of custody. Each event's hash covers its fields and the
    previous event's hash; the hash is also written into the audit entry of the same
    transaction, which a key outside the database seals."""

    recording = models.ForeignKey(Recording, on_delete=models.PROTECT, related_name="custody")
    seq = models.PositiveIntegerField()
    action = models.CharField(_("action"), max_length=20, choices=CustodyAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)
    client_address = models.CharField(_("client address"), max_length=45, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("custody event")
        ordering = ["recording", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["recording", "seq"], name="custody_event_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.recording_id}#{self.seq}"
