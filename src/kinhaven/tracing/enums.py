from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.workflow import Workflow


class RequestSource(models.TextChoices):
    RELATIVE = "relative", _("A relative")
    AGENCY = "agency", _("Another agency")
    HOTLINE = "hotline", _("A hotline call")
    CHILD = "child", _("The child, looking for family")
    OTHER = "other", _("Other")


class Relationship(models.TextChoices):
    """How the person looking is related to the child sought."""

    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    SIBLING = "sibling", _("Brother or sister")
    GRANDPARENT = "grandparent", _("Grandparent")
    AUNT_UNCLE = "aunt_uncle", _("Aunt or uncle")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian")
    NOT_RELATED = "not_related", _("Not related")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Searching")
    MATCHED = "matched", _("Child found: verifying")
    REUNIFIED = "reunified", _("Reunified")
    CLOSED = "closed", _("Closed")


# The tracing request's workflow as data: searching until a match is confirmed, then the steps to
# reunification; closed from either when the search ends or a step stops it.
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.OPEN: frozenset({RequestStatus.MATCHED, RequestStatus.CLOSED}),
    RequestStatus.MATCHED: frozenset({RequestStatus.REUNIFIED, RequestStatus.CLOSED}),
    RequestStatus.REUNIFIED: frozenset(),
    RequestStatus.CLOSED: frozenset(),
}
REQUEST_WORKFLOW = Workflow(
    name="tracing request",
    states=RequestStatus,
    transitions=REQUEST_TRANSITIONS,
    not_allowed=_("A tracing request cannot move from “%(source)s” to “%(target)s”."),
    conflict=_("The tracing request was changed by someone else; reload and try again."),
)


class Decision(models.TextChoices):
    PENDING = "pending", _("To be decided")
    CONFIRMED = "confirmed", _("Confirmed: the same child")
    REJECTED = "rejected", _("Rejected: not the same child")


class StepKind(models.TextChoices):
    """From a confirmed match to reunification, in this order, none skipped: the sequence of
    family tracing and reunification in the Inter-agency Guiding Principles on Unaccompanied and
    Separated Children (2004) and the IAWG-UASC Field Handbook (2017), as docs/tracing.md lists
    it (tests/test_reunification_steps.py holds the two together)."""

    VERIFICATION = "verification", _("Identity and relationship verified")
    CHILD_VIEWS = "child_views", _("The child heard on contact with the family")
    FAMILY_ASSESSMENT = "family_assessment", _("Family and home assessed")
    BEST_INTERESTS = "best_interests", _("Best-interests determination")
    REUNIFICATION = "reunification", _("Reunification carried out")
    FOLLOW_UP = "follow_up", _("Follow-up after reunification")


STEP_ORDER = list(StepKind)


class StepOutcome(models.TextChoices):
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped: reunification is not in the child's interests or not possible")


class CandidateSource(models.TextChoices):
    REGISTRATION = "registration", _("Found when a record was saved")
    BATCH = "batch", _("Found by the batch check")


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("To be reviewed")
    MERGED = "merged", _("Merged")
    REJECTED = "rejected", _("Not the same child")
