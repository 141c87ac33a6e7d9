"""API input and output of the legal tracks. A proceeding's input models hold every check of its
fields: the API takes them, the web forms build them, the services take them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, field_validator

from kinhaven.care.schemas import PlacementOut
from kinhaven.core.validation import (
    NoNul,
    PastDateTime,
    Stripped,
    checked,
    invalid,
    validate_language,
)
from kinhaven.legal.enums import TRACK_STATUSES, ChildRole, PermitBasis, Track, Understood
from kinhaven.solutions.schemas import DepartureOut, PlanOut

MAX_AUTHORITY = 200
MAX_REFERENCE = 100
MAX_NEXT_STEP = 300
MAX_NOTE = 5000


def _track(value: str) -> str:
    if value not in Track.values:
        raise invalid(_("Choose asylum, residence or criminal proceedings."))
    return value


def _blank_if_none(value: str | None) -> str:
    return (value or "").strip()


def _status_problem(track: str, status: Any) -> str | None:
    if status not in TRACK_STATUSES.get(track, []):
        return _("Choose a status of this track.")
    return None


def _child_role_problem(track: str, role: Any) -> str | None:
    if role and (track != Track.CRIMINAL or role not in ChildRole.values):
        return _("A victim, witness or suspect, in criminal proceedings only.")
    return None


# Fields whose values depend on the proceeding's track.
TRACK_CHECKS: dict[str, Callable[[str, Any], str | None]] = {
    "status": _status_problem,
    "child_role": _child_role_problem,
}


def track_errors(track: str, fields: Mapping[str, Any]) -> dict[str, str]:
    """What of the fields given does not fit the proceeding's track, by field."""
    errors: dict[str, str] = {}
    for name, check in TRACK_CHECKS.items():
        problem = check(track, fields[name]) if name in fields else None
        if problem:
            errors[name] = problem
    return errors


Authority = Annotated[str, Field(max_length=MAX_AUTHORITY), NoNul, Stripped]
Reference = Annotated[str, Field(max_length=MAX_REFERENCE), NoNul, Stripped]
NextStep = Annotated[str, Field(max_length=MAX_NEXT_STEP), NoNul, Stripped]
Note = Annotated[str, Field(max_length=MAX_NOTE), NoNul, Stripped]
Code = Annotated[str, Field(max_length=20), NoNul]


class ProceedingFieldsIn(Schema):
    """A proceeding of the child before an authority, on one track."""

    model_config = ConfigDict(extra="forbid")

    track: Annotated[Code, AfterValidator(_track)] = Field(
        description="asylum, residence or criminal"
    )
    status: Code
    authority: Authority = ""
    reference: Reference = ""
    child_role: Code = Field(default="", description="victim, witness or suspect")
    next_date: dt.date | None = None
    next_step: NextStep = ""
    note: Note = ""

    @field_validator("status", "child_role")
    @classmethod
    def _fits_track(cls, value: str, info: ValidationInfo) -> str:
        track = info.data.get("track")
        # An unknown track is an error of its own; nothing else can fit it.
        problem = TRACK_CHECKS[str(info.field_name)](track, value) if track else None
        if problem:
            raise invalid(problem)
        return value


class ProceedingIn(ProceedingFieldsIn):
    child_id: uuid.UUID


# Left out, a text keeps its value; given as null, it is emptied.
BlankIfNone = AfterValidator(_blank_if_none)


class ProceedingPatch(Schema):
    """The fields to change; fields left out keep their values. The status and the child's part
    must fit the proceeding's track, which is fixed."""

    model_config = ConfigDict(extra="forbid")

    status: Annotated[str | None, Field(max_length=20), NoNul] = None
    authority: Annotated[str | None, Field(max_length=MAX_AUTHORITY), NoNul, BlankIfNone] = None
    reference: Annotated[str | None, Field(max_length=MAX_REFERENCE), NoNul, BlankIfNone] = None
    child_role: Annotated[str | None, Field(max_length=20), NoNul, BlankIfNone] = None
    next_date: dt.date | None = None
    next_step: Annotated[str | None, Field(max_length=MAX_NEXT_STEP), NoNul, BlankIfNone] = None
    note: Annotated[str | None, Field(max_length=MAX_NOTE), NoNul, BlankIfNone] = None


def _basis(value: str) -> str:
    if value not in PermitBasis.values:
        raise invalid(_("Choose the basis of the permit."))
    return value


