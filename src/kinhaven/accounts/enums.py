from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.htcds import htcds_mapping


class OrganisationType(models.TextChoices):
    """The kinds of agency that use Kinhaven, in its own vocabulary.

    HTCDS 2.0's organisation types (`org_Type`) have no child protection service, court or
    international organisation; `HTCDS_ORGANISATION_TYPE` says which of its codes each kind is
    recorded as where HTCDS is spoken (docs/htcds.md).
    """

    GOVERNMENT = "Government", _("Government authority")
    LAW_ENFORCEMENT = "LawEnforcement", _("Law enforcement")
    JUDICIARY = "Judiciary", _("Judiciary or prosecution")
    SOCIAL_SERVICES = "SocialServices", _("Social services / child protection")
    HEALTH = "Health", _("Health service")
    EDUCATION = "Education", _("Education")
    NGO = "NGO", _("Non-governmental organisation")
    INTERNATIONAL_ORGANISATION = "InternationalOrganisation", _("International organisation")
    OTHER = "Other", _("Other")


# Our kinds of agency as HTCDS 2.0 `org_Type` codes. Child protection is a service of local
# government in most member states; courts and ministries are central government. HTCDS has no
# code for an international organisation or any other kind.
HTCDS_ORGANISATION_TYPE = htcds_mapping(
    "org_Type",
    {
        OrganisationType.GOVERNMENT: "CentralGovernmentOrganisation",
        OrganisationType.LAW_ENFORCEMENT: "LawEnforcement",
        OrganisationType.JUDICIARY: "CentralGovernmentOrganisation",
        OrganisationType.SOCIAL_SERVICES: "LocalGovernmentOrganisation",
        OrganisationType.HEALTH: "HealthServiceOrganisation",
        OrganisationType.EDUCATION: "SchoolOrCollege",
        OrganisationType.NGO: "NGO",
        OrganisationType.INTERNATIONAL_ORGANISATION: None,
        OrganisationType.OTHER: None,
    },
)


class Section(models.TextChoices):
    """Parts of a child's file, read and written on a need-to-know basis."""

    IDENTITY = "identity", _("Identity")
    LOCATION = "location", _("Location")
    HEALTH = "health", _("Health")
    INTERVIEWS = "interviews", _("Interviews")
    LEGAL = "legal", _("Legal")
    CARE = "care", _("Best interests and care")


ALL_SECTIONS = [s.value for s in Section]


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
    CASE_CLOSE_APPROVE = "case.approve_closure", _("Approve the closure of cases or send it back")
    CASE_PLAN_APPROVE = "case_plan.approve", _("Approve case plans or send them back")
    CASE_TRANSFER = (
        "case.transfer",
        _("Transfer cases to another agency, and answer transfers to the agency"),
    )
    CHILD_GUARDIAN_APPOINT = "child.guardian_appoint", _("Record a child's guardian")
    BREAK_GLASS = "child.break_glass", _("Emergency (break-glass) access to a record")
    REPORT_SUBMIT = "report.submit", _("Take reports (reception points, hotline, partner systems)")
    REPORT_TRIAGE = "report.triage", _("Triage and screen reports, convert them to cases")
    REPORT_DECIDE = "report.decide", _("Record identification decisions on reports")
    IDENTIFICATION_DECIDE = (
        "identification.decide",
        _("Record a child's identification as a victim: preliminary, conclusive, on review"),
    )
    AGE_REQUEST = "age.request", _("Ask for a child's age to be assessed, where there is doubt")
    AGE_DECIDE = "age.decide", _("Record age assessment methods and decide on a child's age")
    BEST_INTERESTS_APPROVE = (
        "best_interests.approve",
        _("Approve best-interests assessments or send them back"),
    )
    BEST_INTERESTS_DETERMINE = (
        "best_interests.determine",
        _("Record best-interests determinations of a panel"),
    )
    INTERVIEW_PLAN = (
        "interview.plan",
        _("Plan a child's forensic interview and record it as held"),
    )
    INTERVIEW_APPROVE_REPEAT = (
        "interview.approve_repeat",
        _("Approve a repeat interview of a child on the same matter"),
    )
    CHILD_DATA_EXPORT = (
        "child.data_export",
        _("Export everything held about a child (a subject access request)"),
    )
    DUTY_MANAGE = "intake.duty_manage", _("Set which teams are on duty for reports")
    DEADLINE_COMPLETE = "deadline.complete", _("Record that a deadline was met")
    REFERRAL_RESPOND = "referral.respond", _("Answer referrals to the agency")
    SERVICE_MANAGE = "service.manage", _("Keep the agency's services in the directory")
    TRACING_MANAGE = "tracing.manage", _("Record tracing requests and decide on their matches")
    CHILD_MERGE = "child.merge", _("Merge duplicate records of a child, and undo merges")
    AUDIT_VIEW = "audit.view", _("Read the audit log")
    STATS_VIEW = "stats.view", _("View aggregate statistics")
    STATS_EXPORT = "stats.export", _("Export the anonymised dataset (CTDC format)")
    STATS_RELEASE = "stats.release", _("Release figures with differential privacy")
    STATS_EXPORT_IDENTIFIED = (
        "stats.export_identified",
        _("Export identified case data in HTCDS 2.0 for an authorised exchange"),
    )
    USER_MANAGE = "user.manage", _("Manage users and configuration")


