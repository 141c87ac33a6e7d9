"""Scoped reads of identification: who may read a child's decisions, the decisions themselves,
the status they add up to, and the rule of the child's country."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.cases.models import Case
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for
from kinhaven.deadlines.enums import DeadlineCode, DeadlineState
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.selectors import deadline_state, deadline_visibility_q
from kinhaven.identification.enums import Stage, TraffickingStatus
from kinhaven.identification.models import IdentificationDecision, IdentificationRule
from kinhaven.identification.rules import DEFAULT_RULE


def identification_readable(user: User, access: SectionAccess) -> bool:
    """Whether the user reads a child's identification, given the user's access to the file.

    Identification is part of the legal section: whoever reads it reads the decisions. A user
    who may record decisions (identification.decide) reads them too where their agency holds the
    child's record, since a decision is taken knowing the ones before it.
    """
    if Section.LEGAL in access.read:
        return True
    return access.relationship == "agency" and user.has_capability(Capability.IDENTIFICATION_DECIDE)


def decisions_of_child(child: Child) -> list[IdentificationDecision]:
    """Every decision on a child, in the order recorded, for a child the caller holds through
    access_child_by_id and may read the identification of."""
    return list(
        IdentificationDecision.objects.filter(child=child)
        .select_related("recorded_by", "reviews", "case")
        .order_by("created_at", "id")
    )


@dataclass
class IdentificationStatus:
    """Where a child's identification stands, derived from the decisions recorded.

    `decision` is the one whose outcome is in force (a review replaces the outcome of the decision
    it reviews); `chain` is how it was reached: the preliminary decision that began the current
    identification, the conclusive decision that followed it, and the reviews of either, in
    order. `replaced` maps a decision's id to the review that replaced its outcome.
    """

    decisions: list[IdentificationDecision]
    outcome: str | None = None
    stage: str | None = None
    decision: IdentificationDecision | None = None
    chain: list[IdentificationDecision] = field(default_factory=list)
    replaced: dict[int, IdentificationDecision] = field(default_factory=dict)

    @property
    def conclusive_pending(self) -> bool:
        """Reasonable grounds were found and no conclusive decision has followed yet."""
        return self.stage == Stage.PRELIMINARY and self.outcome == TraffickingStatus.POSSIBLE_VICTIM

    @property
    def outcome_label(self) -> str:
        return str(TraffickingStatus(self.outcome).label) if self.outcome else ""

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label) if self.stage else ""


def identification_status(decisions: list[IdentificationDecision]) -> IdentificationStatus:
    """Add up a child's decisions, in the order recorded, to the status in force.

    A preliminary decision begins an identification; a conclusive one completes the
    identification begun by the preliminary decision it follows (or stands alone, in records
    from before the rule); a review replaces the outcome of the decision it reviews, keeping the
    stage that decision had.
    """
    status = IdentificationStatus(decisions=decisions)
    for decision in decisions:
        if decision.stage == Stage.REVIEW:
            reviewed = next((d for d in status.chain if d.pk == decision.reviews_id), None)
            if reviewed is None:
                # A review of a decision no longer in force changes nothing in force.
                continue
            status.replaced[reviewed.pk] = decision
            status.chain.append(decision)
        elif decision.stage == Stage.PRELIMINARY:
            status.chain = [decision]
            status.stage = Stage.PRELIMINARY
        else:
            if not status.conclusive_pending:
                status.chain = []
            status.chain.append(decision)
            status.stage = Stage.CONCLUSIVE
        status.outcome = decision.outcome
        status.decision = decision
    return status


def child_identification_status(child: Child) -> IdentificationStatus:
    """The identification status of a child the caller may read the identification of."""
    return identification_status(decisions_of_child(child))


@dataclass(frozen=True)
class RuleInForce:
    """The identification rule that applies in a country, and where it comes from."""

    country: str
    reflection_until_conclusive: bool
    preliminary_roles: tuple[str, ...]
    conclusive_roles: tuple[str, ...]
    source: str

    def roles_for(self, stage: str) -> tuple[str, ...]:
        """The roles that record a decision of this stage (a review: of the stage reviewed)."""
        return self.conclusive_roles if stage == Stage.CONCLUSIVE else self.preliminary_roles


def identification_rule_for(country: str) -> RuleInForce:
    """The country's rule, the stored default (country blank), or the built-in default."""
    rules = {r.country: r for r in IdentificationRule.objects.filter(country__in=[country, ""])}
    rule = rules.get(country) or rules.get("")
    if rule is None:
        return RuleInForce("", *DEFAULT_RULE)
    return RuleInForce(
        rule.country,
        rule.reflection_until_conclusive,
        tuple(rule.preliminary_roles),
        tuple(rule.conclusive_roles),
        rule.source,
    )


def child_country(child: Child) -> str:
    """The country whose rules apply to a child: that of the agency holding the record."""
    return child.agency.country if child.agency_id else ""


def child_open_case(child: Child) -> Case | None:
    """The open case of the agency that holds the child's record, the newest if several: the
    case the decision is recorded on and the reflection period runs on."""
    return (
        Case.objects.filter(child=child, agency_id=child.agency_id, status__in=OPEN_STATUSES)
        .select_related("agency", "team")
        .order_by("-created_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class ReflectionPeriod:
    deadline: Deadline
    state: DeadlineState
    # The period runs on past its date until the conclusive decision (the country's rule).
    held: bool


def reflection_period_for(
    *, user: User, child: Child, status: IdentificationStatus, rule: RuleInForce
) -> ReflectionPeriod | None:
    """The child's latest recovery and reflection period the user may see, if any."""
    deadline = (
        Deadline.objects.filter(
            deadline_visibility_q(user), case__child=child, code=DeadlineCode.REFLECTION_PERIOD
        )
        .order_by("-starts_at", "-id")
        .first()
    )
    if deadline is None:
        return None
    held = (
        deadline.completed_at is None
        and rule.reflection_until_conclusive
        and status.conclusive_pending
    )
    return ReflectionPeriod(deadline, deadline_state(deadline), held)


@dataclass
class IdentificationView:
    """What the caller reads of a child's identification."""

    status: IdentificationStatus
    rule: RuleInForce
    reflection: ReflectionPeriod | None


def identification_for_user(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> IdentificationView | None:
    """The identification of a child the caller holds through access_child_by_id, if the user
    may read it (`access`, if the caller has it already); None otherwise."""
    access = access or child_section_access_for(user, child)
    if not identification_readable(user, access):
        return None
    status = child_identification_status(child)
    rule = identification_rule_for(child_country(child))
    reflection = reflection_period_for(user=user, child=child, status=status, rule=rule)
    return IdentificationView(status, rule, reflection)


def reflection_period_held(deadline: Deadline) -> str | None:
    """Why a recovery and reflection period may not end yet: the conclusive decision on the
    child is pending and the country's rule keeps the period running until it is taken; or None.
    (Registered with deadlines.holds for DeadlineCode.REFLECTION_PERIOD.)"""
    if deadline.case_id is None:
        return None
    child = Child.objects.select_related("agency").get(cases__id=deadline.case_id)
    rule = identification_rule_for(child_country(child))
    if not rule.reflection_until_conclusive:
        return None
    if not child_identification_status(child).conclusive_pending:
        return None
    return _(
        "The recovery and reflection period runs until the conclusive identification decision "
        "(the identification rule of this country)."
    )
