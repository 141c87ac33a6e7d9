"""The vocabulary of identification: HTCDS 2.0 codes for the outcome and the deciding
organisation (docs/htcds.md), and Kinhaven's own for the stage and the evidence relied on."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.htcds import htcds_list


@htcds_list("vic_TraffickingStatus")
class TraffickingStatus(models.TextChoices):
    """HTCDS trafficking status: what a decision found."""

    POSSIBLE_VICTIM = "PossibleVictimOfTrafficking", _("Possible victim (reasonable grounds)")
    ACTUAL_VICTIM = "ActualVictimOfTrafficking", _("Victim of trafficking (conclusive)")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


@htcds_list("vic_TraffickingStatusDecisionMakingOrg")
class DecisionMakingOrg(models.TextChoices):
    """HTCDS type of the organisation that took an identification decision."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("Non-governmental organisation")
    COURT_OR_PROSECUTION = "CourtOrProsecution", _("Court or prosecution")
    NON_POLICE_GOVERNMENTAL = (
        "NonPoliceGovernmentalOrganization",
        _("Government authority other than the police"),
    )
    OTHER = "Other", _("Other")


class Stage(models.TextChoices):
    """The steps of identification (CETS 197 Art. 10(2)): a preliminary decision whether there
    are reasonable grounds to believe the child is a victim, then the conclusive decision that
    completes identification; a review (or appeal) of either is a decision of its own."""

    PRELIMINARY = "preliminary", _("Preliminary decision (reasonable grounds)")
    CONCLUSIVE = "conclusive", _("Conclusive decision")
    REVIEW = "review", _("Review or appeal of a decision")


class EvidenceKind(models.TextChoices):
    """What a decision relied on, besides the text that describes it."""

    REPORT = "report", _("The report and its indicator screening")
    INTERVIEW = "interview", _("Interview with the child")
    DOCUMENTS = "documents", _("Documents")
    PROFESSIONAL_ASSESSMENT = (
        "professional_assessment",
        _("Assessment by professionals (social, psychological, medical)"),
    )
    POLICE_INFORMATION = "police_information", _("Information from the police or prosecution")
    THIRD_PARTY = "third_party", _("Information from another organisation")
    OTHER = "other", _("Other")


# The outcomes each stage may reach. A preliminary decision finds reasonable grounds (possible
# victim) or none ("not a victim": no reasonable grounds); a conclusive one finds the child a
# victim or not. A review reaches the outcomes of the stage of the decision it reviews.
STAGE_OUTCOMES: dict[str, frozenset[str]] = {
    Stage.PRELIMINARY: frozenset(
        {TraffickingStatus.POSSIBLE_VICTIM, TraffickingStatus.NOT_A_VICTIM}
    ),
    Stage.CONCLUSIVE: frozenset({TraffickingStatus.ACTUAL_VICTIM, TraffickingStatus.NOT_A_VICTIM}),
}

# Outcomes that open the recovery and reflection period (reasonable grounds, or more).
REASONABLE_GROUNDS: frozenset[str] = frozenset(
    {TraffickingStatus.POSSIBLE_VICTIM, TraffickingStatus.ACTUAL_VICTIM}
)

# The deciding organisation an agency's own type most likely is, to fill a form in advance
# (accounts.enums.OrganisationType values; those of government services are non-police
# governmental organisations).
ORGANISATION_TYPE_DECIDER: dict[str, str] = {
    "LawEnforcement": DecisionMakingOrg.POLICE,
    "Judiciary": DecisionMakingOrg.COURT_OR_PROSECUTION,
    "NGO": DecisionMakingOrg.NGO,
    "Government": DecisionMakingOrg.NON_POLICE_GOVERNMENTAL,
    "SocialServices": DecisionMakingOrg.NON_POLICE_GOVERNMENTAL,
    "Health": DecisionMakingOrg.NON_POLICE_GOVERNMENTAL,
    "Education": DecisionMakingOrg.NON_POLICE_GOVERNMENTAL,
}


def decider_for_organisation_type(organisation_type: str) -> str:
    """The HTCDS deciding organisation for an agency's organisation type; Other if unsure."""
    return ORGANISATION_TYPE_DECIDER.get(organisation_type, DecisionMakingOrg.OTHER)