class RoleCode(models.TextChoices):
    FRONTLINE_RESPONDER = "frontline_responder", _("Frontline responder")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    GUARDIAN = "guardian", _("Guardian")
    POLICE_INVESTIGATOR = "police_investigator", _("Police investigator")
    ANALYST = "analyst", _("Analyst")
    NATIONAL_COORDINATOR = "national_coordinator", _("National co-ordinator")
    ADMINISTRATOR = "administrator", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


# The roles whose people work on children's cases: they may be assigned a case, take part in a
# case conference, own an action or a step. Administrators, analysts, national co-ordinators,
# auditors and hotline operators are not offered there.
CASEWORK_ROLES: tuple[RoleCode, ...] = (
    RoleCode.CASEWORKER,
    RoleCode.SUPERVISOR,
    RoleCode.FRONTLINE_RESPONDER,
    RoleCode.GUARDIAN,
    RoleCode.POLICE_INVESTIGATOR,
)


_CASEWORK = [
    Capability.CHILD_VIEW,
    Capability.CHILD_REGISTER,
    Capability.CHILD_EDIT,
    Capability.CASE_VIEW,
    Capability.CASE_OPEN,
    Capability.CASE_EDIT,
    Capability.CASE_TRANSITION,
    Capability.REPORT_SUBMIT,
    Capability.REPORT_TRIAGE,
    Capability.REPORT_DECIDE,
    Capability.IDENTIFICATION_DECIDE,
    Capability.AGE_REQUEST,
    Capability.AGE_DECIDE,
    Capability.DEADLINE_COMPLETE,
    Capability.REFERRAL_RESPOND,
    Capability.TRACING_MANAGE,
    Capability.INTERVIEW_PLAN,
    Capability.CASE_TRANSFER,
]

# The default bundles; a deployment may change a role's capabilities as data.
DEFAULT_ROLE_CAPABILITIES: dict[RoleCode, list[Capability]] = {
    RoleCode.FRONTLINE_RESPONDER: [
        Capability.CHILD_VIEW,
        Capability.CHILD_REGISTER,
        Capability.CASE_VIEW,
        Capability.CASE_OPEN,
        Capability.REPORT_SUBMIT,
        Capability.AGE_REQUEST,
    ],
    RoleCode.HOTLINE_OPERATOR: [Capability.REPORT_SUBMIT, Capability.REPORT_TRIAGE],
    RoleCode.CASEWORKER: _CASEWORK,
    RoleCode.SUPERVISOR: [
        *_CASEWORK,
        Capability.CASE_VIEW_AGENCY,
        Capability.CASE_CLOSE_APPROVE,
        Capability.CASE_PLAN_APPROVE,
        Capability.CHILD_GUARDIAN_APPOINT,
        Capability.BREAK_GLASS,
        Capability.DUTY_MANAGE,
        Capability.SERVICE_MANAGE,
        Capability.CHILD_MERGE,
        Capability.BEST_INTERESTS_APPROVE,
        Capability.BEST_INTERESTS_DETERMINE,
        Capability.INTERVIEW_APPROVE_REPEAT,
        Capability.CHILD_DATA_EXPORT,
        Capability.STATS_EXPORT_IDENTIFIED,
    ],
    RoleCode.GUARDIAN: [
        Capability.CHILD_VIEW,
        Capability.CHILD_EDIT,
        Capability.CASE_VIEW,
        Capability.CASE_EDIT,
    ],
    RoleCode.POLICE_INVESTIGATOR: [
        Capability.CHILD_VIEW,
        Capability.CHILD_REGISTER,
        Capability.CASE_VIEW,
        Capability.CASE_OPEN,
        Capability.CASE_EDIT,
        Capability.BREAK_GLASS,
        Capability.REPORT_SUBMIT,
        Capability.IDENTIFICATION_DECIDE,
        Capability.AGE_REQUEST,
        Capability.INTERVIEW_PLAN,
    ],
    RoleCode.ANALYST: [Capability.STATS_VIEW, Capability.STATS_EXPORT],
    RoleCode.NATIONAL_COORDINATOR: [
        Capability.STATS_VIEW,
        Capability.STATS_EXPORT,
        Capability.STATS_RELEASE,
    ],
    RoleCode.ADMINISTRATOR: [Capability.USER_MANAGE, Capability.SERVICE_MANAGE],
    RoleCode.AUDITOR: [Capability.AUDIT_VIEW],
}

_S = Section
# Which sections of a child's file each role may read and write, where it has a relationship.
DEFAULT_ROLE_SECTIONS: dict[RoleCode, tuple[list[Section], list[Section]]] = {
    RoleCode.FRONTLINE_RESPONDER: ([_S.IDENTITY, _S.LOCATION], [_S.IDENTITY, _S.LOCATION]),
    RoleCode.HOTLINE_OPERATOR: ([], []),
    RoleCode.CASEWORKER: (list(_S), list(_S)),
    RoleCode.SUPERVISOR: (list(_S), list(_S)),
    RoleCode.GUARDIAN: (list(_S), [_S.IDENTITY, _S.LEGAL, _S.CARE]),
    RoleCode.POLICE_INVESTIGATOR: (
        [_S.IDENTITY, _S.LOCATION, _S.INTERVIEWS],
        [_S.IDENTITY, _S.INTERVIEWS],
    ),
    RoleCode.ANALYST: ([], []),
    RoleCode.NATIONAL_COORDINATOR: ([], []),
    RoleCode.ADMINISTRATOR: ([], []),
    RoleCode.AUDITOR: ([], []),
}
