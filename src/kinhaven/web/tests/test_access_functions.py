"""The access functions themselves, without HTTP: every role x relationship x record kind, and
every section of the child's file, against the expectations the route matrix uses.

These run on both databases in CI (the visibility rules are SQL); the matrix over HTTP adds the
views, the status codes and the writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kinhaven.accounts.enums import RoleCode, Section
from kinhaven.accounts.models import User
from kinhaven.ages.access import access_age_assessment_by_id
from kinhaven.ages.schemas import AgeWithdrawalIn
from kinhaven.ages.services import age_assessment_withdraw
from kinhaven.bestinterests.access import access_assessment_by_id, access_version_by_id
from kinhaven.care.access import access_placement_by_id
from kinhaven.cases.access import access_case_by_id
from kinhaven.cases.selectors import case_list_for_user
from kinhaven.children.access import access_child_by_id, access_child_for_break_glass
from kinhaven.children.grants import child_access_grant_end, child_break_glass
from kinhaven.children.models import ChildAccessGrant, GrantKind
from kinhaven.children.selectors import child_list_for_user, child_section_access_for
from kinhaven.conferences.access import access_action_item_by_id
from kinhaven.conftest import World
from kinhaven.core.errors import ApplicationError, NotFound
from kinhaven.dataprotection.access import access_consent_by_id
from kinhaven.deadlines.access import access_deadline_by_id
from kinhaven.exchange.access import (
    access_inbox_message_by_id,
    access_match_by_id,
    access_query_by_id,
)
from kinhaven.identification.access import access_identification_by_child_id
from kinhaven.intake.access import access_report_by_id
from kinhaven.interviews.access import access_interview_by_id, access_recording_by_id
from kinhaven.legal.access import (
    access_legal_task_by_id,
    access_permit_by_id,
    access_proceeding_by_id,
)
from kinhaven.notifications.access import access_notification_by_id
from kinhaven.referrals.access import access_referral_by_id
from kinhaven.solutions.access import access_plan_by_id, access_step_by_id
from kinhaven.tracing.access import (
    access_duplicate_by_id,
    access_merge_by_id,
    access_tracing_match_by_id,
    access_tracing_request_by_id,
)
from kinhaven.tracing.services.merges import child_merge
from kinhaven.web.tests.expectations import (
    CASE_READ,
    CHILD_READ,
    INSIDE,
    MERGE,
    REFERRALS,
    RELATIONS,
    ROLES,
    SECTIONS_READ,
    Pair,
    Target,
    Who,
    age_visible,
    bi_visible,
    break_glass_expect,
    build_target,
    care_visible,
    dup_visible,
    identification_read,
    interviews_visible,
    per_role,
    proceeding_visible,
    record,
    referral_record,
    report_record,
    sections_read,
    sections_write,
    tracing_record,
)

pytestmark = pytest.mark.django_db

Lookup = Callable[[User, Target], Any]


def _exchange_id(target: Target) -> str:
    assert target.exchange_message is not None
    return str(target.exchange_message.public_id)


# name -> (lookup, expected status as the matrix has it: 200 found, 404 hidden, 403 refused).
ACCESS: dict[str, tuple[Lookup, Callable[[Who], int]]] = {
    "access_inbox_message_by_id": (
        lambda u, t: access_inbox_message_by_id(u, _exchange_id(t)),
        tracing_record(200),
    ),
    "access_consent_by_id": (
        lambda u, t: access_consent_by_id(
            u, t.consents["web"].public_id, child_id=t.child.public_id
        ),
        lambda x: 200 if "identity" in sections_read(x) else 404,
    ),
    "access_interview_by_id": (
        lambda u, t: access_interview_by_id(
            u, t.interviews["web"].public_id, child_id=t.child.public_id
        ),
        lambda x: 200 if interviews_visible(x) else 404,
    ),
    "access_recording_by_id": (
        lambda u, t: access_recording_by_id(
            u,
            t.recordings["web"].public_id,
            child_id=t.child.public_id,
            interview_id=t.interviews["web"].public_id,
        ),
        lambda x: 200 if interviews_visible(x) else 404,
    ),
    "access_query_by_id": (
        lambda u, t: access_query_by_id(u, t.exchange_query.public_id),  # type: ignore[union-attr]
        tracing_record(200),
    ),
    "access_match_by_id": (
        lambda u, t: access_match_by_id(u, t.exchange_match.public_id),  # type: ignore[union-attr]
        tracing_record(200),
    ),
    "access_child_by_id": (
        lambda u, t: access_child_by_id(u, t.child.public_id),
        record(CHILD_READ, None, 200),
    ),
    "access_case_by_id": (
        lambda u, t: access_case_by_id(u, t.case.public_id),
        record(CASE_READ, None, 200),
    ),
    "access_report_by_id": (
        lambda u, t: access_report_by_id(u, t.reports["main"].public_id),
        report_record(None, 200),
    ),
    "access_referral_by_id": (
        lambda u, t: access_referral_by_id(u, t.referrals["web"].public_id),
        referral_record(200),
    ),
    "access_proceeding_by_id": (
        lambda u, t: access_proceeding_by_id(u, t.proceeding.public_id),
        lambda w: 200 if proceeding_visible(w) else 404,
    ),
    "access_permit_by_id": (
        lambda u, t: access_permit_by_id(u, t.permit.public_id),  # type: ignore[union-attr]
        lambda w: 200 if proceeding_visible(w) else 404,
    ),
    "access_legal_task_by_id": (
        lambda u, t: access_legal_task_by_id(u, t.legal_tasks["web"].public_id),
        lambda w: 200 if proceeding_visible(w) else 404,
    ),
    "access_age_assessment_by_id": (
        lambda u, t: access_age_assessment_by_id(
            u, t.ages["api"].public_id, child_id=t.child.public_id
        ),
        lambda w: 200 if age_visible(w) else 404,
    ),
    "access_placement_by_id": (
        lambda u, t: access_placement_by_id(u, t.placement.public_id, child_id=t.child.public_id),
        lambda w: 200 if care_visible(w) else 404,
    ),
    "access_assessment_by_id": (
        lambda u, t: access_assessment_by_id(
            u, t.bia["draft"].assessment.public_id, child_id=t.child.public_id
        ),
        lambda w: 200 if bi_visible(w) else 404,
    ),
    "access_version_by_id": (
        lambda u, t: access_version_by_id(u, t.bia["draft"].public_id, child_id=t.child.public_id),
        lambda w: 200 if bi_visible(w) else 404,
    ),
    "access_plan_by_id": (
        lambda u, t: access_plan_by_id(
            u,
            t.plan.public_id,  # type: ignore[union-attr]  # build_target makes it
            child_id=t.child.public_id,
        ),
        lambda w: 200 if care_visible(w) else 404,
    ),
    "access_step_by_id": (
        lambda u, t: access_step_by_id(
            u, t.plan_steps["web"].public_id, child_id=t.child.public_id
        ),
        lambda w: 200 if care_visible(w) else 404,
    ),
    "access_tracing_request_by_id": (
        lambda u, t: access_tracing_request_by_id(u, t.tracing["web"].public_id),
        tracing_record(200),
    ),
    "access_tracing_match_by_id": (
        lambda u, t: access_tracing_match_by_id(u, t.tracing["web"].matches.get().public_id),
        tracing_record(200),
    ),
    "access_duplicate_by_id": (
        lambda u, t: access_duplicate_by_id(u, t.duplicate.public_id),
        lambda w: 200 if dup_visible(w) else 404,
    ),
    "access_identification_by_child_id": (
        lambda u, t: access_identification_by_child_id(u, t.child.public_id),
        identification_read(200),
    ),
    "access_deadline_by_id": (
        lambda u, t: access_deadline_by_id(u, t.deadlines["web"].public_id),
        record(CASE_READ, None, 200),
    ),
    # The actor owns the task and is the notification's recipient.
    "access_action_item_by_id": (
        lambda u, t: access_action_item_by_id(u, t.tasks["web"].public_id),
        per_role(None, 200),
    ),
    "access_notification_by_id": (
        lambda u, t: access_notification_by_id(u, t.notifications["web"].public_id),
        per_role(None, 200),
    ),
    # Break-glass opens a grant (201 over HTTP); here the lookup before it is found or not.
    "access_child_for_break_glass": (
        lambda u, t: access_child_for_break_glass(u, t.child.public_id),
        lambda w: 200 if break_glass_expect(w) == 201 else break_glass_expect(w),
    ),
    # The lists start from the same scoping: a record is listed where it is found.
    "child_list_for_user": (
        lambda u, t: _listed(child_list_for_user(user=u), t.child),
        record(CHILD_READ, None, 200),
    ),
    "case_list_for_user": (
        lambda u, t: _listed(case_list_for_user(user=u), t.case),
        record(CASE_READ, None, 200),
    ),
}


def _listed(queryset: Any, obj: Any) -> None:
    if not queryset.filter(pk=obj.pk).exists():
        raise NotFound


def _answer(lookup: Lookup, actor: User, target: Target) -> int:
    try:
        lookup(actor, target)
    except ApplicationError as error:
        return error.http_status
    return 200


def _sections(actor: User, target: Target, *, read: set[str], write: set[str]) -> list[str]:
    """Compare every section of the child's file with what the actor should read and write."""
    access = child_section_access_for(actor, target.child)
    unexpected = []
    for section in Section:
        for what, wanted, got in (
            ("read", section.value in read, section.value in access.read),
            ("write", section.value in write, section.value in access.write),
        ):
            if wanted != got:
                unexpected.append(f"{what} {section.value}: got {got}, expected {wanted}")
    return unexpected


