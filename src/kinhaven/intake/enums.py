from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.htcds import htcds_list
from kinhaven.core.workflow import Workflow


class Channel(models.TextChoices):
    PUBLIC = "public", _("Public reporting page")
    FRONTLINE = "frontline", _("Reception point (frontline)")
    HOTLINE = "hotline", _("Hotline")
    PARTNER = "partner", _("Partner system (API)")


class Urgency(models.TextChoices):
    IMMEDIATE_DANGER = "immediate_danger", _("Immediate danger")
    MISSING_CHILD = "missing_child", _("Missing child")
    SUSPECTED_TRAFFICKING = "suspected_trafficking", _("Suspected trafficking")
    CONCERN = "concern", _("Concern")


# Urgent reports are triaged within the hour (deadline rule report_triage_urgent).
URGENT: frozenset[str] = frozenset(
    {Urgency.IMMEDIATE_DANGER, Urgency.MISSING_CHILD, Urgency.SUSPECTED_TRAFFICKING}
)


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Triaged")
    CONVERTED = "converted", _("Case opened")
    CLOSED = "closed", _("Closed without a case")


# The report workflow as data.
REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.RECEIVED: frozenset({ReportStatus.TRIAGED, ReportStatus.CLOSED}),
    ReportStatus.TRIAGED: frozenset({ReportStatus.CONVERTED, ReportStatus.CLOSED}),
    ReportStatus.CLOSED: frozenset({ReportStatus.TRIAGED}),
    ReportStatus.CONVERTED: frozenset(),
}
# A report may be moved to the status it has: triaging a triaged report again sets its urgency
# and team anew, closing a closed one gives a new reason.
REPORT_WORKFLOW = Workflow(
    name="report",
    states=ReportStatus,
    transitions=REPORT_TRANSITIONS,
    stay=True,
    not_allowed=_("A report cannot move from “%(source)s” to “%(target)s”."),
    conflict=_("The report was changed by someone else; reload and try again."),
)


class AgeStatus(models.TextChoices):
    """Presumption of minority (CETS 197 Art. 10(3)): a person who may be a child is treated as
    a child until an age assessment says otherwise."""

    PRESUMED_CHILD = "presumed_child", _("Treated as a child (presumption of minority)")
    CHILD = "child", _("Child (age established)")
    ASSESSED_ADULT = "assessed_adult", _("Adult, by age assessment")


class Accompanied(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    UNACCOMPANIED = "unaccompanied", _("Unaccompanied")
    SEPARATED = "separated", _("Separated from parents, with another adult")
    ACCOMPANIED = "accompanied", _("With a parent or legal carer")


class ChildDocuments(models.TextChoices):
    """Whether the child has identity papers (CETS 197 Art. 10(4): identity and nationality are
    to be established)."""

    UNKNOWN = "unknown", _("Unknown")
    NONE = "none", _("No identity papers")
    SOME = "some", _("Has identity papers")


@htcds_list("vic_TypeOfExploitation")
class ExploitationType(models.TextChoices):
    """HTCDS types of exploitation (with Directive 2024/1712's additions)."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL_EXPLOITATION = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY = "ForcedMilitaryByNonStateActors", _("Forced military by non-state actors")
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced or illegal adoption")
    SURROGACY = "Surrogacy", _("Exploitation of surrogacy")
    OTHER = "Other", _("Other")
