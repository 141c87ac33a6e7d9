"""The message kinds: for each, the body's schema (only the fields its purpose needs, nothing
else: `extra="forbid"`), the legal bases and purposes it may carry, whether receiving it raises
an answer deadline, and what the receiving side does with it besides storing it.

No body carries a child's name, except the identity disclosure made after a person on each side
confirmed a match, and the first name of a missing-child alert (the alert exists to have the
child recognised). Matching asks with keyed Bloom-filter encodings, never with names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kinhaven.exchange.enums import LegalBasis, MessageKind, Purpose

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Ref = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Sex = Literal["F", "M", "X", "U"]
Year = Annotated[int, Field(ge=1990, le=2100)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(Body):
    """Who answers for the sending side: an office, not a person's private data."""

    agency: Short
    phone: Annotated[str, StringConstraints(max_length=40)] = ""
    email: Annotated[str, StringConstraints(max_length=200)] = ""


class MissingAlertBody(Body):
    alert_ref: Ref
    first_name: Short
    sex: Sex
    birth_year: Year | None = None
    age_years: Annotated[int, Field(ge=0, le=25)] | None = None
    description: Text
    last_seen_place: Short
    last_seen_on: dt.date
    contact: Contact
    expires_on: dt.date


class TracingRequestBody(Body):
    """A family tracing request without names: the names go as an encoded registration query
    (`registration_query_ref`) and are disclosed only after a confirmed match."""

    request_ref: Ref
    seeker_relationship: Annotated[str, StringConstraints(max_length=20)]
    sex: Sex = "U"
    birth_year: Year | None = None
    nationality: Country | None = None
    last_seen_place: Annotated[str, StringConstraints(max_length=200)] = ""
    last_seen_on: dt.date | None = None
    languages: list[Annotated[str, StringConstraints(max_length=3)]] = Field(
        default_factory=list, max_length=10
    )
    registration_query_ref: Ref | None = None
    contact: Contact


class FamilyAssessmentRequestBody(Body):
    request_ref: Ref
    case_ref: Ref
    relationship: Annotated[str, StringConstraints(max_length=20)]
    locality: Short
    questions: Text
    contact: Contact


class FamilyAssessmentAnswerBody(Body):
    request_ref: Ref
    recommendation: Literal["return_recommended", "return_not_recommended", "inconclusive"]
    summary: Text


class ReturnArrangementBody(Body):
    arrangement_ref: Ref
    case_ref: Ref
    kind: Literal["return", "transfer"]
    planned_on: dt.date
    escort: Literal["guardian", "social_worker", "police", "other"]
    receiving_service: Short
    contact: Contact


class Consent(Body):
    given: Literal[True]
    recorded_on: dt.date
    heard_by: Short
    child_informed_in_language: Annotated[str, StringConstraints(max_length=3)]


class CaseTransferBody(Body):
    transfer_ref: Ref
    case_ref: Ref
    reason: Text
    consent: Consent
    contact: Contact


class RegistrationQueryBody(Body):
    """Keyed Bloom-filter encodings (base64), one per person asked about; no names."""

    query_id: Ref
    encodings: list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/=]{8,4096}$")]] = Field(
        min_length=1, max_length=1000
    )


class Candidate(Body):
    handle: Ref
    score: Annotated[float, Field(ge=0, le=1)]


class RegistrationAnswerBody(Body):
    query_id: Ref
    candidates: list[Candidate] = Field(max_length=1000)


class MatchConfirmationBody(Body):
    """A person on the asking side confirmed a candidate and asks for the identity behind it:
    the handle and the office that confirmed, no name."""

    query_id: Ref
    handle: Ref
    confirmed_by: Short


class MatchDeclinedBody(Body):
    """A person on the answering side found that the candidate is not the child sought."""

    query_id: Ref
    handle: Ref


