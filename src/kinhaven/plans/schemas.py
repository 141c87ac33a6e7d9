"""API input and output of case plans: one input model per write, holding every check of its
fields; checks that need records (the owner's agency, the goal of this plan) are the service's."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, model_validator

from kinhaven.core import time
from kinhaven.core.validation import (
    NoNul,
    PastDate,
    Required,
    Stripped,
    invalid,
    invalid_at,
    one_of,
)
from kinhaven.plans.enums import ReviewOutcome

MAX_TEXT = 5000
MAX_CODE = 20

Text = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped]
RequiredText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, Stripped, Required]
Code = Annotated[str, Field(max_length=MAX_CODE), NoNul]


def _not_past(value: dt.date) -> dt.date:
    if value < time.today():
        raise invalid(_("Choose today or a later day."))
    return value


FutureDate = Annotated[dt.date, AfterValidator(_not_past)]


class PlanGoalIn(Schema):
    """A goal of the plan: what the child's situation should become."""

    model_config = ConfigDict(extra="forbid")

    description: RequiredText


class PlanActionIn(Schema):
    """An action: what is done, by whom (a user of the agency holding the case), by when, and
    for which goal if any."""

    model_config = ConfigDict(extra="forbid")

    description: RequiredText
    owner_id: uuid.UUID = Field(description="a user of the agency holding the case")
    due_on: FutureDate
    goal_id: uuid.UUID | None = None


class PlanReviewDateIn(Schema):
    """The day the plan is next reviewed."""

    model_config = ConfigDict(extra="forbid")

    review_on: FutureDate


class PlanReviewIn(Schema):
    """A review held: when, the progress made, what follows, and the next review's day."""

    model_config = ConfigDict(extra="forbid")

    held_on: PastDate
    progress: RequiredText
    outcome: Annotated[
        Code,
        one_of(ReviewOutcome.values, gettext_lazy("Choose continue, revise or close.")),
    ] = Field(description=", ".join(ReviewOutcome.values))
    next_review_on: FutureDate | None = None


class PlanDecisionIn(Schema):
    """Approve the submitted version, or send it back with reasons."""

    model_config = ConfigDict(extra="forbid")

    decision: Annotated[
        Code, one_of(["approve", "send_back"], gettext_lazy("Approve or send back."))
    ]
    reasons: Text = ""

    @model_validator(mode="after")
    def _reasons(self) -> PlanDecisionIn:
        if self.decision == "send_back" and not self.reasons:
            raise invalid_at("reasons", _("Say why it is sent back."))
        return self


class PlanGoalOut(Schema):
    id: uuid.UUID
    description: str


class PlanActionOut(Schema):
    id: uuid.UUID
    description: str
    owner_id: uuid.UUID
    owner: str
    due_on: dt.date
    goal_id: uuid.UUID | None
    done_at: dt.datetime | None
    overdue: bool


class PlanReviewOut(Schema):
    id: uuid.UUID
    held_on: dt.date
    held_by: str
    progress: str
    outcome: str
    next_review_on: dt.date | None


class PlanSubmissionOut(Schema):
    id: uuid.UUID
    version: int
    state: str
    submitted_by: str
    submitted_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    sent_back_reasons: str
    content: dict[str, Any]


class CasePlanOut(Schema):
    case_id: uuid.UUID
    exists: bool
    status: str
    version: int
    review_on: dt.date | None
    goals: list[PlanGoalOut]
    actions: list[PlanActionOut]
    reviews: list[PlanReviewOut]
    submissions: list[PlanSubmissionOut]
    approved: PlanSubmissionOut | None = Field(
        description="the latest approved version, readable while the next one is drafted"
    )
