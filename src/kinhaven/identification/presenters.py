"""The identification as the API and the pages show it: plain dicts in the output schemas'
terms, built from the derived status."""

from __future__ import annotations

from typing import Any

from kinhaven.identification.models import IdentificationDecision
from kinhaven.identification.selectors import (
    IdentificationStatus,
    IdentificationView,
    ReflectionPeriod,
    RuleInForce,
)


def decision_dict(decision: IdentificationDecision, status: IdentificationStatus) -> dict[str, Any]:
    replaced_by = status.replaced.get(decision.pk)
    return {
        "id": decision.public_id,
        "stage": decision.stage,
        "outcome": decision.outcome,
        "organisation": decision.organisation,
        "authority": decision.authority,
        "person_name": decision.person_name,
        "person_role": decision.person_role,
        "decided_on": decision.decided_on,
        "reasons": decision.reasons,
        "evidence": decision.evidence,
        "evidence_kinds": list(decision.evidence_kinds),
        "reviews_id": decision.reviews.public_id if decision.reviews is not None else None,
        "appealed_by": decision.appealed_by,
        "replaced_by_id": replaced_by.public_id if replaced_by is not None else None,
        "in_force": status.decision is not None and status.decision.pk == decision.pk,
        "case_id": decision.case.public_id if decision.case is not None else None,
        "recorded_by": decision.recorded_by.username,
        "recorded_at": decision.created_at,
    }


def status_dict(status: IdentificationStatus) -> dict[str, Any]:
    """The status in force and how it was reached (IdentificationStatusOut)."""
    return {
        "status": status.outcome,
        "stage": status.stage,
        "conclusive_pending": status.conclusive_pending,
        "decision_id": status.decision.public_id if status.decision is not None else None,
        "how_reached": [decision_dict(d, status) for d in status.chain],
    }


def rule_dict(rule: RuleInForce) -> dict[str, Any]:
    return {
        "country": rule.country,
        "reflection_until_conclusive": rule.reflection_until_conclusive,
        "preliminary_roles": list(rule.preliminary_roles),
        "conclusive_roles": list(rule.conclusive_roles),
        "source": rule.source,
    }


def reflection_dict(reflection: ReflectionPeriod | None) -> dict[str, Any] | None:
    if reflection is None:
        return None
    return {
        "deadline_id": reflection.deadline.public_id,
        "starts_at": reflection.deadline.starts_at,
        "due_at": reflection.deadline.due_at,
        "state": reflection.state.value,
        "held": reflection.held,
    }


def identification_dict(view: IdentificationView) -> dict[str, Any]:
    """The whole identification (IdentificationOut)."""
    return {
        **status_dict(view.status),
        "history": [decision_dict(d, view.status) for d in view.status.decisions],
        "rule": rule_dict(view.rule),
        "reflection_period": reflection_dict(view.reflection),
    }
