"""API input and output of age assessments. Each write takes one input model, which holds every
check of its fields (a range ordered, a medical examination's consents and reason): the API takes
it as its body, the web form builds it, the service takes it. Checks that need the record (the
order of methods, the dates of earlier steps) are the service's."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import ConfigDict, Field, model_validator

from kinhaven.ages.enums import (
    WITH_THE_CHILD,
    AgeMethod,
    AppealOutcome,
    DoubtTrigger,
    NoticeMeans,
    Recipient,
)
from kinhaven.core.validation import (
    NoNul,
    PastDate,
    Required,
    SingleLine,
    Stripped,
    checked,
    invalid_at,
    one_of,
    validate_language,
)

MAX_TEXT = 5000
MAX_NAMES = 300
MAX_AUTHORITY = 200
MAX_CODE = 30
# The lowest age becomes the child's recorded age, which a child's record holds up to 25 years
# (children.validators.validate_age_estimate); the highest may go beyond it.
MAX_RECORDED_AGE = 25
MAX_AGE = 99


Text = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped]
RequiredText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped, Required]
Names = Annotated[str, Field(max_length=MAX_NAMES), NoNul, SingleLine, Required]
Authority = Annotated[str, Field(max_length=MAX_AUTHORITY), NoNul, SingleLine]
Code = Annotated[str, Field(max_length=MAX_CODE), NoNul]
# The lowest age of a range, as the child's record holds it.
LowestAge = Annotated[int, Field(ge=0, le=MAX_RECORDED_AGE)]
HighestAge = Annotated[int, Field(ge=0, le=MAX_AGE)]
Language = Annotated[str, Field(max_length=3), NoNul, Required, checked(validate_language)]


def _ordered(lowest: int | None, highest: int | None) -> None:
    if lowest is not None and highest is not None and lowest > highest:
        raise invalid_at("min_age", _("The lowest age cannot be above the highest age."))


class AgeRequestIn(Schema):
    """Ask for the child's age to be assessed: only where there is doubt, and why."""

    model_config = ConfigDict(extra="forbid")

    trigger: Annotated[
        Code,
        one_of(DoubtTrigger.values, gettext_lazy("Choose what raised the doubt about the age.")),
    ] = Field(description="what raised the doubt: " + ", ".join(DoubtTrigger.values))
    reason: RequiredText = Field(description="the reason for doubt, written out")
    override_reason: Text = Field(
        default="",
        description="required where the child's full date of birth is documented by an "
        "identity document: why that document is doubted",
    )


class AgeStepIn(Schema):
    """A method applied. A method the child takes part in (a psychosocial assessment, a medical
    examination) is applied with the guardian present. A medical examination needs the reason
    the earlier methods did not settle the age and the informed consent of the child and of the
    guardian, with their dates."""

    model_config = ConfigDict(extra="forbid")

    method: Annotated[Code, one_of(AgeMethod.values, gettext_lazy("Choose a method."))] = Field(
        description="documents, psychosocial or medical (last, never first)"
    )
    performed_on: PastDate
    performed_by: Names = Field(description="names and roles of those who applied it")
    guardian_present: bool = Field(
        default=False,
        description="whether the guardian was present; required of psychosocial and medical",
    )
    findings: RequiredText
    settles_age: bool = Field(default=False, description="whether this method settled the age")
    insufficiency_reason: Text = Field(
        default="", description="medical only: why the earlier methods did not settle the age"
    )
    child_consent_on: PastDate | None = Field(
        default=None, description="medical only: the child's informed consent, given on"
    )
    guardian_consent_on: PastDate | None = Field(
        default=None, description="medical only: the guardian's informed consent, given on"
    )

    @model_validator(mode="after")
    def _medical_with_consent(self) -> AgeStepIn:
        if self.method in WITH_THE_CHILD and not self.guardian_present:
            raise invalid_at(
                "guardian_present",
                _(
                    "The child takes part in this method: apply it with the guardian present "
                    "(appoint a guardian first if there is none)."
                ),
            )
        if self.method != AgeMethod.MEDICAL:
            # Consent and the reason belong to a medical examination only.
            self.insufficiency_reason = ""
            self.child_consent_on = self.guardian_consent_on = None
            return self
        if not self.insufficiency_reason:
            raise invalid_at(
                "insufficiency_reason",
                _("Give the reason the earlier methods did not settle the age."),
            )
        for name, message in (
            ("child_consent_on", _("Record the date of the child's informed consent.")),
            ("guardian_consent_on", _("Record the date of the guardian's informed consent.")),
        ):
            given = getattr(self, name)
            if given is None:
                raise invalid_at(name, message)
            if given > self.performed_on:
                raise invalid_at(name, _("Consent comes before the examination."))
        return self


