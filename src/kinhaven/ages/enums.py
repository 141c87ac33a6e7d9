"""The vocabulary of age assessment (docs/age-assessment.md).

Sources: EUAA (EASO) Practical guide on age assessment, 2nd edition 2018; Directive 2011/36/EU
Art. 13(2); CETS 197 Art. 10(3); Directive 2013/32/EU Art. 25(5).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.workflow import Workflow

# The age of majority: a person below it is a child (CETS 197 Art. 4(d); Directive 2011/36/EU
# Art. 2(6)).
ADULT_AGE = 18


class AssessmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    IN_PROGRESS = "in_progress", _("Under way")
    DECIDED = "decided", _("Decided")
    UNDER_APPEAL = "under_appeal", _("Under appeal")
    APPEAL_DECIDED = "appeal_decided", _("Decided on appeal")
    WITHDRAWN = "withdrawn", _("Withdrawn")


_S = AssessmentStatus
# Requested where there is doubt; under way from the first method; decided with a range;
# appealed and decided on appeal, as often as the remedies allow; withdrawn before a decision
# when the doubt is gone.
AGE_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.REQUESTED: frozenset({_S.IN_PROGRESS, _S.WITHDRAWN}),
    _S.IN_PROGRESS: frozenset({_S.DECIDED, _S.WITHDRAWN}),
    _S.DECIDED: frozenset({_S.UNDER_APPEAL}),
    _S.UNDER_APPEAL: frozenset({_S.APPEAL_DECIDED}),
    _S.APPEAL_DECIDED: frozenset({_S.UNDER_APPEAL}),
    _S.WITHDRAWN: frozenset(),
}
AGE_WORKFLOW = Workflow(
    name="age_assessment",
    states=AssessmentStatus,
    transitions=AGE_TRANSITIONS,
    not_allowed=_("An age assessment cannot move from “%(source)s” to “%(target)s”."),
    conflict=_("The age assessment was changed by someone else; reload and try again."),
)
# While one of these stands, no other assessment of the child is asked for: one at a time.
OPEN_STATUSES = frozenset({_S.REQUESTED, _S.IN_PROGRESS, _S.UNDER_APPEAL})
# Methods are recorded while the assessment is under way.
STEP_STATUSES = frozenset({_S.REQUESTED, _S.IN_PROGRESS})
# A decision stands (on first instance or on appeal): the child and the guardian are told.
DECIDED_STATUSES = frozenset({_S.DECIDED, _S.UNDER_APPEAL, _S.APPEAL_DECIDED})


class DoubtTrigger(models.TextChoices):
    """What raised the doubt about the person's age. The guide asks that an assessment be made
    only where there is doubt, and that the reason be recorded; these kinds sort the reasons,
    the reason itself is always written out."""

    NO_DOCUMENT = "no_document", _("No identity document")
    DOCUMENT_DOUBTED = "document_doubted", _("An identity document is doubted")
    STATEMENTS = "statements", _("Statements about the age are inconsistent")
    OTHER_INFORMATION = "other_information", _("Other information contradicts the stated age")
    AUTHORITY = "authority", _("An authority asked for the assessment")
    OTHER = "other", _("Other reason")


class AgeMethod(models.TextChoices):
    """The methods, from the least intrusive to the most (EUAA guide 2018): identity documents
    first, then a multidisciplinary psychosocial assessment, a medical examination last."""

    DOCUMENTS = "documents", _("Examination of identity documents")
    PSYCHOSOCIAL = "psychosocial", _("Multidisciplinary psychosocial assessment")
    MEDICAL = "medical", _("Medical examination (last resort)")


# The methods the child takes part in, applied with the guardian present (EUAA guide 2018: the
# guardian assists the child throughout the assessment); an examination of documents is not.
WITH_THE_CHILD = frozenset({AgeMethod.PSYCHOSOCIAL, AgeMethod.MEDICAL})


class Recipient(models.TextChoices):
    CHILD = "child", _("The child")
    GUARDIAN = "guardian", _("The guardian")


class NoticeMeans(models.TextChoices):
    """How the decision was made known."""

    ORALLY = "orally", _("Orally, in person")
    IN_WRITING = "in_writing", _("In writing")
    ORALLY_AND_IN_WRITING = "orally_and_in_writing", _("Orally and in writing")


class AppealOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Decision confirmed")
    CHANGED = "changed", _("New age range")


class AgeBasis(models.TextChoices):
    """Why the software treats the person as a child or an adult now."""

    NOT_ASSESSED = "not_assessed", _("No age assessment: treated as a child")
    PENDING = "pending", _("Age assessment under way: treated as a child until it is decided")
    ASSESSED_CHILD = "assessed_child", _("Assessed: the age range reaches below 18, a child")
    ASSESSED_ADULT = "assessed_adult", _("Assessed: the whole age range is 18 or more, an adult")
    APPEAL_PENDING = "appeal_pending", _("Appeal pending: treated as a child until it is decided")
