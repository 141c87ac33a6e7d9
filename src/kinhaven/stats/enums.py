from django.db import models
from django.utils.translation import gettext_lazy as _

# The smallest count a published figure may show (CTDC's threshold; docs/statistics.md).
K_THRESHOLD = 11


class ExportKind(models.TextChoices):
    CTDC = "ctdc", _("CTDC anonymised dataset")
    HTCDS = "htcds", _("HTCDS 2.0 case export (identified)")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being written")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    GONE = "gone", _("Downloaded and removed")
