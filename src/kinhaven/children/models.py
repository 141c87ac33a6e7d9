from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.children.enums import (
    BirthRegistration,
    DocumentType,
    Sex,
    Tracing,
    VulnerabilityFactor,
)
from kinhaven.children.lookups import NameWord
from kinhaven.children.validators import PartialDate
from kinhaven.core.encryption import EncryptedTextField, RecordKeyField
from kinhaven.core.models import BaseModel


class Child(BaseModel):
    """The child's identity. Every field may be unknown (blank)."""

    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    given_name_latin = models.CharField(_("given name (Latin)"), max_length=200, blank=True)
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("month of birth"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("day of birth"), null=True, blank=True)
    age_estimate_years = models.PositiveSmallIntegerField(
        _("estimated age (years)"), null=True, blank=True
    )
    age_estimated_on = models.DateField(_("age estimated on"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=200, blank=True)
    birth_registration = models.CharField(
        _("birth registration"),
        max_length=20,
        choices=BirthRegistration.choices,
        default=BirthRegistration.UNKNOWN,
    )
    mother_name = models.CharField(_("mother's name"), max_length=200, blank=True)
    father_name = models.CharField(_("father's name"), max_length=200, blank=True)
    vulnerability_factors = models.JSONField(_("vulnerability factors"), default=list, blank=True)
    # Location, health and legal sections, encrypted at rest with the record's key (data_key).
    current_location = EncryptedTextField(_("where the child is now"), blank=True)
    health_notes = EncryptedTextField(_("health"), blank=True)
    legal_notes = EncryptedTextField(_("legal situation"), blank=True)
    data_key = RecordKeyField()
    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="guarded_children",
        null=True,
        blank=True,
        verbose_name=_("guardian"),
    )
    tracing = models.CharField(
        _("family tracing"), max_length=10, choices=Tracing.choices, default=Tracing.UNDECIDED
    )
    # Set when a person confirmed that this record and another are the same child: the other
    # record carries on, and the merge can be undone (tracing.ChildMerge).
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("merged into"),
    )
    # Spelling-tolerant keys of every name and alias; see children.names.
    search_keys = models.TextField(blank=True, editable=False)

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="registered_children"
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(_("Child %(id)s") % {"id": self.public_id})

    @property
    def display_name(self) -> str:
        name, latin = self.name_parts
        return f"{name} ({latin})" if latin else name

    @property
    def name_parts(self) -> tuple[str, str]:
        """The name as written (in the record's script, else its Latin form), and its Latin
        form where that differs ("" otherwise)."""
        native = " ".join(p for p in (self.given_name, self.family_name) if p)
        latin = " ".join(p for p in (self.given_name_latin, self.family_name_latin) if p)
        if native and latin and latin != native:
            return native, latin
        return native or latin, ""

    @property
    def vulnerability_factor_labels(self) -> list[str]:
        labels = dict(VulnerabilityFactor.choices)
        return [str(labels.get(code, code)) for code in self.vulnerability_factors]

    @property
    def date_of_birth(self) -> PartialDate | None:
        if self.birth_year is None:
            return None
        return PartialDate(self.birth_year, self.birth_month, self.birth_day)


# A name search reads it word by word (children.selectors.name_search_q).
Child._meta.get_field("search_keys").register_lookup(NameWord)


class ChildAlias(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200)
    name_latin = models.CharField(_("name (Latin)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("alias")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Alias {self.pk}"


class IdentityDocument(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(_("type"), max_length=30, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=100, blank=True)
    issuing_country = models.CharField(_("issuing country"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("identity document")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.document_type} {self.pk}"


class GrantKind(models.TextChoices):
    REFERRAL = "referral", _("Accepted referral")
    BREAK_GLASS = "break_glass", _("Break-glass access")


class ChildAccessGrant(models.Model):
    """Access to some sections of one child's file for an agency (referral) or a user
    (break-glass), until it ends or expires."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="access_grants")
    kind = models.CharField(_("kind"), max_length=20, choices=GrantKind.choices)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    sections = models.JSONField(_("sections"), default=list)
    reason = models.TextField(_("reason"), blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("granted at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("access grant")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} grant {self.pk}"


class BreakGlassAgreement(models.Model):
    """The holding agency's consent that another agency's staff may use break-glass on its
    children's records. None by default: without an active agreement, break-glass reaches only
    the records of the user's own agency."""

    holder_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency that holds the records"),
    )
    requester_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency allowed to use break-glass"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("allowed at"))
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("break-glass agreement")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Ended agreements stay as history; one in force per pair, so an end ends it.
            models.UniqueConstraint(
                fields=["holder_agency", "requester_agency"],
                condition=models.Q(ended_at__isnull=True),
                name="break_glass_agreement_one_active",
            ),
            models.CheckConstraint(
                condition=~models.Q(holder_agency=models.F("requester_agency")),
                name="break_glass_agreement_two_agencies",
            ),
        ]

    def __str__(self) -> str:
        return f"Break-glass agreement {self.pk}"
