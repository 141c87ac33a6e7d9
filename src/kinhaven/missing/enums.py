"""The words of a missing episode: risk levels, where an episode stands, the photo's consent, the
state the child was found in and why an episode closes otherwise (docs/missing.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High risk")
    MEDIUM = "medium", _("Medium risk")
    LOW = "low", _("Low risk")


# Higher first: the grade of an episode is the highest level among the criteria that apply.
RISK_ORDER = {RiskLevel.HIGH: 3, RiskLevel.MEDIUM: 2, RiskLevel.LOW: 1}
# Where no criterion applies (a policy default, docs/missing.md).
RISK_BASELINE = RiskLevel.MEDIUM


class EpisodeStatus(models.TextChoices):
    OPEN = "open", _("Missing")
    FOUND = "found", _("Found")
    CLOSED = "closed", _("Closed otherwise")


class PhotoConsent(models.TextChoices):
    GIVEN = "given", _("Consent given")
    REFUSED = "refused", _("Consent refused")
    NOT_ASKED = "not_asked", _("Could not be asked")


class FoundState(models.TextChoices):
    WELL = "well", _("Safe and well")
    DISTRESSED = "distressed", _("Distressed")
    INJURED = "injured", _("Injured or unwell: needs medical care")
    EXPLOITED = "exploited", _("Signs of exploitation")
    OTHER = "other", _("Other (see notes)")


class CloseReason(models.TextChoices):
    LOCATED_ABROAD = "located_abroad", _("Located abroad: handed to the authorities there")
    AGED_OUT = "aged_out", _("Turned 18 while missing")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other (see notes)")


# The criteria the system finds itself on the child's file; the reporter ticks the others.
AUTO_TRAFFICKING = "trafficking_indicators"
AUTO_UNDER_13 = "under_13"
