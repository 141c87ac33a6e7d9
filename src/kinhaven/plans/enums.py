from django.db import models
from django.utils.translation import gettext_lazy as _

# A case plan is approved through approvals, with this kind.
PLAN_APPROVAL_KIND = "case_plan"


class PlanStatus(models.TextChoices):
    """draft → submitted → approved | sent_back; an approved or sent-back plan that is changed
    is a draft again (an approved one as its next version)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


class SubmissionState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue the plan")
    REVISE = "revise", _("Revise the plan")
    CLOSE = "close", _("Close the case")
