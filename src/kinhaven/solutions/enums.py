"""Codes of return and durable solutions (docs/solutions.md).

Sources: Directive 2011/36/EU Art. 16(2) (a durable solution found for an unaccompanied child
victim, based on an individual assessment of the child's best interests); UNHCR's three durable
solutions (local integration, resettlement in a third country, voluntary return); the issue's
rules: a return needs a risk assessment, a family assessment and a best-interests determination,
and no child is returned to danger.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentKind(models.TextChoices):
    RISK = "risk", _("Risk assessment")
    FAMILY = "family", _("Family assessment")


class RiskConclusion(models.TextChoices):
    NO_SERIOUS_RISK = "no_serious_risk", _("No serious risk found")
    MANAGEABLE = "manageable", _("Risks that can be managed, with the measures recorded")
    SERIOUS_RISK = "serious_risk", _("Serious risk: the child is not to be returned")


class FamilyConclusion(models.TextChoices):
    ABLE = "able", _("Family able and willing to care for the child safely")
    ABLE_WITH_SUPPORT = "able_with_support", _("Family able with support, as recorded")
    NOT_ABLE = "not_able", _("Family not able, not willing, not safe, or not found")


# The conclusions that let a return go ahead; the others stop it.
RETURN_STOPPED_BY = {RiskConclusion.SERIOUS_RISK.value, FamilyConclusion.NOT_ABLE.value}
# The conclusions that need the measures or the support written down.
NEEDS_MEASURES = {RiskConclusion.MANAGEABLE.value, FamilyConclusion.ABLE_WITH_SUPPORT.value}
CONCLUSIONS = {
    AssessmentKind.RISK.value: RiskConclusion,
    AssessmentKind.FAMILY.value: FamilyConclusion,
}


class Solution(models.TextChoices):
    """The durable solutions (UNHCR): local integration, reunification in a third country,
    return to the country of origin."""

    LOCAL_INTEGRATION = "local_integration", _("Local integration")
    THIRD_COUNTRY_REUNIFICATION = (
        "third_country_reunification",
        _("Reunification in a third country"),
    )
    RETURN = "return", _("Return to the country of origin")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    ACHIEVED = "achieved", _("Achieved")
    ABANDONED = "abandoned", _("Abandoned")


# A plan is live while drafted or adopted: one live plan per child (a database constraint).
LIVE_STATUSES = (PlanStatus.DRAFT.value, PlanStatus.ADOPTED.value)

# The status machine of a plan, as data: adoption, and the closures.
PLAN_TRANSITIONS: dict[str, set[str]] = {
    PlanStatus.DRAFT: {PlanStatus.ADOPTED, PlanStatus.ABANDONED},
    PlanStatus.ADOPTED: {PlanStatus.ACHIEVED, PlanStatus.ABANDONED},
    PlanStatus.ACHIEVED: set(),
    PlanStatus.ABANDONED: set(),
}


class PlanOutcome(models.TextChoices):
    """How a plan closes."""

    ACHIEVED = "achieved", _("Achieved")
    ABANDONED = "abandoned", _("Abandoned")


class DepartureKind(models.TextChoices):
    RETURN = "return", _("Return to the country of origin")
    RELOCATION = "relocation", _("Relocation or transfer to another country")
