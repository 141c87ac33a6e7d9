"""Alternative care placements of a child and the visits to the child in them. A placement is
never overwritten: it ends, with a date and a reason, and the next one starts; the database keeps
one current placement per child (a placement without an end)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kinhaven.care.enums import PlacementKind, VettingStatus, Visitor
from kinhaven.core.encryption import EncryptedTextField, RecordKeyField
from kinhaven.core.models import BaseModel


class Placement(BaseModel):
    """Where a child lives in alternative care: the kind, the carer or facility (a service from
    the directory, or for kinship care a named relative), the carer's vetting, the safety plan,
    and when and why it started and ended (UN Guidelines for the Alternative Care of Children,
    2009: the forms of care in §29; part VI, determination of the most appropriate form of care;
    part VII, provision of alternative care)."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="placements")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="placements")
    kind = models.CharField(_("kind of care"), max_length=20, choices=PlacementKind.choices)
    service = models.ForeignKey(
        "referrals.Service",
        on_delete=models.PROTECT,
        related_name="placements",
        null=True,
        blank=True,
        verbose_name=_("carer or facility"),
    )
    carer_name = models.CharField(_("named carer"), max_length=200, blank=True)
    vetting = models.CharField(
        _("vetting of the carer"),
        max_length=20,
        choices=VettingStatus.choices,
        default=VettingStatus.NOT_VETTED,
    )
    vetting_on = models.DateField(_("vetting status on"), null=True, blank=True)
    safety_plan = EncryptedTextField(_("safety plan"), blank=True)
    started_on = models.DateField(_("started on"))
    start_reason = EncryptedTextField(_("reason for the placement"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = EncryptedTextField(_("reason for the end"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("placement")
        ordering = ["-started_on", "-id"]
        constraints = [
            # One current placement per child: a second one without an end is refused.
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="placement_one_current_per_child",
            ),
            models.CheckConstraint(
                condition=Q(service__isnull=False) | ~Q(carer_name=""),
                name="placement_has_carer",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="placement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Placement {self.public_id}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def carer_label(self) -> str:
        return self.service.name if self.service is not None else self.carer_name


class PlacementVisit(BaseModel):
    """A visit to the child in the placement by the caseworker or the guardian, with the child's
    views heard at it (UN Guidelines 2009, part II: the child consulted and the child's views
    taken into account; part VII, inspection and monitoring)."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    visitor = models.CharField(_("visit by"), max_length=20, choices=Visitor.choices)
    visitor_name = models.CharField(_("who visited"), max_length=200)
    child_views = EncryptedTextField(_("the child's views"))
    concerns = EncryptedTextField(_("concerns"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("placement visit")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"Visit {self.public_id}"