class IdentityDisclosureBody(Body):
    """After a person on each side confirmed a match: who the child is, to the peer only."""

    query_id: Ref
    handle: Ref
    confirmed_by: Short
    given_name: Short
    family_name: Annotated[str, StringConstraints(max_length=200)] = ""
    birth_year: Year | None = None
    sex: Sex = "U"


Handler = Callable[[Any], None]


@dataclass
class KindSpec:
    schema: type[Body]
    legal_bases: frozenset[LegalBasis]
    purposes: frozenset[Purpose]
    raises_deadline: bool
    handlers: list[Handler] = field(default_factory=list)


_B, _P = LegalBasis, Purpose
REGISTRY: dict[MessageKind, KindSpec] = {
    MessageKind.TRACING_REQUEST: KindSpec(
        TracingRequestBody,
        frozenset({_B.CHILD_PROTECTION}),
        frozenset({_P.FAMILY_TRACING}),
        True,
    ),
    MessageKind.FAMILY_ASSESSMENT_REQUEST: KindSpec(
        FamilyAssessmentRequestBody,
        frozenset({_B.CHILD_PROTECTION}),
        frozenset({_P.FAMILY_ASSESSMENT}),
        True,
    ),
    MessageKind.FAMILY_ASSESSMENT_ANSWER: KindSpec(
        FamilyAssessmentAnswerBody,
        frozenset({_B.CHILD_PROTECTION}),
        frozenset({_P.FAMILY_ASSESSMENT}),
        False,
    ),
    MessageKind.RETURN_ARRANGEMENT: KindSpec(
        ReturnArrangementBody,
        frozenset({_B.CHILD_PROTECTION}),
        frozenset({_P.DURABLE_SOLUTION}),
        True,
    ),
    MessageKind.MISSING_ALERT: KindSpec(
        MissingAlertBody,
        frozenset({_B.MISSING_CHILD, _B.LAW_ENFORCEMENT}),
        frozenset({_P.LOCATE_MISSING_CHILD}),
        True,
    ),
    MessageKind.CASE_TRANSFER: KindSpec(
        CaseTransferBody,
        frozenset({_B.CHILD_CONSENT}),
        frozenset({_P.CONTINUITY_OF_CARE}),
        True,
    ),
    MessageKind.REGISTRATION_QUERY: KindSpec(
        RegistrationQueryBody,
        frozenset({_B.CHILD_PROTECTION, _B.MISSING_CHILD}),
        frozenset({_P.REGISTRATION_CHECK}),
        True,
    ),
    MessageKind.REGISTRATION_ANSWER: KindSpec(
        RegistrationAnswerBody,
        frozenset({_B.CHILD_PROTECTION, _B.MISSING_CHILD}),
        frozenset({_P.REGISTRATION_CHECK}),
        False,
    ),
    MessageKind.MATCH_CONFIRMATION: KindSpec(
        MatchConfirmationBody,
        frozenset({_B.CHILD_PROTECTION, _B.MISSING_CHILD}),
        frozenset({_P.FAMILY_TRACING, _P.LOCATE_MISSING_CHILD}),
        True,
    ),
    MessageKind.MATCH_DECLINED: KindSpec(
        MatchDeclinedBody,
        frozenset({_B.CHILD_PROTECTION, _B.MISSING_CHILD}),
        frozenset({_P.FAMILY_TRACING, _P.LOCATE_MISSING_CHILD}),
        False,
    ),
    MessageKind.IDENTITY_DISCLOSURE: KindSpec(
        IdentityDisclosureBody,
        frozenset({_B.SPECIAL_CATEGORY_SAFEGUARDED}),
        frozenset({_P.FAMILY_TRACING, _P.LOCATE_MISSING_CHILD}),
        False,
    ),
}


def exchange_handler_register(kind: MessageKind, handler: Handler) -> None:
    """Add what receiving a kind does besides storing it (the encoded matching answers a
    query); called with the stored InboxMessage once the receipt commits."""
    if handler not in REGISTRY[kind].handlers:
        REGISTRY[kind].handlers.append(handler)
