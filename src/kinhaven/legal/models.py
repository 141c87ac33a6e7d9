from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.encryption import EncryptedTextField, RecordKeyField
from kinhaven.core.models import BaseModel
from kinhaven.legal.enums import (
    ChildRole,
    PermitBasis,
    ProceedingStatus,
    SpecialMeasure,
    TaskKind,
    Track,
    Understood,
)


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
    note = EncryptedTextField(_("note"), blank=True)
    # Measures that spare the child, carried from the child's forensic interviews (interviews):
    # the court and the parties are to keep them.
    special_measures = models.JSONField(_("special measures for the child"), default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The proceeding's own key, wrapped: its note is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("proceeding")
        ordering = ["track", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.track} {self.public_id}"

    @property
    def special_measure_labels(self) -> list[str]:
        labels = dict(SpecialMeasure.choices)
        return [str(labels.get(code, code)) for code in self.special_measures]


class ProceedingChange(models.Model):
    """One step in a proceeding's history: its status and next date as they were set."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("status"), max_length=20, choices=ProceedingStatus.choices)
    next_date = models.DateField(_("next date"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"))
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("proceeding change")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.status} at {self.changed_at:%Y-%m-%d}"


class ResidencePermit(BaseModel):
    """A residence permit granted to the child, with its basis and its dates. Part of the legal
    section of the child's file; a permit with an expiry date starts the renewal deadline."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="residence_permits"
    )
    basis = models.CharField(_("basis"), max_length=30, choices=PermitBasis.choices)
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    authority = models.CharField(_("authority"), max_length=200, blank=True)
    reference = models.CharField(_("authority's reference"), max_length=100, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("residence permit")
        ordering = ["-granted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gt=models.F("granted_on")),
                name="legal_permit_expires_after_grant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.basis} {self.public_id}"

    @property
    def depends_on_cooperation(self) -> bool:
        return self.basis == PermitBasis.COOPERATION


class LegalTask(BaseModel):
    """Something the guardian, the caseworker or legal aid must do on the child's legal tracks,
    opened by the software when a record calls for it."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=TaskKind.choices)
    permit = models.ForeignKey(
        ResidencePermit, on_delete=models.CASCADE, related_name="tasks", null=True, blank=True
    )
    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.CASCADE, related_name="tasks", null=True, blank=True
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("legal task")
        ordering = ["due_on", "id"]
        constraints = [
            # One task of a kind per record and owner, however often the record changes.
            models.UniqueConstraint(
                fields=["kind", "permit", "owner"],
                condition=models.Q(permit__isnull=False),
                name="legal_task_one_per_permit_owner",
            ),
            models.UniqueConstraint(
                fields=["kind", "proceeding", "owner"],
                condition=models.Q(proceeding__isnull=False),
                name="legal_task_one_per_proceeding_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"


class ChildInformation(BaseModel):
    """What the child was told, when, by whom and in which language, and whether the child
    understood: the seeds ask for the regular provision of information to the child. A record
    may name the decision it explains (a kind of the registry in legal.information and the
    decision's reference); one that names none records information given on its own."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="information_given"
    )
    decision_kind = models.CharField(_("decision explained"), max_length=30, blank=True)
    decision_ref = models.CharField(_("decision's reference"), max_length=80, blank=True)
    what = EncryptedTextField(_("what the child was told"))
    told_at = models.DateTimeField(_("told at"))
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language (ISO 639)"), max_length=3)
    understood = models.CharField(_("understood"), max_length=10, choices=Understood.choices)
    note = EncryptedTextField(_("note"), blank=True)

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("information to the child")
        ordering = ["-told_at", "-id"]
        indexes = [models.Index(fields=["child", "decision_kind", "decision_ref"])]

    def __str__(self) -> str:
        return f"information {self.public_id}"