class AgeDecisionIn(Schema):
    """The decision: an age range (equal ends are still a range), its reasons, and how it can be
    challenged."""

    model_config = ConfigDict(extra="forbid")

    min_age: LowestAge = Field(description="lowest age of the range, in years: the recorded age")
    max_age: HighestAge = Field(description="highest age of the range, in years")
    decided_on: PastDate
    authority: Authority = ""
    reasons: RequiredText
    remedy: RequiredText = Field(description="how and where the decision can be challenged")

    @model_validator(mode="after")
    def _range(self) -> AgeDecisionIn:
        _ordered(self.min_age, self.max_age)
        return self


class AgeNoticeIn(Schema):
    """That the child or the guardian was told of the decision in force."""

    model_config = ConfigDict(extra="forbid")

    recipient: Annotated[
        Code, one_of(Recipient.values, gettext_lazy("Choose the child or the guardian."))
    ] = Field(description="child or guardian")
    notified_on: PastDate
    language: Language = Field(description="ISO 639-1 or 639-3 code of the language used")
    means: Annotated[
        Code, one_of(NoticeMeans.values, gettext_lazy("Choose how they were told."))
    ] = Field(description=", ".join(NoticeMeans.values))
    interpreter: bool = False
    note: Text = ""


class AgeAppealIn(Schema):
    model_config = ConfigDict(extra="forbid")

    lodged_on: PastDate
    lodged_by: Names = Field(description="who lodged it: the child, the guardian, a lawyer")
    grounds: RequiredText


class AgeAppealDecisionIn(Schema):
    """The decision on the pending appeal: the range confirmed, or a new range."""

    model_config = ConfigDict(extra="forbid")

    outcome: Annotated[Code, one_of(AppealOutcome.values, gettext_lazy("Choose the outcome."))] = (
        Field(description="confirmed or changed")
    )
    min_age: LowestAge | None = Field(default=None, description="changed only: the new range")
    max_age: HighestAge | None = None
    decided_on: PastDate
    authority: Authority = ""
    reasons: RequiredText
    remedy: RequiredText = Field(description="how and where this decision can be challenged")

    @model_validator(mode="after")
    def _range_if_changed(self) -> AgeAppealDecisionIn:
        if self.outcome == AppealOutcome.CHANGED:
            for name in ("min_age", "max_age"):
                if getattr(self, name) is None:
                    raise invalid_at(name, _("Give the new age range."))
            _ordered(self.min_age, self.max_age)
        elif self.min_age is not None or self.max_age is not None:
            raise invalid_at("min_age", _("A confirmed decision keeps its range: give none."))
        return self


class AgeWithdrawalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: RequiredText = Field(description="why the doubt is gone")


class AgeRangeOut(Schema):
    min_age: int
    max_age: int


class AgeStepOut(Schema):
    position: int
    method: str
    performed_on: dt.date
    performed_by: str
    guardian_present: bool
    findings: str | None = Field(
        description="a medical examination's findings only for those who read the health section"
    )
    settles_age: bool
    insufficiency_reason: str
    child_consent_on: dt.date | None
    guardian_consent_on: dt.date | None
    recorded_by: str
    recorded_at: dt.datetime


class AgeDecisionOut(Schema):
    min_age: int
    max_age: int
    decided_on: dt.date
    decided_by: str
    authority: str
    reasons: str
    remedy: str


class AgeNoticeOut(Schema):
    recipient: str
    of: str = Field(description="decision or appeal_decision")
    notified_on: dt.date
    language: str
    means: str
    interpreter: bool
    note: str
    recorded_by: str


class AgeAppealOut(Schema):
    lodged_on: dt.date
    lodged_by: str
    grounds: str
    recorded_by: str
    outcome: str = Field(description="blank while pending; confirmed or changed")
    range: AgeRangeOut | None
    decided_on: dt.date | None
    authority: str
    reasons: str
    remedy: str = Field(description="how the decision on the appeal can be challenged")


class AgeAssessmentOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    status: str
    trigger: str
    reason: str
    override_reason: str
    requested_by: str
    requested_at: dt.datetime
    steps: list[AgeStepOut]
    decision: AgeDecisionOut | None
    appeals: list[AgeAppealOut]
    notices: list[AgeNoticeOut]
    range: AgeRangeOut | None = Field(description="the range in force: on appeal, if changed there")
    treated_as_child: bool = Field(
        description="what this assessment says now: below 18 at the lowest, or still pending"
    )
    withdrawn_at: dt.datetime | None
    withdrawal_reason: str


class AgeStandingOut(Schema):
    """Whether the software treats the person as a child now, and how that was reached."""

    treated_as_child: bool
    basis: str = Field(
        description="not_assessed, pending, assessed_child, assessed_adult or appeal_pending"
    )
    on_appeal: bool = Field(description="the range in force was set or confirmed on appeal")
    recorded_age: int | None = Field(description="the child's recorded age, in years")
    recorded_on: dt.date | None = Field(description="the date the recorded age refers to")
    range: AgeRangeOut | None
    assessment_id: uuid.UUID | None
