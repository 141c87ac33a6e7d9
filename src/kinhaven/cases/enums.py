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


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ASSIGNED = "assigned", _("Case assigned")
    UPDATED = "updated", _("Case details updated")
    NOTE_ADDED = "note_added", _("Note added")
    MISSING_REPORTED = "missing_reported", _("Reported missing")
    FOUND = "found", _("No longer missing")
    CHILD_UPDATED = "child_updated", _("Child's record updated")
    GUARDIAN_APPOINTED = "guardian_appointed", _("Guardian recorded")
    REPORT_CONVERTED = "report_converted", _("Opened from a report")
    DEADLINE_STARTED = "deadline_started", _("Deadline set")
    DEADLINE_CLOSED = "deadline_closed", _("Deadline closed")
    DEADLINE_ESCALATED = "deadline_escalated", _("Deadline overdue, escalated")
    REFERRAL_SENT = "referral_sent", _("Referral sent")
    REFERRAL_CHANGED = "referral_changed", _("Referral status changed")
    CONFERENCE_HELD = "conference_held", _("Case conference held")
    ACTION_DONE = "action_done", _("Task from a conference done")
    PROCEEDING_UPDATED = "proceeding_updated", _("Legal proceeding updated")
    RECORDS_MERGED = "records_merged", _("Another record of the child merged into this one")
    MERGE_UNDONE = "merge_undone", _("Merge of records undone")
    FAMILY_FOUND = "family_found", _("Family tracing: a match confirmed")
