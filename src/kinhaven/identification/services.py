"""Writes on identification: each decision is a record of its own, never changed; the country's
rule says who records which decision and how the recovery and reflection period runs.

Sources (docs/identification.md): CETS 197 Art. 10(2) (reasonable grounds, then the completed
identification, no removal in between), Art. 13 (recovery and reflection period of at least 30
days once there are reasonable grounds); Directive 2011/36/EU Art. 11(2) (assistance as soon as
there are reasonable grounds).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, RoleCode
from kinhaven.accounts.models import Role, User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_events_record_for_child
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_holder_require
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.services import deadline_start_once
from kinhaven.identification.enums import STAGE_OUTCOMES, Stage, TraffickingStatus
from kinhaven.identification.hooks import IdentificationDecided, identification_decided
from kinhaven.identification.models import IdentificationDecision, IdentificationRule
from kinhaven.identification.schemas import IdentificationDecisionIn, IdentificationRuleIn
from kinhaven.identification.selectors import (
    IdentificationStatus,
    RuleInForce,
    child_country,
    child_identification_status,
    child_open_case,
    identification_rule_for,
    identification_status,
)

# Case events (registered in apps.py).
EVENT_DECIDED = "identification_decided"
EVENT_REVIEWED = "identification_reviewed"


def _role_names(codes: tuple[str, ...]) -> str:
    names = dict(Role.objects.filter(code__in=codes).values_list("code", "name"))
    labels = dict(RoleCode.choices)
    return ", ".join(str(names.get(c) or labels.get(c) or c) for c in codes) or "—"


def identification_capability_require(actor: User) -> None:
    """Refuse an actor whose role does not record identification decisions, naming the
    capability."""
    if not actor.has_capability(Capability.IDENTIFICATION_DECIDE):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _(
                "Your role does not allow this action: it needs the capability "
                "“%(name)s” (%(code)s)."
            )
            % {
                "name": Capability.IDENTIFICATION_DECIDE.label,
                "code": Capability.IDENTIFICATION_DECIDE.value,
            },
        )


def _role_require(actor: User, stage: str, country: str) -> RuleInForce:
    rule = identification_rule_for(country)
    roles = rule.roles_for(stage)
    if actor.role_code not in roles:
        where = country if rule.country else _("default")
        message = (
            _(
                "A conclusive decision, or a review of one, is recorded only by these roles "
                "(identification rule, %(where)s): %(roles)s."
            )
            if stage == Stage.CONCLUSIVE
            else _(
                "A preliminary decision, or a review of one, is recorded only by these roles "
                "(identification rule, %(where)s): %(roles)s."
            )
        )
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            message % {"where": where, "roles": _role_names(roles)},
            field="stage",
        )
    return rule


def identification_decide_require(*, actor: User, stage: str, country: str) -> RuleInForce:
    """Refuse an actor who may not record a decision of this stage (a review: of the stage of
    the decision reviewed) in this country: the capability first, then the country's rule of
    which roles decide."""
    identification_capability_require(actor)
    return _role_require(actor, stage, country)


def _starts_at(decided_on: dt.date) -> dt.datetime:
    """When a period that runs from a decision starts: now for a decision of today, else the
    end of the day it was taken (its hour is not known): the period lasts at least its length
    from the decision, never less."""
    if decided_on >= time.today():
        return time.now()
    next_day = decided_on + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _reflection_period_start(case: Case | None, starts_at: dt.datetime) -> None:
    """Start the recovery and reflection period on the case, unless one is running already."""
    if case is not None:
        deadline_start_once(code=DeadlineCode.REFLECTION_PERIOD, case=case, starts_at=starts_at)


def _record(
    *,
    recorded_by: User,
    child: Child,
    data: IdentificationDecisionIn,
    before: IdentificationStatus,
    reviewed: IdentificationDecision | None = None,
    starts_at: dt.datetime | None = None,
) -> IdentificationDecision:
    case = child_open_case(child)
    decision = IdentificationDecision.objects.create(
        child=child,
        case=case,
        stage=data.stage,
        outcome=data.outcome,
        organisation=data.organisation,
        authority=data.authority,
        person_name=data.person_name,
        person_role=data.person_role,
        decided_on=data.decided_on,
        reasons=data.reasons,
        evidence=data.evidence,
        evidence_kinds=list(data.evidence_kinds),
        reviews=reviewed,
        appealed_by=data.appealed_by,
        recorded_by=recorded_by,
    )
    after = identification_status([*before.decisions, decision])
    # Reasonable grounds open the recovery and reflection period (CETS 197 Art. 13), whether a
    # preliminary decision found them or a review of one did.
    if after.conclusive_pending and not before.conclusive_pending:
        _reflection_period_start(case, starts_at or _starts_at(decision.decided_on))
    detail = {
        "stage": decision.stage,
        "outcome": decision.outcome,
        "organisation": decision.organisation,
        "decision": str(decision.public_id),
    }
    audit_record(
        actor=recorded_by,
        action=AuditAction.IDENTIFICATION_DECISION_RECORD,
        object_type="identification_decision",
        object_id=decision.public_id,
        detail={**detail, "child": str(child.public_id), "status": after.outcome},
    )
    case_events_record_for_child(
        child=child,
        actor=recorded_by,
        kind=EVENT_REVIEWED if reviewed is not None else EVENT_DECIDED,
        data=detail,
    )
    identification_decided(IdentificationDecided(child=child, decision=decision, actor=recorded_by))
    return decision


def _reviewed_decision(
    data: IdentificationDecisionIn, status: IdentificationStatus
) -> IdentificationDecision:
    reviewed = next((d for d in status.decisions if d.public_id == data.reviews_id), None)
    if reviewed is None:
        raise ApplicationError(
            ErrorCode.INVALID, _("This child has no such decision."), field="reviews_id"
        )
    if status.decision is None or reviewed.pk != status.decision.pk:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Only the decision in force can be reviewed; it is the latest of the child's."),
            field="reviews_id",
        )
    return reviewed


@transaction.atomic
def identification_decide(
    *, actor: User, child: Child, data: IdentificationDecisionIn
) -> IdentificationDecision:
    """Record a decision on whether the child is a victim of trafficking, as the competent
    authority took it, on a child whose record the actor's agency holds.

    A preliminary decision begins an identification; while one with reasonable grounds awaits
    the conclusive decision, the next decision is the conclusive one or a review. A conclusive
    decision needs a preliminary one with reasonable grounds in force (CETS 197 Art. 10(2)). A
    review names the decision in force and may change its outcome. Nothing recorded changes.
    """
    # The child's row serialises the decisions on one child: each is checked against the ones
    # before it.
    identification_capability_require(actor)
    child_holder_require(actor, child)
    child = Child.objects.select_for_update(of=("self",)).select_related("agency").get(pk=child.pk)
    status = child_identification_status(child)
    reviewed = None
    stage = data.stage
    if data.stage == Stage.REVIEW:
        reviewed = _reviewed_decision(data, status)
        stage = str(status.stage)
    _role_require(actor, stage, child_country(child))
    errors: dict[str, str] = {}
    if reviewed is not None and data.outcome not in STAGE_OUTCOMES[stage]:
        errors["outcome"] = (
            _("A review of a preliminary decision finds reasonable grounds or none.")
            if stage == Stage.PRELIMINARY
            else _("A review of a conclusive decision finds the child a victim or not a victim.")
        )
    follows = reviewed or (status.decision if data.stage == Stage.CONCLUSIVE else None)
    if follows is not None and data.decided_on < follows.decided_on:
        errors["decided_on"] = _("The decision cannot come before the one it follows.")
    if errors:
        raise FieldErrors(errors)
    if data.stage == Stage.PRELIMINARY and status.conclusive_pending:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _(
                "A preliminary decision with reasonable grounds is in force: record the "
                "conclusive decision, or a review of the preliminary one."
            ),
            field="stage",
        )
    if data.stage == Stage.CONCLUSIVE and not status.conclusive_pending:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _(
                "A conclusive decision follows a preliminary decision that found reasonable "
                "grounds; the child has none in force."
            ),
            field="stage",
        )
    opens_period = (
        data.outcome == TraffickingStatus.POSSIBLE_VICTIM and not status.conclusive_pending
    )
    if opens_period and child_open_case(child) is None:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _(
                "Open a case for the child first: reasonable grounds start the recovery and "
                "reflection period, which runs on the child's case."
            ),
        )
    return _record(recorded_by=actor, child=child, data=data, before=status, reviewed=reviewed)


@transaction.atomic
def identification_record_taken(
    *,
    child: Child,
    data: IdentificationDecisionIn,
    recorded_by: User,
    decided_at: dt.datetime,
) -> IdentificationDecision:
    """Put on the child's record a preliminary decision taken before the child had one (on a
    report, intake): whoever took it was allowed to (identification_decide_require, when it was
    taken), and it is recorded as it was taken, after the child's decisions so far. The
    reflection period it opens runs from when it was taken."""
    if data.stage != Stage.PRELIMINARY:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("Only a preliminary decision is taken before the child's record."),
            field="stage",
        )
    child = Child.objects.select_for_update().get(pk=child.pk)
    status = child_identification_status(child)
    return _record(
        recorded_by=recorded_by, child=child, data=data, before=status, starts_at=decided_at
    )


@transaction.atomic
def identification_rule_set(*, data: IdentificationRuleIn) -> IdentificationRule:
    """Set a country's identification rule (country blank: the default for every country
    without one)."""
    known = set(Role.objects.values_list("code", flat=True)) | set(RoleCode.values)
    errors = {
        name: _("Unknown role: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        for name, codes in (
            ("preliminary_roles", data.preliminary_roles),
            ("conclusive_roles", data.conclusive_roles),
        )
        if (unknown := set(codes) - known)
    }
    if errors:
        raise FieldErrors(errors)
    rule, _created = IdentificationRule.objects.update_or_create(
        country=data.country,
        defaults={
            "reflection_until_conclusive": data.reflection_until_conclusive,
            "preliminary_roles": list(dict.fromkeys(data.preliminary_roles)),
            "conclusive_roles": list(dict.fromkeys(data.conclusive_roles)),
            "source": data.source,
        },
    )
    audit_record(
        actor=None,
        action=AuditAction.IDENTIFICATION_RULE_SET,
        object_type="identification_rule",
        detail={
            "country": rule.country,
            "reflection_until_conclusive": rule.reflection_until_conclusive,
            "preliminary_roles": rule.preliminary_roles,
            "conclusive_roles": rule.conclusive_roles,
        },
    )
    return rule
