from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPoint(models.TextChoices):
    """The seven questions of HTCDS 2.0's consent guidance (`con_Consent`), in its order
    (core/data/htcds_2_0_consent_points.csv; a test holds this enum to the copy)."""

    CONSENTS_TO_INTERVIEW = (
        "consents_to_interview",
        _("The child consents (or assents) to the interview"),
    )
    INFORMED_OF_PURPOSE = "informed_of_purpose", _("Told the purpose")
    INFORMED_OF_DATA_USE = (
        "informed_of_data_use",
        _("Told the actual and potential use of the data gathered"),
    )
    INFORMED_OF_RESEARCH_USE = (
        "informed_of_research_use",
        _("Told of the use of non-identifying data for research"),
    )
    INFORMED_OF_RIGHT_OF_ACCESS = (
        "informed_of_right_of_access",
        _("Told of the right to request their personal data at any time"),
    )
    INFORMED_OF_STORAGE_PERIOD = (
        "informed_of_storage_period",
        _("Told how long the data will be stored"),
    )
    INFORMED_OF_WITHDRAWAL = "informed_of_withdrawal", _("Told how to withdraw consent")


class GivenBy(models.TextChoices):
    CHILD = "child", _("The child")
    CHILD_AND_GUARDIAN = "child_and_guardian", _("The child's assent and the guardian's consent")
    GUARDIAN = "guardian", _("The guardian (the child could not be asked)")


class ConsentState(models.TextChoices):
    INFORMED = "informed", _("Informed consent")
    INCOMPLETE = "incomplete", _("Consent without all the information")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
