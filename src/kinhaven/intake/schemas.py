"""API input and output of reports. The report's input models hold every check of its fields:
the API takes them, the web forms of every channel build them, the services take them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

from kinhaven.children.enums import Sex
from kinhaven.children.validators import AgeEstimate, BirthDateText
from kinhaven.core.validation import (
    CountryCode,
    NoNul,
    SingleLine,
    Stripped,
    Text,
    code_list,
    invalid,
    validate_language,
)
from kinhaven.intake.enums import (
    Accompanied,
    AgeStatus,
    ChildDocuments,
    ExploitationType,
    Urgency,
)
from kinhaven.intake.urgency import assess_report

MAX_SHORT = 200
MAX_LOCATION = 300
MAX_LONG = 5000
MAX_LIST = 20
MAX_URGENCY = 30
MAX_AGE_STATUS = 20
MAX_TRAFFICKING_STATUS = 40
MAX_BODY_TYPE = 40
MAX_INDICATORS = 100

ShortText = Annotated[str, Field(max_length=MAX_SHORT), NoNul, SingleLine]
LongText = Annotated[str, Field(max_length=MAX_LONG), NoNul, Stripped]


def _choice(choices: list[str], default: str) -> AfterValidator:
    """A code of `choices`; blank, `default`."""

    def run(value: str) -> str:
        if value == "":
            return default
        if value not in choices:
            raise invalid(_("Unknown code."))
        return value

    return AfterValidator(run)


def _exploitation(code: str) -> str:
    if code not in ExploitationType.values:
        raise ValueError(_("Unknown type of exploitation."))
    return code


def _flag(value: Any) -> Any:
    # Left blank, a yes-or-no answer is no.
    return False if value is None or value == "" else value


Flag = Annotated[bool, BeforeValidator(_flag)]


class PublicReportIn(Schema):
    """What anyone may report, the public included; every field may be left out."""

    model_config = ConfigDict(extra="forbid")

    what_happened: LongText = ""
    location: Annotated[str, Field(max_length=MAX_LOCATION), NoNul, SingleLine] = ""
    immediate_danger: Flag = False
    child_missing: Flag = False
    exploitation_types: Annotated[
        list[Text], Field(max_length=MAX_LIST), code_list(_exploitation)
    ] = Field(default_factory=list, description="HTCDS types of exploitation")
    child_given_name: ShortText = ""
    child_family_name: ShortText = ""
    child_sex: Annotated[str, Field(max_length=1), NoNul, _choice(Sex.values, Sex.UNKNOWN)] = Field(
        default=Sex.UNKNOWN.value, description="F, M, X or U (unknown)"
    )
    child_age_estimate: AgeEstimate = None
    child_date_of_birth: BirthDateText = Field(
        default="", description="YYYY, YYYY-MM or YYYY-MM-DD"
    )
    child_nationality: CountryCode = Field(default="", description="ISO 3166-1 alpha-3")
    child_languages: Annotated[
        list[Text], Field(max_length=MAX_LIST), code_list(validate_language)
    ] = Field(default_factory=list, description="ISO 639")
    child_description: LongText = ""
    accompanied: Annotated[
        str, Field(max_length=20), NoNul, _choice(Accompanied.values, Accompanied.UNKNOWN)
    ] = Accompanied.UNKNOWN.value
    child_documents: Annotated[
        str, Field(max_length=10), NoNul, _choice(ChildDocuments.values, ChildDocuments.UNKNOWN)
    ] = Field(
        default=ChildDocuments.UNKNOWN.value,
        description="whether the child has identity papers: unknown, none or some",
    )
    reporter_name: ShortText = ""
    reporter_contact: ShortText = ""
    reporter_relationship: ShortText = ""


class ReportIn(PublicReportIn):
    """A report taken by staff or a partner system, who may also set the urgency and the age
    status themselves."""

    urgency: Annotated[str, Field(max_length=MAX_URGENCY), NoNul, _choice(Urgency.values, "")] = (
        Field(
            default="",
            description="immediate_danger, missing_child, suspected_trafficking or concern; "
            "left blank, or lower than the urgency rules give, the rules' grade "
            "(GET a report: urgency_rules says why)",
        )
    )
    age_status: Annotated[
        str,
        Field(max_length=MAX_AGE_STATUS),
        NoNul,
        _choice(AgeStatus.values, AgeStatus.PRESUMED_CHILD),
    ] = AgeStatus.PRESUMED_CHILD.value


class ReportCreateIn(ReportIn):
    what_happened: Annotated[str, Field(min_length=1, max_length=MAX_LONG), NoNul, Stripped]
    client_token: uuid.UUID | None = Field(
        default=None,
        description="Send the same token again when retrying: the first report is returned.",
    )


class ReportPatchIn(ReportIn):
    """The fields to change; fields left out keep their values."""


class TriageIn(Schema):
    model_config = ConfigDict(extra="forbid")

    urgency: Annotated[str, Field(max_length=MAX_URGENCY), NoNul] = Field(
        description="immediate_danger, missing_child, suspected_trafficking or concern"
    )
    team_id: uuid.UUID | None = None
    age_status: Annotated[str | None, Field(max_length=MAX_AGE_STATUS), NoNul] = Field(
        default=None, description="left out, the report's age status stays"
    )
    note: LongText = ""


class ScreeningIn(Schema):
    model_config = ConfigDict(extra="forbid")

    indicators: Annotated[list[Text], Field(max_length=MAX_INDICATORS)] = Field(
        description="codes from /reports/indicators"
    )


class ReportDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    trafficking_status: Annotated[str, Field(max_length=MAX_TRAFFICKING_STATUS), NoNul] = Field(
        description="HTCDS vic_TraffickingStatus: PossibleVictimOfTrafficking, "
        "ActualVictimOfTrafficking (on a report that opened a case) or NotAVictimOfTrafficking"
    )
    decision_body_type: Annotated[str, Field(max_length=MAX_BODY_TYPE), NoNul] = Field(
        description="HTCDS vic_TraffickingStatusDecisionMakingOrg: Police, NGO, "
        "CourtOrProsecution, NonPoliceGovernmentalOrganization or Other"
    )
    decision_body_name: ShortText
    decision_reasons: LongText


class ConversionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    child_id: uuid.UUID | None = Field(
        default=None, description="an existing child offered as a possible duplicate"
    )
    confirm_new: bool = Field(
        default=False, description="register a new child even though similar ones exist"
    )


class ClosureIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: LongText


class IndicatorOut(Schema):
    code: str
    dimension: str
    strength: str
    lists: list[str]
    label: str


class UrgencyRuleOut(Schema):
    code: str
    label: str
    minimum: str | None = Field(description="the grade the rule gives on its own, if any")
    weight: int = Field(description="what the rule adds to the child's vulnerability")
    source: str


class ReportOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    reference: str
    channel: str
    status: str
    urgency: str
    received_at: dt.datetime
    team: str | None = Field(default=None, alias="team.name")
    what_happened: str
    location: str
    immediate_danger: bool
    child_missing: bool
    exploitation_types: list[str]
    child_given_name: str
    child_family_name: str
    child_sex: str
    child_age_estimate: int | None
    child_date_of_birth: str
    child_nationality: str
    child_languages: list[str]
    child_description: str
    accompanied: str
    child_documents: str
    age_status: str
    urgency_by_rules: str = Field(
        description="the grade the urgency rules give the report as it stands; the urgency "
        "is never lower unless a person set it at triage"
    )
    urgency_rules: list[UrgencyRuleOut] = Field(
        description="the urgency rules that fired: why the report has its grade"
    )
    reporter_name: str
    reporter_contact: str
    reporter_relationship: str
    indicators: list[str]
    screening: dict[str, object]
    trafficking_status: str
    decision_body_type: str
    decision_body_name: str
    decision_reasons: str
    decided_at: dt.datetime | None
    case_id: uuid.UUID | None = Field(default=None, alias="case.public_id")
    child_id: uuid.UUID | None = Field(default=None, alias="child.public_id")

    @staticmethod
    def resolve_urgency_by_rules(obj: Any) -> str:
        return assess_report(obj).grade.value

    @staticmethod
    def resolve_urgency_rules(obj: Any) -> list[dict[str, object]]:
        return [
            {
                "code": rule.code,
                "label": str(rule.label),
                "minimum": rule.minimum.value if rule.minimum else None,
                "weight": rule.weight,
                "source": str(rule.source),
            }
            for rule in assess_report(obj).fired
        ]


class CandidateOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    display_name: str
    date_of_birth: str | None
    age_estimate_years: int | None
    nationality: str

    @staticmethod
    def resolve_date_of_birth(obj: object) -> str | None:
        dob = getattr(obj, "date_of_birth", None)
        return str(dob) if dob else None


class ReportFilters(Schema):
    status: Text = Field(default="open", max_length=20, description="open, all, or a status")
    urgency: Text = Field(default="", max_length=30)
    mine: bool = False
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)
