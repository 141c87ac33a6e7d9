from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    """Organisation types in the vocabulary of the Human Trafficking Case Data Standard."""

    GOVERNMENT = "Government", _("Government authority")
    LAW_ENFORCEMENT = "LawEnforcement", _("Law enforcement")
    JUDICIARY = "Judiciary", _("Judiciary or prosecution")
    SOCIAL_SERVICES = "SocialServices", _("Social services / child protection")
    HEALTH = "Health", _("Health service")
    EDUCATION = "Education", _("Education")
    NGO = "NGO", _("Non-governmental organisation")
    INTERNATIONAL_ORGANISATION = "InternationalOrganisation", _("International organisation")
    OTHER = "Other", _("Other")


class Capability(models.TextChoices):
    """What a role may do; relationships and scopes decide on which records."""

    CHILD_VIEW = "child.view", _("View children's records")
    CHILD_REGISTER = "child.register", _("Register children")
    CHILD_EDIT = "child.edit", _("Edit children's records")
    CASE_VIEW = "case.view", _("View cases")
    CASE_OPEN = "case.open", _("Open cases")
    CASE_EDIT = "case.edit", _("Edit cases and add notes")
    CASE_TRANSITION = "case.transition", _("Change the status of cases")
    CASE_VIEW_AGENCY = "case.view_agency", _("Supervise every case of the agency")
    STATS_VIEW = "stats.view", _("View aggregate statistics")
    USER_MANAGE = "user.manage", _("Manage users and configuration")


class RoleCode(models.TextChoices):
    FRONTLINE_RESPONDER = "frontline_responder", _("Frontline responder")
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    GUARDIAN = "guardian", _("Guardian")
    POLICE_INVESTIGATOR = "police_investigator", _("Police investigator")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


_CASEWORK = [
    Capability.CHILD_VIEW,
    Capability.CHILD_REGISTER,
    Capability.CHILD_EDIT,
    Capability.CASE_VIEW,
    Capability.CASE_OPEN,
    Capability.CASE_EDIT,
    Capability.CASE_TRANSITION,
]

# The default bundles; a deployment may change a role's capabilities as data.
DEFAULT_ROLE_CAPABILITIES: dict[RoleCode, list[Capability]] = {
    RoleCode.FRONTLINE_RESPONDER: [
        Capability.CHILD_VIEW,
        Capability.CHILD_REGISTER,
        Capability.CASE_VIEW,
        Capability.CASE_OPEN,
    ],
    RoleCode.CASEWORKER: _CASEWORK,
    RoleCode.SUPERVISOR: [*_CASEWORK, Capability.CASE_VIEW_AGENCY],
    RoleCode.GUARDIAN: [Capability.CHILD_VIEW, Capability.CASE_VIEW, Capability.CASE_EDIT],
    RoleCode.POLICE_INVESTIGATOR: [
        Capability.CHILD_VIEW,
        Capability.CHILD_REGISTER,
        Capability.CASE_VIEW,
        Capability.CASE_OPEN,
        Capability.CASE_EDIT,
    ],
    RoleCode.ANALYST: [Capability.STATS_VIEW],
    RoleCode.ADMINISTRATOR: [Capability.USER_MANAGE],
}
