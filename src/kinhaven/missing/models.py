"""Missing episodes of a child: the report, the risk grade, the alerts, the sightings and actions
taken, and the end (found, or closed otherwise) with the return interview (docs/missing.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinhaven.core.encryption import EncryptedTextField, RecordKeyField
from kinhaven.core.models import BaseModel
from kinhaven.missing.enums import (
    CloseReason,
    EpisodeStatus,
    FoundState,
    PhotoConsent,
    RiskLevel,
)


class RiskCriterion(models.Model):
    """One criterion of the risk grade, as data: while active, an episode it applies to is graded
    at least its level. The defaults come with a data migration (docs/missing.md)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=RiskLevel.choices)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("risk criterion")
        verbose_name_plural = _("risk criteria")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code


class Episode(BaseModel):
    """A child missing, under the child's open case: from the report to the child found (or the
    episode closed otherwise). One open episode per child, kept by the database."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="missing_episodes"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    # The placement the child was in when reported, for the counts per placement.
    placement = models.ForeignKey(
        "care.Placement", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EpisodeStatus.choices, default=EpisodeStatus.OPEN
    )
    reported_at = models.DateTimeField(_("reported at"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    last_seen_at = models.DateTimeField(_("last seen at"))
    last_seen_place = EncryptedTextField(_("last seen where"))
    description = EncryptedTextField(_("clothing and description"))
    companions = EncryptedTextField(_("who the child may be with"), blank=True)
    circumstances = EncryptedTextField(_("circumstances"), blank=True)
    risk_level = models.CharField(_("risk"), max_length=10, choices=RiskLevel.choices)
    # The criteria that applied when graded: those ticked and those found on the file.
    criteria = models.JSONField(_("risk criteria"), default=list)
    photo_name = models.CharField(max_length=200, blank=True, editable=False)
    photo_type = models.CharField(max_length=40, blank=True, editable=False)
    photo_consent = models.CharField(
        _("consent to the photo"), max_length=10, choices=PhotoConsent.choices, blank=True
    )
    # The police informed: when, the officer, their reference.
    police_informed_at = models.DateTimeField(_("police informed at"), null=True, blank=True)
    police_officer = models.CharField(_("officer informed"), max_length=200, blank=True)
    police_reference = models.CharField(_("police reference"), max_length=100, blank=True)
    # The alerts raised: the 116 000 hotline's case, the SIS alert, the national alert.
    hotline_reference = models.CharField(_("116 000 case reference"), max_length=100, blank=True)
    sis_reference = models.CharField(_("SIS alert reference"), max_length=100, blank=True)
    national_reference = models.CharField(_("national alert reference"), max_length=100, blank=True)
    alerts_recorded_at = models.DateTimeField(_("alerts recorded at"), null=True, blank=True)
    # Found: where, by whom, the child's state.
    found_at = models.DateTimeField(_("found at"), null=True, blank=True)
    found_place = EncryptedTextField(_("found where"), blank=True)
    found_by = models.CharField(_("found by"), max_length=200, blank=True)
    found_state = models.CharField(
        _("the child's state"), max_length=20, choices=FoundState.choices, blank=True
    )
    found_notes = EncryptedTextField(_("notes on the child's state"), blank=True)
    # Closed otherwise.
    closed_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    closed_notes = EncryptedTextField(_("notes on the closing"), blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The return interview after the child is found.
    interview_at = models.DateTimeField(_("return interview held at"), null=True, blank=True)
    interviewer = models.CharField(_("interviewed by"), max_length=200, blank=True)
    interview_notes = EncryptedTextField(_("interview notes"), blank=True)
    interview_child_views = EncryptedTextField(_("the child's views"), blank=True)
    # Found: the indicator screening and the placement are to be looked at again.
    rescreening_due = models.BooleanField(_("indicator re-screening due"), default=False)
    placement_review_due = models.BooleanField(_("placement review due"), default=False)

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("missing episode")
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="open"),
                name="missing_one_open_episode_per_child",
            ),
        ]

    def __str__(self) -> str:
        return f"Missing episode {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status == EpisodeStatus.OPEN

    @property
    def has_photo(self) -> bool:
        return bool(self.photo_name)


class Sighting(BaseModel):
    """A sighting of the missing child: when, where, by whom, what was seen."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="sightings")
    seen_at = models.DateTimeField(_("seen at"))
    place = EncryptedTextField(_("where"))
    seen_by = models.CharField(_("seen by"), max_length=200)
    details = EncryptedTextField(_("what was seen"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("sighting")
        ordering = ["-seen_at", "-id"]

    def __str__(self) -> str:
        return f"Sighting {self.public_id}"


class EpisodeAction(BaseModel):
    """An action taken to find the child: when, by whom, what."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="actions")
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.CharField(_("taken by"), max_length=200)
    action = EncryptedTextField(_("what was done"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("action taken")
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        return f"Action {self.public_id}"
