"""API input and output of the service directory and of referrals. The input models hold the
checks of their fields and their limits: the API takes them, the web forms build them, and the
services take them or their values."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from kinhaven.accounts.enums import Section
from kinhaven.core.validation import (
    NoNul,
    Required,
    Stripped,
    Text,
    checked,
    code_list,
    invalid,
    one_of,
    validate_language,
)
from kinhaven.referrals.enums import ReferralReason, ReferralUrgency, ServiceKind, TransferConsent

MAX_SERVICE_NAME = 200
MAX_SERVICE_LOCATION = 200
MAX_SERVICE_DESCRIPTION = 5000
MAX_SERVICE_LANGUAGES = 30
SERVICE_SEXES = ("F", "M", "X")
MAX_SERVICE_AGE = 25
MAX_SERVICE_KIND = 30
# A referral's reason, a note on consent, the reason for a move.
MAX_REFERRAL_TEXT = 2000
MAX_URGENCY = 10
MAX_SECTIONS = len(Section)
MAX_CONSENT = 30
MAX_REASON_CODE = 40
MAX_REFERRAL_STATUS = 20


def _kind(value: str) -> str:
    if value not in ServiceKind.values:
        raise invalid(_("Choose a kind of service."))
    return value


def _required(value: str) -> str:
    if not value:
        raise invalid(_("This field is required."))
    return value


def _whole(value: Any) -> Any:
    if isinstance(value, bool):
        raise invalid(_("Give a whole number (ages up to 25)."))
    return value


def _count(limit: int | None) -> AfterValidator:
    """A whole number from 0, up to `limit` when there is one; none when not set."""

    def run(value: int | None) -> int | None:
        if value is not None and (value < 0 or (limit is not None and value > limit)):
            raise invalid(_("Give a whole number (ages up to 25)."))
        return value

    return AfterValidator(run)


def _sexes(values: list[str]) -> list[str]:
    if any(s not in SERVICE_SEXES for s in values):
        raise invalid(_("Use F, M and X."))
    return sorted(set(values))


Age = Annotated[int | None, BeforeValidator(_whole), _count(MAX_SERVICE_AGE)]
ReferralText = Annotated[str, Field(max_length=MAX_REFERRAL_TEXT), NoNul, Stripped]


class ServiceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Annotated[str, Field(max_length=MAX_SERVICE_KIND), NoNul, AfterValidator(_kind)]
    name: Annotated[
        str, Field(max_length=MAX_SERVICE_NAME), NoNul, Stripped, AfterValidator(_required)
    ]
    description: Annotated[str, Field(max_length=MAX_SERVICE_DESCRIPTION), NoNul, Stripped] = ""
    location: Annotated[str, Field(max_length=MAX_SERVICE_LOCATION), NoNul, Stripped] = ""
    languages: Annotated[
        list[Text], Field(max_length=MAX_SERVICE_LANGUAGES), code_list(validate_language)
    ] = Field(default_factory=list, description="ISO 639")
    min_age: Age = None
    max_age: Age = None
    sexes: Annotated[list[Text], Field(max_length=len(SERVICE_SEXES)), AfterValidator(_sexes)] = (
        Field(default_factory=list, description="F, M, X")
    )
    capacity: Annotated[int | None, BeforeValidator(_whole), _count(None)] = None

    @field_validator("max_age")
    @classmethod
    def _ages_in_order(cls, value: int | None, info: ValidationInfo) -> int | None:
        low = info.data.get("min_age")
        if value is not None and low is not None and low > value:
            raise invalid(_("The upper age is below the lower one."))
        return value


class ServiceUpdateIn(ServiceIn):
    active: bool = True


class ServiceOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    agency: str = Field(alias="agency.name")
    agency_id: uuid.UUID = Field(alias="agency.public_id")
    kind: str
    name: str
    description: str
    location: str
    languages: list[str]
    min_age: int | None
    max_age: int | None
    sexes: list[str]
    capacity: int | None
    active: bool
    places_taken: int = 0
    places_free: int | None = None


def _referral_reason(code: str) -> str:
    if code not in ReferralReason.values:
        raise ValueError(_("Choose why the child is referred."))
    return code


class ReferralFieldsIn(Schema):
    """A referral of a case's child: to a service, or to an agency for a kind of service."""

    model_config = ConfigDict(extra="forbid")

    service_id: uuid.UUID | None = None
    to_agency_id: uuid.UUID | None = None
    service_kind: Annotated[str, Field(max_length=MAX_SERVICE_KIND), NoNul] = Field(
        default="", description="needed without a service"
    )
    reason: ReferralText
    reason_code: Annotated[
        str, Field(max_length=MAX_REASON_CODE), NoNul, checked(_referral_reason)
    ] = Field(
        default=ReferralReason.ADDITIONAL_SERVICES.value,
        description="HTCDS cas_ReasonForOutgoingReferral: AdditionalServicesRequired, "
        "MigrationOrChangeOfLocation or Other",
    )
    urgency: Annotated[str, Field(max_length=MAX_URGENCY), NoNul] = Field(
        description="urgent or normal"
    )
    sections: Annotated[list[Text], Field(max_length=MAX_SECTIONS)] = Field(
        description="identity, location, health, ..."
    )
    consent: Annotated[str, Field(max_length=MAX_CONSENT), NoNul] = Field(
        description="child_consent, assent_guardian_consent or override"
    )
    consent_note: ReferralText = ""


