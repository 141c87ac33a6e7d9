"""Best-interests codes (docs/best-interests.md).

Sources: UNHCR Best Interests Procedure Guidelines: Assessing and Determining the Best Interests
of the Child (2021), and DOMAIN.md's summary: a best-interests assessment (BIA) by the
caseworker with a supervisor's approval; a best-interests determination (BID) by a
multidisciplinary panel, not the assessor, recording the child's views, the options, the
factors, the decision with reasons, any dissent and a review date.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The approvals kind of a BIA version (kinhaven.approvals.registry).
BIA_APPROVAL_KIND = "best_interests_assessment"

# A panel has at least this many distinct disciplines (the issue; UNHCR BIP Guidelines 2021:
# a multidisciplinary panel).
PANEL_MIN_DISCIPLINES = 3


class VersionStatus(models.TextChoices):
    """A version of a BIA: recorded, submitted, then approved or sent back; never changed."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


class HeardHow(models.TextChoices):
    """How the child's views were heard."""

    IN_PERSON = "in_person", _("In person, in a conversation")
    WITH_INTERPRETER = "with_interpreter", _("In person, through an interpreter")
    IN_WRITING = "in_writing", _("In writing or drawing")
    REMOTE = "remote", _("By phone or video")
    NOT_HEARD = "not_heard", _("Not heard (reasons recorded)")


class Position(models.TextChoices):
    AGREE = "agree", _("Agrees with the decision")
    DISSENT = "dissent", _("Dissents")


class BidPurpose(models.TextChoices):
    """The decisions that need a current BID first (bestinterests.services.bid_require)."""

    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
    RETURN = "return", _("Return to the country of origin")
    RELOCATION = "relocation", _("Relocation or transfer to another country")
    RESIDENCE_REQUEST = "residence_request", _("A residence decision the agency requests")
    DURABLE_SOLUTION = "durable_solution", _("The durable solution")


# The disciplines a deployment starts with (data: bestinterests.Discipline, set per agency
# need by an administrator); policy defaults drawn from the professions UNHCR BIP Guidelines
# 2021 name for a BID panel.
DEFAULT_DISCIPLINES = [
    ("social_work", "Social work"),
    ("child_protection", "Child protection"),
    ("legal", "Law"),
    ("psychology", "Psychology or mental health"),
    ("health", "Health"),
    ("education", "Education"),
    ("guardianship", "Guardianship"),
    ("cultural_mediation", "Cultural mediation or interpretation"),
]
