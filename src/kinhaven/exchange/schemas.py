"""Input of the exchange's writes (one model each, shared by the form and the service) and the
API's output. What goes to a peer is the message body of messages.py, built from these."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.core.validation import (
    CountryCode,
    NoNul,
    PastDate,
    PlaceCountryCode,
    Required,
    SingleLine,
    Stripped,
    checked,
    one_of,
    validate_language,
)
from kinhaven.exchange.enums import LegalBasis

MAX_TEXT = 2000
MAX_NAME = 200

Text = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped]
RequiredText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped, Required]
Name = Annotated[str, Field(max_length=MAX_NAME), NoNul, SingleLine]
RequiredName = Annotated[str, Field(max_length=MAX_NAME), NoNul, SingleLine, Required]
Sex = Annotated[
    str, Field(max_length=1), one_of(["F", "M", "X", "U"], gettext_lazy("Choose the sex."))
]
AlertBasis = Annotated[
    str,
    Field(max_length=40),
    one_of(
        [LegalBasis.MISSING_CHILD, LegalBasis.LAW_ENFORCEMENT],
        gettext_lazy("Choose the legal basis."),
    ),
]
Relationship = Annotated[
    str,
    Field(max_length=20),
    one_of(
        ["mother", "father", "sibling", "grandparent", "aunt_uncle", "other_relative", "other"],
        gettext_lazy("Choose the relationship."),
    ),
]


class PeerAddIn(Schema):
    """Add a peer: its address, its country and the thumbprint of its signing key, exchanged
    out of band; the agency that receives its messages."""

    model_config = ConfigDict(extra="forbid")

    base_url: RequiredName
    country: Annotated[PlaceCountryCode, Required]
    thumbprint: Annotated[str, Field(min_length=43, max_length=43, pattern=r"^[A-Za-z0-9_-]+$")]
    agency_id: uuid.UUID


class ContactIn(Schema):
    model_config = ConfigDict(extra="forbid")

    contact_phone: Annotated[str, Field(max_length=40), NoNul, Stripped] = ""
    contact_email: Annotated[str, Field(max_length=200), NoNul, Stripped] = ""


class MissingAlertIn(ContactIn):
    """A missing-child alert to a peer: only what an alert needs."""

    peer_id: uuid.UUID
    legal_basis: AlertBasis = LegalBasis.MISSING_CHILD.value
    first_name: RequiredName
    sex: Sex = "U"
    birth_year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    age_years: Annotated[int, Field(ge=0, le=25)] | None = None
    description: RequiredText
    last_seen_place: RequiredName
    last_seen_on: PastDate
    expires_on: dt.date


class TracingSendIn(ContactIn):
    """A tracing request to a peer without names: the sought child's sex, year of birth,
    nationality, languages, where and when last seen, and who seeks them."""

    peer_id: uuid.UUID
    seeker_relationship: Relationship
    sex: Sex = "U"
    birth_year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    nationality: CountryCode | None = None
    last_seen_place: Name = ""
    last_seen_on: PastDate | None = None


QueryBasis = Annotated[
    str,
    Field(max_length=40),
    one_of(
        [LegalBasis.CHILD_PROTECTION, LegalBasis.MISSING_CHILD],
        gettext_lazy("Choose the legal basis."),
    ),
]
# What is known of a date of birth: a year, a year and month, or a full date.
BirthDate = Annotated[
    str,
    Field(max_length=10, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"),
]


class RegistrationQueryIn(Schema):
    """Ask a peer whether a child is registered there. For a case, the child's record is
    encoded; otherwise the names as a family gave them. Only encodings leave."""

    model_config = ConfigDict(extra="forbid")

    peer_id: uuid.UUID
    legal_basis: QueryBasis = LegalBasis.CHILD_PROTECTION.value
    given_name: Name = ""
    family_name: Name = ""
    date_of_birth: BirthDate = ""
    sex: Sex = "U"


class MatchConfirmIn(Schema):
    """Confirm a candidate a peer answered with, and ask for the identity behind it."""

    model_config = ConfigDict(extra="forbid")

    legal_basis: QueryBasis


class MatchAnswerIn(Schema):
    """Answer a peer's confirmation of a match: confirm too (the child's identity goes to
    that peer, on the legal basis given in words) or decline."""

    model_config = ConfigDict(extra="forbid")

    decision: Annotated[
        str, Field(max_length=10), one_of(["confirm", "decline"], gettext_lazy("Choose."))
    ]
    legal_basis: Name = ""


class FamilyAssessmentRequestIn(ContactIn):
    """Ask a peer to assess the child's family for a possible return."""

    peer_id: uuid.UUID
    relationship: Relationship
    locality: RequiredName
    questions: RequiredText


class FamilyAssessmentAnswerIn(Schema):
    """The answer to a peer's family assessment request."""

    model_config = ConfigDict(extra="forbid")

    recommendation: Annotated[
        str,
        Field(max_length=30),
        one_of(
            ["return_recommended", "return_not_recommended", "inconclusive"],
            gettext_lazy("Choose the recommendation."),
        ),
    ]
    summary: RequiredText


class ReturnArrangementIn(ContactIn):
    """Arrange with a peer a return or a transfer the child's adopted plan provides for."""

    peer_id: uuid.UUID
    kind: Annotated[
        str, Field(max_length=10), one_of(["return", "transfer"], gettext_lazy("Choose."))
    ]
    planned_on: dt.date
    escort: Annotated[
        str,
        Field(max_length=20),
        one_of(
            ["guardian", "social_worker", "police", "other"], gettext_lazy("Choose the escort.")
        ),
    ]
    receiving_service: RequiredName


class CaseTransferIn(ContactIn):
    """Transfer the case to a peer, with the child's informed consent."""

    peer_id: uuid.UUID
    reason: RequiredText
    consent_given: bool = False
    consent_recorded_on: PastDate
    heard_by: RequiredName
    child_informed_in_language: Annotated[
        str, Field(max_length=3), NoNul, checked(validate_language)
    ]


class RegistrationMatchOut(Schema):
    id: uuid.UUID
    score: float
    status: str
    confirmed_at: dt.datetime | None
    disclosure_id: uuid.UUID | None


class RegistrationQueryOut(Schema):
    id: uuid.UUID
    peer: str
    case_id: uuid.UUID | None
    legal_basis: str
    people: int
    sent_at: dt.datetime
    answered_at: dt.datetime | None
    matches: list[RegistrationMatchOut]


class MessageQueuedOut(Schema):
    id: uuid.UUID
    kind: str
    status: str


class ReceivedOut(Schema):
    id: uuid.UUID
    peer: str
    country: str
    kind: str
    legal_basis: str
    purpose: str
    received_at: dt.datetime
    expires_at: dt.datetime
    answer_due_at: dt.datetime | None


class SentOut(Schema):
    id: uuid.UUID
    peer: str
    kind: str
    status: str
    attempts: int
    next_attempt_at: dt.datetime | None
    sent_at: dt.datetime | None
