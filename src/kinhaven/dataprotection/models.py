"""Consent to the processing of a child's data (HTCDS 2.0 `con_Consent`): the seven points as
answered, who gave it, for what purpose, how long the data are kept as the child was told, and
its withdrawal. A new record does not erase the earlier ones."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.models import BaseModel
from kinhaven.dataprotection.enums import ConsentPoint, ConsentState, GivenBy


class DataConsent(BaseModel):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    # {ConsentPoint: bool}: every point answered.
    points = models.JSONField(_("consent points"))
    given_by = models.CharField(_("given by"), max_length=20, choices=GivenBy.choices)
    purpose = models.TextField(_("purpose the data are processed for"))
    retention = models.TextField(_("how long the data are kept, as the child was told"))
    language = models.CharField(_("language the child was told in"), max_length=3)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason given for the withdrawal"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("consent to data processing")
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def state_label(self) -> str:
        """The state in the reader's language."""
        return str(ConsentState(self.state).label)

    @property
    def state(self) -> str:
        if self.withdrawn_on is not None:
            return ConsentState.WITHDRAWN.value
        if not self.points.get(ConsentPoint.CONSENTS_TO_INTERVIEW):
            return ConsentState.REFUSED.value
        if all(self.points.get(p) for p in ConsentPoint.values):
            return ConsentState.INFORMED.value
        return ConsentState.INCOMPLETE.value

    @property
    def htcds_consent(self) -> bool:
        """HTCDS's checkbox: ticked for informed consent alone."""
        return self.state == ConsentState.INFORMED
