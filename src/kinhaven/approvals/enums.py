from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalState(models.TextChoices):
    """pending → approved | sent_back; a request sent back stays so, a new one is asked for."""

    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


class ApprovalDecision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    SEND_BACK = "send_back", _("Send back")
