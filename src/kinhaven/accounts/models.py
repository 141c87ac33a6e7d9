from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.enums import Capability, OrganisationType, RoleCode
from kinhaven.core.models import BaseModel


def role_label(code: str) -> str:
    """A role code's label in the reader's language, or "" for a code Kinhaven does not define."""
    return str(RoleCode(code).label) if code in RoleCode.values else ""


class Agency(BaseModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    country = models.CharField(_("country (ISO 3166-1 alpha-3)"), max_length=3)
    # Where the agency works, as an ISO 3166-2 subdivision code: the statistics' region filter.
    region = models.CharField(_("region (ISO 3166-2)"), max_length=10, blank=True)
    organisation_type = models.CharField(
        _("organisation type"), max_length=40, choices=OrganisationType.choices
    )
    # The agency whose on-duty teams triage reports from the public reporting page.
    receives_public_reports = models.BooleanField(_("receives public reports"), default=False)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    # New reports go to the agency's on-duty team.
    on_duty = models.BooleanField(_("on duty for reports"), default=False)

    class Meta:
        verbose_name = _("team")
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="team_unique_name_per_agency")
        ]

    def __str__(self) -> str:
        return self.name


class Role(BaseModel):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    capabilities = models.JSONField(_("capabilities"), default=list)
    sections_read = models.JSONField(_("sections it may read"), default=list)
    sections_write = models.JSONField(_("sections it may write"), default=list)

    class Meta:
        verbose_name = _("role")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    # The interface language the user chose (one of settings.KINHAVEN_STAFF_LANGUAGES); empty
    # until then, when the browser's Accept-Language decides.
    language = models.CharField(_("interface language"), max_length=8, blank=True, default="")

    class Meta:
        verbose_name = _("user")

    def has_capability(self, capability: Capability) -> bool:
        """Tell whether the user's role grants the capability; inactive users have none."""
        if not self.is_active or self.role is None:
            return False
        return str(capability) in self.role.capabilities

    @property
    def role_code(self) -> str:
        return self.role.code if self.role else ""

    @property
    def role_label(self) -> str:
        """The role's name in the reader's language (a deployment's own role by its name)."""
        if self.role is None:
            return ""
        return role_label(self.role.code) or self.role.name

    def display_name(self) -> str:
        """The person's full name; the username only where no name was given."""
        return self.get_full_name().strip() or self.username

    def person_label(self) -> str:
        """How pages name a person: "Amira Haddad (Caseworker)"."""
        role = self.role_label
        return f"{self.display_name()} ({role})" if role else self.display_name()


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"API token {self.pk}"