def _setup(world: World, role: str, relation: str) -> tuple[User, Target]:
    actor = world.user(f"{role}-{relation}", RoleCode(role), world.agency, world.team)
    outside = relation in {"other_agency", "guardian", *REFERRALS}
    creator = world.caseworker2 if outside else world.caseworker
    return actor, build_target(world, relation, actor, creator=creator)


def _merge_by_the_holder(world: World, relation: str, target: Target) -> Any:
    """The record and its twin made one by a supervisor of the agency that holds them."""
    if relation in INSIDE:
        boss = world.supervisor
    else:
        boss = world.user("holder", RoleCode.SUPERVISOR, world.other_agency, world.team_two)
    pair = (target.duplicate.child_a, target.duplicate.child_b)
    twin = next(child for child in pair if child.pk != target.child.pk)
    # One age assessment at a time: the twin's is withdrawn first.
    age_assessment_withdraw(
        actor=boss,
        assessment=target.ages["web"],
        data=AgeWithdrawalIn(reason="Same child"),
    )
    return child_merge(actor=boss, kept=target.child, merged=twin, reason="Function check")


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_access_functions_and_sections(world, role: str, relation: str) -> None:
    who = Pair(role, relation)
    actor, target = _setup(world, role, relation)
    unexpected = []
    for name, (lookup, expect) in ACCESS.items():
        got, wanted = _answer(lookup, actor, target), expect(who)
        if got != wanted:
            unexpected.append(f"{name}: got {got}, expected {wanted}")
    read, write = sections_read(who), sections_write(who)
    unexpected += _sections(actor, target, read=read, write=write)

    # A merge is found by those who merge records and see the record kept.
    merge = _merge_by_the_holder(world, relation, target)
    wanted = 200 if role in MERGE and relation in CHILD_READ[role] else 404
    got = _answer(lambda u, _t: access_merge_by_id(u, merge.public_id), actor, target)
    if got != wanted:
        unexpected.append(f"access_merge_by_id: got {got}, expected {wanted}")

    # Break-glass: every section the role reads, and no more writing than the role had here.
    if break_glass_expect(who) == 201:
        child_break_glass(actor=actor, child=target.child, reason="Function-level check")
        if _answer(ACCESS["access_child_by_id"][0], actor, target) != 200:
            unexpected.append("break-glass: the record is not found")
        unexpected += [
            f"break-glass {m}"
            for m in _sections(actor, target, read=SECTIONS_READ[role], write=write)
        ]

    # Ending a referral's grant ends what it gave, on the next lookup.
    if relation in REFERRALS:
        for grant in ChildAccessGrant.objects.filter(
            child=target.child, kind=GrantKind.REFERRAL, ended_at__isnull=True
        ):
            child_access_grant_end(actor=world.caseworker2, grant=grant)
        if _answer(ACCESS["access_child_by_id"][0], actor, target) != 404:
            unexpected.append("grant ended: the record is still found")
        unexpected += [
            f"grant ended {m}" for m in _sections(actor, target, read=set(), write=set())
        ]
    assert not unexpected, f"{role}/{relation}:\n" + "\n".join(unexpected)