class ReferralIn(ReferralFieldsIn):
    case_id: uuid.UUID


class ReferralTransitionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to: Annotated[str, Field(max_length=MAX_REFERRAL_STATUS), NoNul]
    reason: ReferralText = Field(default="", description="needed to decline or revoke")


class ReferralOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    child_id: uuid.UUID = Field(alias="child.public_id")
    from_agency: str = Field(alias="from_agency.name")
    to_agency: str = Field(alias="to_agency.name")
    service_kind: str
    reason: str
    reason_code: str
    urgency: str
    sections: list[str]
    consent: str
    status: str
    created_at: dt.datetime
    response_due_at: dt.datetime


class ServiceFilters(Schema):
    kind: Text = Field(default="", max_length=30)
    language: Text = Field(default="", max_length=3)
    age: int | None = Field(default=None, ge=0, le=25)
    sex: Text = Field(default="", max_length=1)
    q: Text = Field(default="", max_length=100)
    with_places: bool = False
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)


class ReferralFilters(Schema):
    direction: Text = Field(default="all", max_length=10, description="incoming, outgoing or all")
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)


def _needs(values: list[str]) -> list[str]:
    if not values or any(v not in ServiceKind.values for v in values):
        raise invalid(_("Choose what the child needs."))
    return sorted(set(values))


class TransferFieldsIn(Schema):
    """A transfer of a whole case to another agency: why, what the child needs, how urgent, and
    who consented (nothing is assumed: the sender chooses)."""

    model_config = ConfigDict(extra="forbid")

    to_agency_id: uuid.UUID
    reasons: Annotated[str, Field(max_length=MAX_REFERRAL_TEXT), NoNul, Stripped, Required]
    needs: Annotated[list[Text], Field(max_length=len(ServiceKind)), AfterValidator(_needs)] = (
        Field(description="kinds of service: shelter, health, psychosocial, legal_aid, ...")
    )
    urgency: Annotated[
        str,
        Field(max_length=MAX_URGENCY),
        NoNul,
        one_of(ReferralUrgency.values, _("Choose urgent or normal.")),
    ] = Field(description="urgent or normal")
    consent: Annotated[
        str,
        Field(max_length=MAX_CONSENT),
        NoNul,
        one_of(
            TransferConsent.values,
            _("Record who consented, or that consent was not sought."),
        ),
    ] = Field(description="child, guardian or not_sought (then consent_note says why)")
    consent_note: ReferralText = ""
    note: ReferralText = ""


class TransferIn(TransferFieldsIn):
    case_id: uuid.UUID


class TransferAcceptIn(Schema):
    model_config = ConfigDict(extra="forbid")

    assigned_to: uuid.UUID | None = Field(
        default=None, description="a caseworker of your agency; none leaves the case unassigned"
    )


class TransferRefuseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reasons: ReferralText = Field(default="", description="required")


class TransferWithdrawIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reasons: ReferralText = ""


class TransferOut(Schema):
    """What each side reads of a transfer: to decide, the receiving agency needs the child's age
    band and sex, the needs and the urgency, never a name; the case's reference only where the
    reader may see the case."""

    id: uuid.UUID
    case_reference: str | None
    from_agency: str
    to_agency: str
    age_band: str
    sex: str
    needs: list[str]
    urgency: str
    reasons: str
    consent: str
    consent_note: str
    note: str
    status: str
    answer_reasons: str
    created_at: dt.datetime
    response_due_at: dt.datetime
    answered_at: dt.datetime | None


class TransferFilters(Schema):
    direction: Text = Field(
        default="incoming", max_length=10, description="incoming, outgoing or all"
    )
    status: Text = Field(default="", max_length=20, description="pending, accepted, ...")
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)
