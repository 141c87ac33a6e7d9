"""The kinds of alternative care, the vetting of a carer and who visits.

The kinds follow the forms of alternative care of the UN Guidelines for the Alternative Care of
Children (A/RES/64/142, 2009) §29(c): kinship care, foster care, other family-based or
family-like care, residential care and supervised independent living arrangements.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlacementKind(models.TextChoices):
    FOSTER = "foster", _("Family-based care (foster)")
    KINSHIP = "kinship", _("Kinship care")
    RESIDENTIAL = "residential", _("Residential care or shelter")
    INDEPENDENT = "independent", _("Supervised independent living")


class VettingStatus(models.TextChoices):
    NOT_VETTED = "not_vetted", _("Not vetted")
    IN_PROGRESS = "in_progress", _("Vetting in progress")
    VETTED = "vetted", _("Vetted")
    REFUSED = "refused", _("Refused")


class Visitor(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    GUARDIAN = "guardian", _("Guardian")
