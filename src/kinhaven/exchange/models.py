from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.models import BaseModel
from kinhaven.exchange.enums import LegalBasis, MatchStatus, MessageKind, OutboxStatus, Purpose


class Peer(BaseModel):
    """Another Kinhaven instance we exchange with, trusted by its signing key's thumbprint."""

    instance_id = models.CharField(_("instance"), max_length=100, unique=True)
    base_url = models.URLField(_("address"), max_length=300)
    country = models.CharField(_("country (ISO 3166-1 alpha-3)"), max_length=3)
    # RFC 7638 thumbprint (SHA-256, base64url) of the peer's signing key, given out of band.
    signing_thumbprint = models.CharField(_("signing key thumbprint"), max_length=64, unique=True)
    # The peer's public keys (JWKS) as fetched and checked against the thumbprint.
    jwks = models.JSONField(_("public keys"))
    # The agency that receives this peer's messages and answers them.
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("peer instance")
        ordering = ["country", "instance_id"]

    def __str__(self) -> str:
        return self.instance_id


class OutboxMessage(BaseModel):
    """A message to a peer, sealed (signed then encrypted) when written; delivered at least once."""

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="outbox")
    jti = models.UUIDField(_("message id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=40, choices=MessageKind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=40, choices=LegalBasis.choices)
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    # The compact JWE: encrypted to the peer, so it holds no readable personal data.
    token = models.TextField(_("sealed message"))
    status = models.CharField(
        _("status"), max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=40, blank=True)
    sent_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("outgoing message")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.jti}"


class InboxMessage(BaseModel):
    """A message received from a peer, verified and decrypted; one row per (peer, jti)."""

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="inbox")
    jti = models.UUIDField(_("message id"))
    # SHA-256 of the signed payload: the same jti with other content is refused.
    digest = models.CharField(max_length=64)
    kind = models.CharField(_("kind"), max_length=40, choices=MessageKind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=40, choices=LegalBasis.choices)
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("expires"))
    body = models.JSONField(_("content"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    deadline = models.ForeignKey(
        "deadlines.Deadline", on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("received message")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["peer", "jti"], name="exchange_inbox_once_per_peer")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.jti}"


class RegistrationQuery(BaseModel):
    """An encoded query this instance sent ("is this child registered with you?"): to whom, for
    which case if any, who asked and on what basis. The names asked about are not kept: they
    left only as encodings, and the case holds them where there is one."""

    query_id = models.CharField(_("query"), max_length=64, unique=True, editable=False)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    legal_basis = models.CharField(_("legal basis"), max_length=40, choices=LegalBasis.choices)
    people = models.PositiveIntegerField(_("people asked about"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("encoded registration query")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.query_id


class RegistrationMatch(BaseModel):
    """A candidate a partner answered our query with (its opaque handle and score), and what
    became of it: confirmed here (identity asked for), then disclosed or declined there."""

    query = models.ForeignKey(RegistrationQuery, on_delete=models.CASCADE, related_name="matches")
    handle = models.CharField(_("handle"), max_length=64)
    score = models.FloatField(_("score"))
    status = models.CharField(
        _("status"), max_length=20, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=40, choices=LegalBasis.choices, blank=True
    )
    disclosure = models.ForeignKey(
        InboxMessage, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("encoded-match candidate")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["query", "handle"], name="exchange_match_once")
        ]

    def __str__(self) -> str:
        return str(self.public_id)
