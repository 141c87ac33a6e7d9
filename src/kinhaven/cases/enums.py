from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.workflow import Workflow


class CaseStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ASSESSMENT = "assessment", _("Assessment")
    POSSIBLE_VICTIM = "possible_victim", _("Identified as possible victim")
    AT_RISK = "at_risk", _("Child at risk")
    IN_CARE = "in_care", _("In care")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset(s for s in CaseStatus if s != CaseStatus.CLOSED)

# The case workflow as data: from -> the statuses it may move to.
CASE_TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.REPORTED: frozenset({CaseStatus.ASSESSMENT, CaseStatus.CLOSED}),
    CaseStatus.ASSESSMENT: frozenset(
        {CaseStatus.POSSIBLE_VICTIM, CaseStatus.AT_RISK, CaseStatus.CLOSED}
    ),
    CaseStatus.POSSIBLE_VICTIM: frozenset(
        {CaseStatus.AT_RISK, CaseStatus.IN_CARE, CaseStatus.CLOSED}
    ),
    CaseStatus.AT_RISK: frozenset(
        {CaseStatus.POSSIBLE_VICTIM, CaseStatus.IN_CARE, CaseStatus.CLOSED}
    ),
    CaseStatus.IN_CARE: frozenset({CaseStatus.CLOSED}),
    # Reopening starts a fresh assessment.
    CaseStatus.CLOSED: frozenset({CaseStatus.ASSESSMENT}),
}

CASE_WORKFLOW = Workflow(
    name="case",
    states=CaseStatus,
    transitions=CASE_TRANSITIONS,
    error_field="to",
    not_allowed=_("A case cannot move from “%(source)s” to “%(target)s”."),
    conflict=_("The case was changed by someone else; reload and try again."),
)

# Moves that need a written reason.
REASON_REQUIRED: frozenset[CaseStatus] = frozenset({CaseStatus.CLOSED})


# A case closes when a supervisor approves the request to close it (approvals).
CLOSURE_APPROVAL_KIND = "case_closure"


class ClosureState(models.TextChoices):
    """pending → approved (the case is closed) | sent_back (it stays open, with the reasons)."""

    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")