class PermitFieldsIn(Schema):
    """A residence permit granted to the child. A permanent permit has no expiry date."""

    model_config = ConfigDict(extra="forbid")

    basis: Annotated[Annotated[str, Field(max_length=30), NoNul], AfterValidator(_basis)] = Field(
        description="humanitarian, minority, protection, cooperation or permanent_humanitarian"
    )
    granted_on: dt.date
    expires_on: dt.date | None = None
    authority: Authority = ""
    reference: Reference = ""
    note: Note = ""

    @field_validator("expires_on")
    @classmethod
    def _after_grant(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        granted = info.data.get("granted_on")
        if value is not None and granted is not None and value <= granted:
            raise invalid(_("The permit must expire after it was granted."))
        return value


class PermitIn(PermitFieldsIn):
    child_id: uuid.UUID


class LegalTaskOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    kind: str
    description: str = Field(alias="get_kind_display")
    owner: str = Field(alias="owner.username")
    due_on: dt.date
    done_at: dt.datetime | None


class PermitOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    child_id: uuid.UUID = Field(alias="child.public_id")
    basis: str
    granted_on: dt.date
    expires_on: dt.date | None
    authority: str
    reference: str
    note: str
    warning: str = Field(
        description="Set when the permit depends on the child's cooperation with the "
        "authorities: seek a basis that does not"
    )

    @staticmethod
    def resolve_warning(obj: Any) -> str:
        from kinhaven.legal.selectors import permit_warning

        return str(permit_warning(obj))


class ProceedingChangeOut(Schema):
    status: str
    next_date: dt.date | None
    note: str
    changed_by: str = Field(alias="changed_by.username")
    changed_at: dt.datetime


class ProceedingOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    child_id: uuid.UUID = Field(alias="child.public_id")
    track: str
    status: str
    authority: str
    reference: str
    child_role: str
    next_date: dt.date | None
    next_step: str
    note: str
    special_measures: list[str] = Field(
        description="measures that spare the child, carried from the child's interviews"
    )
    updated_at: dt.datetime
    changes: list[ProceedingChangeOut] = Field(alias="changes.all")
    non_punishment: bool = Field(
        description="The child is a suspect here and a (possible) victim of trafficking: the "
        "non-punishment principle applies (CETS 197 Art. 26; Directive 2011/36/EU Art. 8)"
    )

    @staticmethod
    def resolve_non_punishment(obj: Any) -> bool:
        from kinhaven.legal.selectors import non_punishment_applies

        return non_punishment_applies(obj)


class TrackReferralOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    service_kind: str
    from_agency: str = Field(alias="from_agency.name")
    to_agency: str = Field(alias="to_agency.name")
    status: str
    response_due_at: dt.datetime


class TrackCaseOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    reference: str | None
    status: str
    agency: str = Field(alias="agency.name")
    is_missing: bool


class TrackDeadlineOut(Schema):
    id: uuid.UUID
    code: str
    due_at: dt.datetime
    state: str


class TrackTaskOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    description: str
    owner: str = Field(alias="owner.username")
    due_on: dt.date


class TrackConferenceOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    held_at: dt.datetime
    child_heard: bool


class ProtectionOut(Schema):
    cases: list[TrackCaseOut]
    deadlines: list[TrackDeadlineOut]
    conferences: list[TrackConferenceOut]
    tasks: list[TrackTaskOut]


class AsylumResidenceOut(Schema):
    asylum: list[ProceedingOut]
    residence: list[ProceedingOut]
    permits: list[PermitOut]
    deadlines: list[TrackDeadlineOut]
    referrals: list[TrackReferralOut]


class TrackAssessmentOut(Schema):
    id: uuid.UUID
    opened_at: dt.datetime
    current_version: int | None = Field(description="the latest approved version")
    latest_version: int | None
    latest_status: str | None = Field(description="draft, submitted, approved or sent_back")


class TrackDeterminationOut(Schema):
    id: uuid.UUID
    decided_on: dt.date
    review_on: dt.date
    purposes: list[str]
    decision: str
    dissents: int


class CareTrackOut(Schema):
    """Alternative care and best interests; `readable` false: the care section is not yours."""

    readable: bool
    current: PlacementOut | None
    placements: list[PlacementOut]
    best_interests_assessments: list[TrackAssessmentOut]
    current_determination: TrackDeterminationOut | None
    durable_solution_plan: PlanOut | None = Field(description="the plan in the works or adopted")
    departures: list[DepartureOut]


class TracksOut(Schema):
    """One view of a child across the tracks; `legal` false: the legal section is not yours."""

    legal: bool
    assistance: list[TrackReferralOut]
    child_protection: ProtectionOut
    asylum_and_residence: AsylumResidenceOut
    criminal_proceedings: list[ProceedingOut]
    alternative_care: CareTrackOut
    legal_tasks: list[LegalTaskOut]


class WardProceedingOut(Schema):
    track: str
    status: str
    next_date: dt.date | None


class WardPlacementOut(Schema):
    kind: str
    carer: str
    started_on: dt.date
    last_visit_on: dt.date | None


class WardOut(Schema):
    child_id: uuid.UUID
    name: str
    open_cases: int
    live_referrals: int
    proceedings: list[WardProceedingOut]
    overdue_deadlines: int
    placement: WardPlacementOut | None = None


def _understood(value: str) -> str:
    if value not in Understood.values:
        raise invalid(_("Choose yes, partly or no."))
    return value


class InformationFieldsIn(Schema):
    """What the child was told, when and in which language, and whether the child understood.
    `decision_kind` and `decision_ref` name the decision explained, as the child's untold
    decisions list them; both blank for information given on its own."""

    model_config = ConfigDict(extra="forbid")

    decision_kind: Annotated[str, Field(max_length=30), NoNul] = ""
    decision_ref: Annotated[str, Field(max_length=80), NoNul] = ""
    what: Annotated[str, Field(min_length=1, max_length=MAX_NOTE), NoNul, Stripped]
    told_at: PastDateTime
    language: Annotated[str, Field(max_length=3), NoNul, checked(validate_language)] = Field(
        description="ISO 639-1 or 639-3"
    )
    understood: Annotated[Annotated[str, Field(max_length=10), NoNul], AfterValidator(_understood)]
    note: Note = ""


class InformationIn(InformationFieldsIn):
    child_id: uuid.UUID


class InformationOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    decision_kind: str
    decision_ref: str
    what: str
    told_at: dt.datetime
    told_by: str = Field(alias="told_by.username")
    language: str
    understood: str
    note: str


class UntoldDecisionOut(Schema):
    kind: str
    ref: str
    label: str
    on: dt.date

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.label)


class ChildInformationOut(Schema):
    """What the child was told, and the decisions no record names yet: to tell the child."""

    records: list[InformationOut]
    untold: list[UntoldDecisionOut]
