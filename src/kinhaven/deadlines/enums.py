from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DeadlineCode(models.TextChoices):
    REPORT_TRIAGE_URGENT = "report_triage_urgent", _("Triage of an urgent report")
    REPORT_TRIAGE = "report_triage", _("Triage of a report")
    CASE_OPEN = "case_open", _("Case opened after a report")
    GUARDIAN_APPOINTMENT = "guardian_appointment", _("Guardian appointed")
    REFLECTION_PERIOD = "reflection_period", _("End of the recovery and reflection period")
    CASE_REVIEW = "case_review", _("Case review")
    REFERRAL_RESPONSE_URGENT = "referral_response_urgent", _("Answer to an urgent referral")
    REFERRAL_RESPONSE = "referral_response", _("Answer to a referral")
    AGE_ASSESSMENT = "age_assessment", _("Decision on an age assessment")
    AGE_ASSESSMENT_APPEAL = "age_assessment_appeal", _("Decision on an age assessment appeal")
    PERMIT_RENEWAL = "permit_renewal", _("Renewal of a residence permit applied for")
    BEST_INTERESTS_ASSESSMENT = "best_interests_assessment", _("Best-interests assessment approved")
    BEST_INTERESTS_REVIEW = "best_interests_review", _("Review of a best-interests determination")
    MISSING_POLICE_INFORMED_URGENT = (
        "missing_police_informed_urgent",
        _("Police informed of a child missing at high risk"),
    )
    MISSING_POLICE_INFORMED = "missing_police_informed", _("Police informed of a missing child")
    MISSING_NATIONAL_ALERT = (
        "missing_national_alert",
        _("National alert and 116 000 / SIS reference recorded for a missing child"),
    )
    MISSING_RETURN_INTERVIEW = (
        "missing_return_interview",
        _("Return interview after a missing child is found"),
    )
    EXCHANGE_ANSWER = "exchange_answer", _("Answer to a request from a partner country")
    PLAN_ACTION = "plan_action", _("Action of the case plan")
    PLAN_REVIEW = "plan_review", _("Review of the case plan")


class TimeUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    WORKING_DAYS = "working_days", _("working days")


class DeadlineOutcome(models.TextChoices):
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("No longer needed")


class DeadlineState(models.TextChoices):
    """What a deadline looks like now; computed, not stored."""

    DUE = "due", pgettext_lazy("deadline state", "Due")
    DUE_SOON = "due_soon", _("Due within a day")
    OVERDUE = "overdue", _("Overdue")
    # Past its date, but a rule keeps it running (deadlines.holds): not overdue.
    HELD = "held", _("Runs on past its date, by rule")
    MET = "met", _("Met")
    MET_LATE = "met_late", _("Met late")
    CANCELLED = "cancelled", _("No longer needed")


# Deadlines a person closes by recording what was done; the others close themselves when the
# work they wait for happens (a report triaged, a case opened, a guardian appointed).
MANUAL: frozenset[str] = frozenset(
    {
        DeadlineCode.REFLECTION_PERIOD,
        DeadlineCode.CASE_REVIEW,
        DeadlineCode.PERMIT_RENEWAL,
        DeadlineCode.EXCHANGE_ANSWER,
    }
)

# Deadlines that start again when they are met.
RECURRING: frozenset[str] = frozenset({DeadlineCode.CASE_REVIEW})

# Periods that last at least until their date (the recovery and reflection period: "at least 30
# days", CETS 197 Art. 13): a person records their end on or after it, never before.
MINIMUM_PERIODS: frozenset[str] = frozenset({DeadlineCode.REFLECTION_PERIOD})
