from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    """The kinds of record a retention rule covers."""

    CLOSED_CASE = "closed_case", _("A child's file whose cases are all closed")
    REPORT_WITHOUT_CASE = "report_without_case", _("A report closed without a case")


# A rule for every country.
ANY_COUNTRY = "*"
