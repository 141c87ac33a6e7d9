"""The audit log: append-only entries that hold identifiers, never personal data."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.audit.enums import Outcome


class AppendOnlyError(RuntimeError):
    pass


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One audited action, written unsealed and sealed into the chain soon after.

    An entry is written with its content and the MAC of that content; the chain fields (`seq`,
    `prev_hash`, `entry_hash`, `entry_mac`) stay empty until the sealer (audit.services.
    audit_log_seal) sets them, once. Ids give the order of writing, `seq` that of the chain.
    """

    # Position in the chain, from 1 without gaps, set when the entry is sealed; the chain and
    # Merkle tree follow it.
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, null=True, blank=True)
    # Unique to the entry and under its content MAC: a copied row does not pass for another entry.
    # Empty on entries sealed before content MACs existed.
    uid = models.UUIDField(unique=True, null=True, editable=False)
    occurred_at = models.DateTimeField(_("time (UTC)"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    actor_role = models.CharField(_("role"), max_length=50, blank=True)
    actor_agency = models.UUIDField(_("agency"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=60)
    purpose = models.CharField(_("purpose"), max_length=60, blank=True)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.UUIDField(_("object id"), null=True, blank=True, db_index=True)
    # Ids of the records a list or search showed, for logs of consultation.
    object_ids = models.JSONField(_("object ids"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    # Field names and codes only, never values.
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    # HMAC of the content fields (chain.CONTENT_FIELDS) under a key derived from the signing key
    # file, set when the entry is written: rights on the database alone cannot recompute it for a
    # changed or forged entry (audit.signing.mac_key).
    content_mac = models.CharField(max_length=64, null=True)  # noqa: DJ001  # none before 0005
    # NULL until sealed, not "": the database's trigger lets a chain field go from NULL to a value
    # once, and a unique hash admits any number of NULLs.
    prev_hash = models.CharField(max_length=64, null=True)  # noqa: DJ001  # see above
    entry_hash = models.CharField(max_length=64, unique=True, null=True)  # noqa: DJ001  # see above
    # HMAC of entry_hash under the same key: the chain cannot be rewritten after the last
    # checkpoint either.
    entry_mac = models.CharField(max_length=64, null=True)  # noqa: DJ001  # see above

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        # The order of writing; the chain's order is `seq`, given when entries are sealed.
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The sealer's queue: small, whatever the size of the log.
            models.Index(
                fields=["id"], name="audit_entry_unsealed", condition=models.Q(seq__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id or ''}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")

    @property
    def sealed(self) -> bool:
        return self.seq is not None


class AuditCheckpoint(models.Model):
    """A signed Merkle root over the first `tree_size` entries."""

    tree_size = models.PositiveBigIntegerField(unique=True)
    root_hash = models.CharField(max_length=64)
    signed_at = models.CharField(max_length=40)
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["tree_size"]

    def __str__(self) -> str:
        return f"checkpoint at {self.tree_size}"
