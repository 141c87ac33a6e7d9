"""Best-interests records for tests of this app and of the apps that need a BID."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kinhaven.bestinterests.models import (
    AssessmentVersion,
    BestInterestsAssessment,
    BestInterestsDetermination,
)
from kinhaven.bestinterests.schemas import (
    ApprovalDecisionIn,
    AssessmentVersionIn,
    DeterminationIn,
)
from kinhaven.bestinterests.services import (
    bia_version_decide,
    bia_version_record,
    bia_version_submit,
    bid_record,
)
from kinhaven.cases.services import case_open
from kinhaven.core import time

VERSION = {
    "safety_risks": "Exploiter still in contact with the family.",
    "family_relationships": "Mother and two siblings; close to the mother.",
    "health": "No urgent needs.",
    "education": "Attended school until 12.",
    "identity": "Identity documents held by the exploiter.",
    "culture_language": "Speaks Arabic and some English.",
    "child_views": "Wants to see the mother; afraid of the uncle.",
    "heard_how": "with_interpreter",
    "heard_language": "ar",
    "heard_with": "Guardian and interpreter",
    "guardian_view": "Supports contact with the mother, not return yet.",
}

MEMBERS = [
    {"name": "A. Social worker", "discipline": "social_work", "position": "agree"},
    {"name": "B. Lawyer", "discipline": "legal", "position": "agree"},
    {
        "name": "C. Psychologist",
        "discipline": "psychology",
        "position": "dissent",
        "reasons": "Too early: the child is still in trauma therapy.",
    },
]


def determination_data(**changes: Any) -> DeterminationIn:
    today = time.today()
    data = {
        "purposes": ["family_reunification"],
        "options": "Reunification with the mother; foster care; a third country.",
        "factors": "Safety at home, the child's wish, the mother's capacity.",
        "decision": "Reunification with the mother, with follow-up.",
        "reasons": "The mother is safe and able; the child wishes it.",
        "child_views": "Wants to live with the mother.",
        "heard_how": "with_interpreter",
        "heard_language": "ar",
        "heard_with": "Guardian and interpreter",
        "guardian_present": True,
        "decided_on": today,
        "review_on": today + dt.timedelta(days=90),
        "members": MEMBERS,
        **changes,
    }
    return DeterminationIn.model_validate(data)


def bid_form_body(members: list[dict[str, Any]] = MEMBERS, **changes: Any) -> dict[str, Any]:
    """The determination form of the page as a browser sends it: five panel rows, blank ones
    included."""
    data = determination_data().model_dump(mode="json", exclude={"members"})
    data.update(changes)
    body = {f"bid-{k}": v for k, v in data.items() if k not in ("purposes", "guardian_present")}
    body["bid-purposes"] = data["purposes"]
    if data["guardian_present"]:
        body["bid-guardian_present"] = "on"
    body.update({"members-TOTAL_FORMS": "5", "members-INITIAL_FORMS": "0"})
    rows = [*members, *[{} for _ in range(5 - len(members))]]
    for i, row in enumerate(rows):
        fields = {"name": "", "discipline": "", "position": "agree", "reasons": "", **row}
        body.update({f"members-{i}-{k}": v for k, v in fields.items()})
    return body


def assessment_of(child: Any, writer: Any) -> BestInterestsAssessment:
    """The child's BIA, opening a case by `writer` if none is open."""
    assessment = BestInterestsAssessment.objects.filter(child=child).first()
    if assessment is None:
        case_open(actor=writer, child=child)
        assessment = BestInterestsAssessment.objects.get(child=child)
    return assessment


def version_approved(child: Any, writer: Any, approver: Any) -> AssessmentVersion:
    assessment = assessment_of(child, writer)
    version = bia_version_record(
        actor=writer, assessment=assessment, data=AssessmentVersionIn.model_validate(VERSION)
    )
    bia_version_submit(actor=writer, version=version)
    return bia_version_decide(
        actor=approver, version=version, data=ApprovalDecisionIn(decision="approve")
    )


def bid_made(child: Any, writer: Any, approver: Any, **changes: Any) -> BestInterestsDetermination:
    """An approved BIA by `writer`, then a BID recorded by `approver` for the panel."""
    version_approved(child, writer, approver)
    return bid_record(actor=approver, child=child, data=determination_data(**changes))
