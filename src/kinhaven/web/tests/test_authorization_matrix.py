"""Every route x every role x every relationship to the record: no unexpected allow or deny.

The expectations are written out as data (expectations.py, shared with the tests of the access
functions). A route that is added without an entry here makes `test_every_route_has_an_entry`
fail. Each role and relationship is a test of its own, on records of its own, so that they
spread over the test processes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import Agency, User
from kinhaven.ages.enums import OPEN_STATUSES
from kinhaven.ages.models import AgeAssessment
from kinhaven.bestinterests.tests.factories import MEMBERS, bid_form_body, determination_data
from kinhaven.bestinterests.tests.factories import VERSION as BIA_VERSION
from kinhaven.care.models import Placement
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import ApiClient, World, web_client
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError
from kinhaven.guardianship.services import guardian_appoint, guardian_handover
from kinhaven.referrals.models import Service
from kinhaven.referrals.services import transfer_create
from kinhaven.tracing.models import ChildMerge, TracingMatch, TracingRequest
from kinhaven.tracing.services.merges import child_merge
from kinhaven.tracing.services.requests import tracing_match_decide
from kinhaven.web.tests.expectations import (
    AGE_DECIDE,
    AGE_REQUEST,
    AUDIT,
    BI_APPROVE,
    BREAK_GLASS,
    CASE_EDIT,
    CASE_OPEN,
    CASE_READ,
    CASE_TRANSITION,
    CASE_VIEW,
    CHILD_READ,
    CHILD_REGISTER,
    CHILD_VIEW,
    DEADLINE_COMPLETE,
    DUTY,
    GUARDIAN_APPOINT,
    IDENTIFICATION_DECIDE,
    INTERVIEW_APPROVE,
    REFERRALS,
    RELATIONS,
    REPORT_CONVERT,
    REPORT_DECIDE,
    REPORT_SUBMIT,
    REPORT_TRIAGE,
    ROLES,
    SERVICE_MANAGE,
    STATS,
    TRACING,
    USER_MANAGE,
    Target,
    age_visible,
    age_write,
    bi_visible,
    bi_write,
    break_glass_expect,
    build_target,
    care_start,
    care_visible,
    care_write,
    case_create_expect,
    child_identity_write,
    consent_write,
    dup_visible,
    export_expect,
    holder,
    identification_read,
    identity_page,
    interview_list_expect,
    interview_plan_expect,
    interview_write,
    interviews_visible,
    merge_expect,
    missing_report,
    missing_visible,
    missing_write,
    per_role,
    plan_action_done,
    plan_decide,
    plan_write,
    proceeding_visible,
    proceeding_write,
    record,
    referral_answer,
    referral_record,
    report_record,
    solutions_decide,
    tracing_record,
    transfer_party,
    transfer_send,
)

# Over HTTP, once in `make test` (SQLite); the same expectations for the access functions run on
# every database (test_access_functions.py).
pytestmark = [pytest.mark.django_db, pytest.mark.matrix]


@dataclass
class Ctx:
    role: str
    relation: str
    actor: User
    web: Client
    api: ApiClient
    target: Target
    own: Target


def _f(ctx: Ctx, which: str) -> str:
    return str(ctx.target.referrals[which].public_id)


def _t(ctx: Ctx, which: str) -> str:
    return str(ctx.own.tasks[which].public_id)


def _other_agency(ctx: Ctx) -> str:
    return str(Agency.objects.exclude(pk=ctx.actor.agency_id or 0).get().public_id)


def _colleague(ctx: Ctx) -> str:
    """A new account of the actor's agency."""
    user = User.objects.create(username=f"matrix-{uuid.uuid4().hex}", agency=ctx.actor.agency)
    return str(user.public_id)


def _s(ctx: Ctx) -> str:
    """A service of the actor's own agency."""
    agency = ctx.actor.agency
    assert agency is not None
    service = Service.objects.create(agency=agency, kind="health", name="Own clinic")
    return str(service.public_id)


def _p(ctx: Ctx) -> str:
    return str(ctx.target.proceeding.public_id)


def _pm(ctx: Ctx) -> str:
    permit = ctx.target.permit
    assert permit is not None
    return str(permit.public_id)


def _lt(ctx: Ctx, which: str) -> str:
    return str(ctx.target.legal_tasks[which].public_id)


def _tr(ctx: Ctx, which: str) -> str:
    return str(ctx.target.tracing[which].public_id)


def _tm(ctx: Ctx, which: str) -> str:
    return str(ctx.target.tracing[which].matches.get().public_id)


def merged(ctx: Ctx) -> bool:
    return merge_expect(ctx) == 201


def _merge(ctx: Ctx) -> str:
    found = ChildMerge.objects.filter(kept=ctx.target.child).first()
    return str(found.public_id if found else uuid.uuid4())


def _dup(ctx: Ctx) -> str:
    return str(ctx.target.duplicate.public_id)


def _c(ctx: Ctx) -> str:
    return str(ctx.target.child.public_id)


def _k(ctx: Ctx) -> str:
    return str(ctx.target.case.public_id)


def _r(ctx: Ctx, which: str = "main") -> str:
    return str(ctx.target.reports[which].public_id)


def _d(ctx: Ctx, which: str) -> str:
    return str(ctx.target.deadlines[which].public_id)


def _n(ctx: Ctx, which: str) -> str:
    return str(ctx.own.notifications[which].public_id)


def _transfer(ctx: Ctx, direction: str) -> str:
    """A fresh transfer of a fresh case: "incoming", from the other agency to the actor's;
    "outgoing", sent by the actor's agency (its caseworker of the actor's team)."""
    username = "caseworker2" if direction == "incoming" else "caseworker"
    sender = User.objects.get(username=username)
    receiver = Agency.objects.exclude(pk=sender.agency_id or 0).get()
    child = child_register(actor=sender, data=ChildIn(given_name="Matrix transfer"))
    transfer = transfer_create(
        actor=sender,
        case=case_open(actor=sender, child=child),
        to_agency=receiver,
        reasons="Matrix",
        needs=["shelter"],
        urgency="normal",
        consent="child",
    )
    return str(transfer.public_id)


def _age(ctx: Ctx, which: str, path: str = "") -> str:
    """An age assessment's path under its child: "api" of the child, "web" of the twin."""
    assessment = ctx.target.ages[which]
    return f"{assessment.child.public_id}/age-assessments/{assessment.public_id}/{path}"


def _age_open(ctx: Ctx, which: str, path: str) -> str:
    """The child's assessment that stands open now: the first, or one asked for since."""
    child = ctx.target.ages[which].child
    assessment = AgeAssessment.objects.get(child=child, status__in=OPEN_STATUSES)
    return f"{child.public_id}/age-assessments/{assessment.public_id}/{path}"


def _bi(ctx: Ctx, which: str) -> str:
    """A BIA version's path: "draft" of the child's, "submitted" of the twin's."""
    version = ctx.target.bia[which]
    child = version.assessment.child
    return f"/api/v1/children/{child.public_id}/best-interests/versions/{version.public_id}"


def _bi_web(ctx: Ctx, which: str) -> str:
    """The page's path of a BIA version, as _bi."""
    version = ctx.target.bia[which]
    child = version.assessment.child
    return f"/children/{child.public_id}/best-interests/versions/{version.public_id}"


def _bi_child(ctx: Ctx) -> str:
    return str(ctx.target.bia["submitted"].assessment.child.public_id)


def _bid_body() -> dict[str, Any]:
    return {
        **determination_data().model_dump(mode="json"),
        "members": MEMBERS,
    }


def _age_child(ctx: Ctx, which: str) -> str:
    return str(ctx.target.ages[which].child.public_id)


def _sol(ctx: Ctx) -> str:
    """The child's solutions, under the child."""
    return f"{_c(ctx)}/solutions"


def _plan(ctx: Ctx) -> str:
    plan = ctx.target.plan
    assert plan is not None
    return str(plan.public_id)


def _step(ctx: Ctx, which: str) -> str:
    return str(ctx.target.plan_steps[which].public_id)


def _step_body(ctx: Ctx) -> dict[str, Any]:
    """A step owned by the one who made the plan: a user of the child's holding agency."""
    plan = ctx.target.plan
    assert plan is not None
    return {"what": "Matrix", "owner_id": str(plan.created_by.public_id), "due_on": TODAY}


def _ep(ctx: Ctx, which: str, rest: str = "") -> str:
    """An episode's path under its child ("web" of the child, "api" of the twin), no prefix."""
    episode = ctx.target.episodes[which]
    return f"{episode.child.public_id}/missing/{episode.public_id}{rest}"


NOW = time.now().replace(microsecond=0).isoformat()
GONE = {"last_seen_at": NOW, "last_seen_place": "Matrix", "description": "Matrix"}
POLICE = {"informed_at": NOW, "officer": "Matrix", "reference": "M-1"}
ALERTS = {"national_reference": "N-1", "hotline_reference": "H-1"}
SIGHTING = {"seen_at": NOW, "place": "Matrix", "seen_by": "Matrix"}
ACTION = {"taken_at": NOW, "taken_by": "Matrix", "action": "Matrix"}
FOUND = {"found_at": NOW, "found_place": "Matrix", "found_by": "Matrix", "state": "well"}
INTERVIEW = {"held_at": NOW, "interviewer": "Matrix", "notes": "Matrix", "child_views": "Matrix"}
CLOSE = {"reason": "other", "notes": "Matrix"}


def _pl(ctx: Ctx) -> str:
    return str(ctx.target.placement.public_id)


def _pl_current(ctx: Ctx) -> str:
    """The child's current placement: the first, or the one the API made since."""
    return str(Placement.objects.get(child=ctx.target.child, ended_on=None).public_id)


TODAY = time.today().isoformat()
PLACEMENT = {
    "kind": "kinship",
    "carer_name": "Matrix carer",
    "vetting": "not_vetted",
    "started_on": TODAY,
    "start_reason": "Matrix",
}
VISIT = {
    "visited_on": TODAY,
    "visitor": "caseworker",
    "visitor_name": "Matrix",
    "child_views": "Matrix views",
}
VETTING = {"vetting": "in_progress", "vetting_on": TODAY, "safety_plan": "Matrix"}
PLACEMENT_END = {"ended_on": TODAY, "end_reason": "Matrix"}
SOL_ASSESSMENT = {
    "kind": "risk",
    "country": "AFG",
    "findings": "Matrix",
    "conclusion": "no_serious_risk",
    "assessed_on": TODAY,
}
SOL_PLAN = {"solution": "local_integration", "goals": "Matrix"}
SOL_DEPARTURE = {"kind": "relocation", "country": "DEU", "planned_on": TODAY, "reasons": "M"}
SOL_CLOSURE = {"outcome": "abandoned", "reasons": "Matrix"}

DECISION = {
    "trafficking_status": "PossibleVictimOfTrafficking",
    "decision_body_type": "NonPoliceGovernmentalOrganization",
    "decision_body_name": "Matrix body",
    "decision_reasons": "Matrix reasons",
}


IDENTIFICATION = {
    "stage": "preliminary",
    "outcome": "NotAVictimOfTrafficking",
    "organisation": "Police",
    "authority": "Matrix police",
    "person_name": "Matrix officer",
    "person_role": "Investigator",
    "decided_on": "2025-01-05",
    "reasons": "Matrix reasons",
    "evidence": "Matrix evidence",
}

AGE_STEP = {
    "method": "documents",
    "performed_on": "2026-10-01",
    "performed_by": "Matrix",
    "findings": "Matrix",
    # The decision that follows rests on it (documents that did not settle the age do not).
    "settles_age": True,
}
AGE_DECISION = {
    "min_age": 16,
    "max_age": 19,
    "decided_on": "2026-10-10",
    "reasons": "Matrix",
    "remedy": "Matrix",
}
AGE_NOTICE = {
    "recipient": "child",
    "notified_on": "2026-10-11",
    "language": "en",
    "means": "orally",
}
AGE_APPEAL = {"lodged_on": "2026-10-12", "lodged_by": "Matrix", "grounds": "Matrix"}
AGE_APPEAL_DECISION = {
    "outcome": "confirmed",
    "decided_on": "2026-10-20",
    "reasons": "Matrix",
    "remedy": "Matrix",
}


def _inbox(ctx: Ctx) -> str:
    assert ctx.target.exchange_message is not None
    return str(ctx.target.exchange_message.public_id)


def _dc(ctx: Ctx, which: str) -> str:
    return str(ctx.target.consents[which].public_id)


def _iv(ctx: Ctx, which: str, rest: str = "") -> str:
    """An interview's path under its child, no prefix."""
    interview = ctx.target.interviews[which]
    return f"{interview.child.public_id}/interviews/{interview.public_id}{rest}"


def _rec(ctx: Ctx, which: str, rest: str = "") -> str:
    """A recording's path under its interview and child, no prefix."""
    recording = ctx.target.recordings[which]
    return _iv(ctx, which, f"/recordings/{recording.public_id}{rest}")


TUS = {"Tus-Resumable": "1.0.0"}
INTERVIEW_API = {
    "matter": "Matrix planned over the API",
    "purpose": "Matrix",
    "planned_at": "2030-01-01T10:00:00+00:00",
    "room": "Matrix",
    "interviewer_name": "Matrix",
    "interviewer_role": "police",
    "interviewer_training": "Matrix",
    "interviewer_trained_on": "2025-01-01",
}
INTERVIEW_FORM = {
    **INTERVIEW_API,
    "matter": "Matrix planned on the page",
    "planned_at": "2030-01-01T10:00",
}


def _query(ctx: Ctx) -> str:
    assert ctx.target.exchange_query is not None
    return str(ctx.target.exchange_query.public_id)


def _match(ctx: Ctx) -> str:
    assert ctx.target.exchange_match is not None
    return str(ctx.target.exchange_match.public_id)


def _form(prefix: str, data: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}-{name}": value for name, value in data.items()}


BID_WEB = bid_form_body()
AGE_STEP_WEB = _form("step", AGE_STEP)
AGE_DECISION_WEB = _form("decision", AGE_DECISION)
AGE_NOTICE_WEB = _form("notice", AGE_NOTICE)
AGE_APPEAL_WEB = _form("appeal", AGE_APPEAL)
AGE_APPEAL_DECISION_WEB = _form("appeal_decision", AGE_APPEAL_DECISION)


# name -> (request, expected status). Requests that change state come after those that read.
Request = Callable[[Ctx], Any]
ROUTES: dict[str, tuple[Request, Callable[[Ctx], int]]] = {
    # First, while the target's case is the only open one on its child (a case moves with the
    # child's record; a second open case, which later routes open, blocks the transfer).
    "api-v1:transfer_add": (
        lambda x: x.api.post(
            "/api/v1/transfers",
            {
                "case_id": _k(x),
                "to_agency_id": _other_agency(x),
                "reasons": "Matrix",
                "needs": ["shelter"],
                "urgency": "normal",
                "consent": "guardian",
            },
        ),
        transfer_send(201),
    ),
    # The figures are the home of a role that works with figures only.
    "web:home": (lambda x: x.web.get("/"), per_role(STATS, 302, denied=200)),
    "web:login": (lambda x: x.web.get("/login/"), per_role(None, 302)),
    "web:otp": (lambda x: x.web.get("/otp/"), per_role(None, 302)),
    "web:audit": (lambda x: x.web.get("/audit/"), per_role(AUDIT, 200)),
    "stats:national": (lambda x: x.web.get("/stats/"), per_role(STATS, 200)),
    "stats:figure_csv": (lambda x: x.web.get("/stats/figures/status.csv"), per_role(STATS, 200)),
    "stats:report": (lambda x: x.web.get("/stats/report/"), per_role(STATS, 200)),
    "stats:exports": (
        lambda x: x.web.get("/stats/exports/"),
        per_role(STATS | {"supervisor"}, 200),
    ),
    "stats:export_status": (
        lambda x: x.web.get(f"/stats/exports/{uuid.uuid4()}/"),
        per_role(None, 404),
    ),
    "stats:export_file": (
        lambda x: x.web.post(f"/stats/exports/{uuid.uuid4()}/file/", {}),
        per_role(None, 404),
    ),
    "stats:releases": (lambda x: x.web.get("/stats/releases/"), per_role(STATS, 200)),
    "stats:dataset": (
        lambda x: x.web.get(f"/stats/releases/{uuid.uuid4()}/"),
        per_role(STATS, 404),
    ),
    "stats:caseload": (lambda x: x.web.get("/my-figures/"), per_role(CASE_VIEW, 200)),
    "stats:caseload_csv": (
        lambda x: x.web.get("/my-figures/status.csv"),
        per_role(CASE_VIEW, 200),
    ),
    "api-v1:stats_figure": (
        lambda x: x.api.get("/api/v1/stats/figures/status"),
        per_role(STATS, 200),
    ),
    "api-v1:stats_my_figure": (
        lambda x: x.api.get("/api/v1/stats/my-figures/status"),
        per_role(CASE_VIEW, 200),
    ),
    "api-v1:stats_report": (
        lambda x: x.api.get("/api/v1/stats/report", rows="sex", columns="status"),
        per_role(STATS, 422),
    ),
    "api-v1:stats_export_create": (
        lambda x: x.api.post("/api/v1/stats/exports", {}),
        per_role(None, 422),
    ),
    "api-v1:stats_export_list": (lambda x: x.api.get("/api/v1/stats/exports"), per_role(None, 200)),
    "api-v1:stats_export_detail": (
        lambda x: x.api.get(f"/api/v1/stats/exports/{uuid.uuid4()}"),
        per_role(None, 404),
    ),
    "api-v1:stats_export_file": (
        lambda x: x.api.post(f"/api/v1/stats/exports/{uuid.uuid4()}/file", {}),
        per_role(None, 404),
    ),
    "api-v1:stats_dataset_list": (
        lambda x: x.api.get("/api/v1/stats/datasets"),
        per_role(STATS, 200),
    ),
    "api-v1:stats_dataset_create": (
        lambda x: x.api.post("/api/v1/stats/datasets", {}),
        per_role(None, 422),
    ),
    "api-v1:stats_release_list": (
        lambda x: x.api.get(f"/api/v1/stats/datasets/{uuid.uuid4()}/releases"),
        per_role(STATS, 404),
    ),
    "api-v1:stats_release_create": (
        lambda x: x.api.post(f"/api/v1/stats/datasets/{uuid.uuid4()}/releases", {}),
        per_role(None, 422),
    ),
    "web:password_change": (lambda x: x.web.get("/password/"), per_role(None, 200)),
    "web:password_change_done": (lambda x: x.web.get("/password/done/"), per_role(None, 200)),
    "web:users": (lambda x: x.web.get("/users/"), per_role(USER_MANAGE, 200)),
    "web:user_detail": (
        lambda x: x.web.get(f"/users/{x.actor.public_id}/"),
        per_role(USER_MANAGE, 200),
    ),
    "children:list": (lambda x: x.web.get("/children/"), per_role(None, 200)),
    "children:create": (lambda x: x.web.get("/children/new/"), per_role(CHILD_REGISTER, 200)),
    "children:break_glass": (
        lambda x: x.web.get("/children/break-glass/"),
        per_role(BREAK_GLASS, 200),
    ),
    "children:detail": (lambda x: x.web.get(f"/children/{_c(x)}/"), record(CHILD_READ, None, 200)),
    "children:edit": (
        lambda x: x.web.get(f"/children/{_c(x)}/edit/"),
        child_identity_write(200),
    ),
    "cases:list": (lambda x: x.web.get("/cases/"), per_role(None, 200)),
    "cases:create": (
        lambda x: x.web.get(f"/cases/new/{_c(x)}/"),
        holder(CASE_OPEN, 200),
    ),
    "cases:detail": (lambda x: x.web.get(f"/cases/{_k(x)}/"), record(CASE_READ, None, 200)),
    "cases:edit": (lambda x: x.web.get(f"/cases/{_k(x)}/edit/"), record(CASE_READ, CASE_EDIT, 200)),
    "api-v1:openapi-json": (
        lambda x: x.api.client.get("/api/v1/openapi.json"),
        per_role(None, 200),
    ),
    "api-v1:openapi-view": (lambda x: x.api.client.get("/api/v1/docs"), per_role(None, 200)),
    "api-v1:api-root": (lambda x: x.api.get("/api/v1/"), per_role(None, 404)),
    "api-v1:child_list": (lambda x: x.api.get("/api/v1/children"), per_role(None, 200)),
    # The view across tracks and the legal proceedings.
    "legal:tracks": (
        lambda x: x.web.get(f"/children/{_c(x)}/tracks/"),
        record(CHILD_READ, None, 200),
    ),
    # No decision named: refused with 422 to whoever reads the child, 404 to anyone else.
    "legal:child_sheet": (
        lambda x: x.web.get(f"/children/{_c(x)}/decision-sheet/"),
        record(CHILD_READ, None, 422),
    ),
    "api-v1:child_tracks_view": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/tracks"),
        record(CHILD_READ, None, 200),
    ),
    "legal:wards": (lambda x: x.web.get("/guardian/"), per_role(None, 200)),
    "api-v1:ward_list": (lambda x: x.api.get("/api/v1/guardian/wards"), per_role(None, 200)),
    "api-v1:proceeding_list": (
        lambda x: x.api.get("/api/v1/proceedings", child_id=_c(x)),
        record(CHILD_READ, None, 200),
    ),
    "api-v1:proceeding_create": (
        lambda x: x.api.post(
            "/api/v1/proceedings", {"child_id": _c(x), "track": "asylum", "status": "lodged"}
        ),
        proceeding_write(201, visible=lambda x: x.relation in CHILD_READ[x.role]),
    ),
    "api-v1:proceeding_detail": (
        lambda x: x.api.get(f"/api/v1/proceedings/{_p(x)}"),
        lambda x: 200 if proceeding_visible(x) else 404,
    ),
    "api-v1:proceeding_change": (
        lambda x: x.api.patch(f"/api/v1/proceedings/{_p(x)}", {"status": "prosecution"}),
        proceeding_write(200, visible=proceeding_visible),
    ),
    "legal:proceeding_change": (
        lambda x: x.web.post(
            f"/proceedings/{_p(x)}/",
            {f"p{x.target.proceeding.pk}-status": "trial"},
        ),
        proceeding_write(302, visible=proceeding_visible),
    ),
    # Residence permits and the tasks on the legal tracks: the legal section.
    "api-v1:permit_list": (
        lambda x: x.api.get("/api/v1/residence-permits", child_id=_c(x)),
        record(CHILD_READ, None, 200),
    ),
    "api-v1:permit_create": (
        lambda x: x.api.post(
            "/api/v1/residence-permits",
            {
                "child_id": _c(x),
                "basis": "humanitarian",
                "granted_on": "2026-01-01",
                "expires_on": "2027-01-01",
            },
        ),
        proceeding_write(201, visible=lambda x: x.relation in CHILD_READ[x.role]),
    ),
    "api-v1:permit_detail": (
        lambda x: x.api.get(f"/api/v1/residence-permits/{_pm(x)}"),
        lambda x: 200 if proceeding_visible(x) else 404,
    ),
    "api-v1:child_information_view": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/information"),
        record(CHILD_READ, None, 200),
    ),
    "api-v1:child_information_create": (
        lambda x: x.api.post(
            "/api/v1/child-information",
            {
                "child_id": _c(x),
                "what": "Matrix information",
                "told_at": "2026-01-01T10:00:00Z",
                "language": "en",
                "understood": "yes",
            },
        ),
        proceeding_write(201, visible=lambda x: x.relation in CHILD_READ[x.role]),
    ),
    "api-v1:legal_task_complete": (
        lambda x: x.api.post(f"/api/v1/legal-tasks/{_lt(x, 'api')}/completion", {}),
        proceeding_write(200, visible=proceeding_visible),
    ),
    "legal:legal_task_complete": (
        lambda x: x.web.post(f"/legal-tasks/{_lt(x, 'web')}/completion/", {}),
        proceeding_write(302, visible=proceeding_visible),
    ),
    # Identification: read with the legal section; decisions by the holding agency. "No
    # reasonable grounds" leaves nothing pending, so that both writes go through.
    "identification:section": (
        lambda x: x.web.get(f"/children/{_c(x)}/identification/"),
        identification_read(200),
    ),
    "api-v1:child_identification": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/identification"),
        identification_read(200),
    ),
    "identification:decide": (
        lambda x: x.web.post(f"/children/{_c(x)}/identification/decisions/", IDENTIFICATION),
        holder(IDENTIFICATION_DECIDE, 302),
    ),
    "api-v1:child_identification_decide": (
        lambda x: x.api.post(f"/api/v1/children/{_c(x)}/identification", IDENTIFICATION),
        holder(IDENTIFICATION_DECIDE, 201),
    ),
    # Age assessment: read with the child's identity; each one walks its path (a method, the
    # decision, a notice, an appeal and its decision), then a new request, then a withdrawal.
    "ages:list": (
        lambda x: x.web.get(f"/children/{_age_child(x, 'web')}/age-assessments/"),
        lambda x: 200 if age_visible(x) else 404,
    ),
    "ages:detail": (
        lambda x: x.web.get(f"/children/{_age(x, 'web')}"),
        lambda x: 200 if age_visible(x) else 404,
    ),
    # Best interests: the child's draft BIA version is submitted, the twin's submitted one
    # decided (a supervisor approves it), then a new version and a determination on the twin.
    "api-v1:best_interests_overview": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/best-interests"),
        record(CHILD_READ, None, 200),
    ),
    "api-v1:best_interests_version_submit": (
        lambda x: x.api.post(f"{_bi(x, 'draft')}/submission", {}),
        bi_write(CASE_EDIT, 200),
    ),
    "api-v1:best_interests_version_decision": (
        lambda x: x.api.post(f"{_bi(x, 'submitted')}/decision", {"decision": "approve"}),
        bi_write(BI_APPROVE, 200),
    ),
    "api-v1:best_interests_version_create": (
        lambda x: x.api.post(
            f"/api/v1/children/{_bi_child(x)}/best-interests/assessments/"
            f"{x.target.bia['submitted'].assessment.public_id}/versions",
            BIA_VERSION,
        ),
        # A supervisor approved the twin's version; for the others it still waits: 409.
        bi_write(CASE_EDIT, lambda x: 201 if x.role in BI_APPROVE else 409),
    ),
    "api-v1:best_interests_determination_create": (
        lambda x: x.api.post(
            f"/api/v1/children/{_bi_child(x)}/best-interests/determinations", _bid_body()
        ),
        bi_write(BI_APPROVE, 201, on_child=True),
    ),
    # The page: by now the child's version is submitted and the twin's waits or is approved with a
    # new draft (a supervisor), so a new version and a submission meet a conflict; a supervisor
    # records a second determination.
    "bestinterests:page": (
        lambda x: x.web.get(f"/children/{_c(x)}/best-interests/"),
        lambda x: 200 if bi_visible(x) else 404,
    ),
    "bestinterests:version_record": (
        lambda x: x.web.post(
            f"/children/{_bi_child(x)}/best-interests/assessments/"
            f"{x.target.bia['submitted'].assessment.public_id}/versions/",
            _form("version", BIA_VERSION),
        ),
        bi_write(CASE_EDIT, 409),
    ),
    "bestinterests:version_submit": (
        lambda x: x.web.post(f"{_bi_web(x, 'draft')}/submit/"),
        bi_write(CASE_EDIT, 409),
    ),
    "bestinterests:version_decide": (
        lambda x: x.web.post(
            f"{_bi_web(x, 'submitted')}/decision/", _form("decision", {"decision": "approve"})
        ),
        bi_write(BI_APPROVE, 409),
    ),
    "bestinterests:determination": (
        lambda x: x.web.post(f"/children/{_bi_child(x)}/best-interests/determinations/", BID_WEB),
        bi_write(BI_APPROVE, 302, on_child=True),
    ),
    "api-v1:child_age_standing": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/age"),
        lambda x: 200 if age_visible(x) else 404,
    ),
    "api-v1:age_assessment_list": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/age-assessments"),
        record(CHILD_READ, None, 200),
    ),
    "api-v1:age_assessment_detail": (
        lambda x: x.api.get(f"/api/v1/children/{_age(x, 'api')}".rstrip("/")),
        lambda x: 200 if age_visible(x) else 404,
    ),
    "ages:step": (
        lambda x: x.web.post(f"/children/{_age(x, 'web', 'steps/')}", AGE_STEP_WEB),
        age_write(AGE_DECIDE, 302),
    ),
    "api-v1:age_assessment_step_create": (
        lambda x: x.api.post(f"/api/v1/children/{_age(x, 'api', 'steps')}", AGE_STEP),
        age_write(AGE_DECIDE, 201),
    ),
    "ages:decide": (
        lambda x: x.web.post(f"/children/{_age(x, 'web', 'decision/')}", AGE_DECISION_WEB),
        age_write(AGE_DECIDE, 302),
    ),
    "api-v1:age_assessment_decision": (
        lambda x: x.api.post(f"/api/v1/children/{_age(x, 'api', 'decision')}", AGE_DECISION),
        age_write(AGE_DECIDE, 200),
    ),
    "ages:notice": (
        lambda x: x.web.post(f"/children/{_age(x, 'web', 'notifications/')}", AGE_NOTICE_WEB),
        age_write(AGE_DECIDE, 302),
    ),
    "api-v1:age_assessment_notice_create": (
        lambda x: x.api.post(f"/api/v1/children/{_age(x, 'api', 'notifications')}", AGE_NOTICE),
        age_write(AGE_DECIDE, 201),
    ),
    "ages:appeal": (
        lambda x: x.web.post(f"/children/{_age(x, 'web', 'appeals/')}", AGE_APPEAL_WEB),
        age_write(AGE_REQUEST, 302),
    ),
    "api-v1:age_assessment_appeal_create": (
        lambda x: x.api.post(f"/api/v1/children/{_age(x, 'api', 'appeals')}", AGE_APPEAL),
        age_write(AGE_REQUEST, 201),
    ),
    "ages:appeal_decide": (
        lambda x: x.web.post(
            f"/children/{_age(x, 'web', 'appeal-decision/')}", AGE_APPEAL_DECISION_WEB
        ),
        age_write(AGE_DECIDE, 302),
    ),
    "api-v1:age_assessment_appeal_decision": (
        lambda x: x.api.post(
            f"/api/v1/children/{_age(x, 'api', 'appeal-decision')}", AGE_APPEAL_DECISION
        ),
        age_write(AGE_DECIDE, 200),
    ),
    "ages:request": (
        lambda x: x.web.post(
            f"/children/{_age_child(x, 'web')}/age-assessments/request/",
            {"request-trigger": "other", "request-reason": "Matrix doubt"},
        ),
        age_write(AGE_REQUEST, 302),
    ),
    "api-v1:age_assessment_create": (
        lambda x: x.api.post(
            f"/api/v1/children/{_c(x)}/age-assessments",
            {"trigger": "other", "reason": "Matrix doubt"},
        ),
        age_write(AGE_REQUEST, 201),
    ),
    "ages:withdraw": (
        lambda x: x.web.post(
            f"/children/{_age_open(x, 'web', 'withdrawal/')}", {"withdrawal-reason": "Matrix"}
        ),
        age_write(AGE_REQUEST, 302, flow=False),
    ),
    "api-v1:age_assessment_withdrawal": (
        lambda x: x.api.post(
            f"/api/v1/children/{_age_open(x, 'api', 'withdrawal')}", {"reason": "Matrix"}
        ),
        age_write(AGE_REQUEST, 200, flow=False),
    ),
    # Missing episodes: read with the location section; written by those who edit cases and
    # write it. The child is reported missing already: a confirmed report meets the open episode
    # (409), the page's first step shows the summary to confirm (200). Found first, the episode
    # then takes its return interview and refuses to close otherwise (409). The API's episode
    # (the twin's) is closed already: it takes logs and references, not an end (409).
    "missing:list": (
        lambda x: x.web.get(f"/children/{_c(x)}/missing/"),
        lambda x: 200 if missing_visible(x) else 404,
    ),
    "missing:detail": (
        lambda x: x.web.get(f"/children/{_ep(x, 'web', '/')}"),
        lambda x: 200 if missing_visible(x) else 404,
    ),
    "missing:alert_pdf": (
        lambda x: x.web.get(f"/children/{_ep(x, 'web', '/alert.pdf')}"),
        lambda x: 200 if missing_visible(x) else 404,
    ),
    "missing:alert_page": (
        lambda x: x.web.get(f"/children/{_ep(x, 'web', '/alert/')}"),
        lambda x: 200 if missing_visible(x) else 404,
    ),
    "missing:photo": (
        lambda x: x.web.get(f"/children/{_ep(x, 'web', '/photo/view/')}"),
        lambda x: 404,
    ),
    "api-v1:missing_episode_list": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/missing"),
        record(CHILD_READ, None, 200),
    ),
    "api-v1:missing_episode_detail": (
        lambda x: x.api.get(f"/api/v1/children/{_ep(x, 'api')}"),
        lambda x: 200 if missing_visible(x) else 404,
    ),
    "missing:report": (
        # The form's first step: the summary to confirm (nothing recorded).
        lambda x: x.web.post(
            f"/children/{_c(x)}/missing/report/", {**_form("report", GONE), "check": "1"}
        ),
        missing_report(200),
    ),
    "api-v1:missing_episode_report": (
        lambda x: x.api.post(f"/api/v1/children/{_c(x)}/missing", {**GONE, "confirm": True}),
        missing_report(409),
    ),
    "missing:police": (
        lambda x: x.web.post(f"/children/{_ep(x, 'web', '/police/')}", _form("police", POLICE)),
        missing_write(302),
    ),
    "api-v1:missing_episode_police": (
        lambda x: x.api.post(f"/api/v1/children/{_ep(x, 'api', '/police')}", POLICE),
        missing_write(200),
    ),
    "missing:alerts": (
        lambda x: x.web.post(f"/children/{_ep(x, 'web', '/alerts/')}", _form("alerts", ALERTS)),
        missing_write(302),
    ),
    "api-v1:missing_episode_alerts": (
        lambda x: x.api.post(f"/api/v1/children/{_ep(x, 'api', '/alerts')}", ALERTS),
        missing_write(200),
    ),
    "missing:sighting": (
        lambda x: x.web.post(
            f"/children/{_ep(x, 'web', '/sightings/')}", _form("sighting", SIGHTING)
        ),
        missing_write(302),
    ),
    "api-v1:missing_episode_sighting": (
        lambda x: x.api.post(f"/api/v1/children/{_ep(x, 'api', '/sightings')}", SIGHTING),
        missing_write(201),
    ),
    "missing:action": (
        lambda x: x.web.post(f"/children/{_ep(x, 'web', '/actions/')}", _form("action", ACTION)),
        missing_write(302),
    ),
    "api-v1:missing_episode_action": (
        lambda x: x.api.post(f"/api/v1/children/{_ep(x, 'api', '/actions')}", ACTION),
        missing_write(201),
    ),
    "missing:photo_upload": (
        lambda x: x.web.post(f"/children/{_ep(x, 'web', '/photo/')}", {"photo-consent": "given"}),
        missing_write(422),
    ),
    # Interviews: read with the interviews section; planned by those who plan and write it; a
    # repeat approved by supervisors (the matrix's interviews wait for no approval: 409).
    "interviews:list": (
        lambda x: x.web.get(f"/children/{_c(x)}/interviews/"),
        interview_list_expect,
    ),
    "interviews:plan": (
        lambda x: x.web.post(f"/children/{_c(x)}/interviews/plan/", INTERVIEW_FORM),
        interview_plan_expect(302),
    ),
    "interviews:detail": (
        lambda x: x.web.get(f"/children/{_iv(x, 'web', '/')}"),
        lambda x: 200 if interviews_visible(x) else 404,
    ),
    "interviews:approve": (
        lambda x: x.web.post(f"/children/{_iv(x, 'web', '/approval/')}", {}),
        interview_write(409, INTERVIEW_APPROVE),
    ),
    "interviews:held": (
        lambda x: x.web.post(f"/children/{_iv(x, 'web', '/held/')}", {}),
        interview_write(422),
    ),
    "interviews:cancel": (
        lambda x: x.web.post(f"/children/{_iv(x, 'web', '/cancellation/')}", {}),
        interview_write(422),
    ),
    "api-v1:interview_list": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/interviews"),
        record(CHILD_READ, None, 200),
    ),
    "api-v1:interview_create": (
        lambda x: x.api.post(f"/api/v1/children/{_c(x)}/interviews", INTERVIEW_API),
        interview_plan_expect(201),
    ),
    "api-v1:interview_detail": (
        lambda x: x.api.get(f"/api/v1/children/{_iv(x, 'api')}"),
        lambda x: 200 if interviews_visible(x) else 404,
    ),
    "api-v1:interview_approval": (
        lambda x: x.api.post(f"/api/v1/children/{_iv(x, 'api', '/approval')}", {}),
        interview_write(409, INTERVIEW_APPROVE),
    ),
    # Bodies are read before the interview is looked up: an empty one is refused for all.
    "api-v1:interview_held": (
        lambda x: x.api.post(f"/api/v1/children/{_iv(x, 'api', '/held')}", {}),
        per_role(None, 422),
    ),
    "api-v1:interview_cancellation": (
        lambda x: x.api.post(f"/api/v1/children/{_iv(x, 'api', '/cancellation')}", {}),
        per_role(None, 422),
    ),
    # Data protection: consent read with the identity section, recorded by those who edit
    # children and write it; everything held exported by supervisors of the holding agency.
    "dataprotection:page": (
        lambda x: x.web.get(f"/children/{_c(x)}/data-protection/"),
        identity_page,
    ),
    "dataprotection:consent": (
        lambda x: x.web.post(f"/children/{_c(x)}/data-protection/consents/", {}),
        consent_write(422),
    ),
    "dataprotection:withdraw": (
        lambda x: x.web.post(
            f"/children/{_c(x)}/data-protection/consents/{_dc(x, 'web')}/withdrawal/", {}
        ),
        consent_write(422),
    ),
    "dataprotection:export": (
        lambda x: x.web.post(f"/children/{_c(x)}/data-protection/export/", {}),
        export_expect(422),
    ),
    "api-v1:consent_list": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/consents"),
        record(CHILD_READ, None, 200),
    ),
    "api-v1:consent_create": (
        lambda x: x.api.post(f"/api/v1/children/{_c(x)}/consents", {}),
        per_role(None, 422),
    ),
    "api-v1:consent_withdrawal": (
        lambda x: x.api.post(f"/api/v1/children/{_c(x)}/consents/{_dc(x, 'api')}/withdrawal", {}),
        per_role(None, 422),
    ),
    "api-v1:child_data_export": (
        lambda x: x.api.post(f"/api/v1/children/{_c(x)}/data-export", {"reason": "Matrix"}),
        export_expect(200, page=False),
    ),
    # Recordings: played by those who read the interviews section; announced, uploaded,
    # downloaded and exported by those who plan interviews and write it. The matrix's
    # recordings are complete: a PATCH on one is refused (409).
    "interviews:recording_create": (
        lambda x: x.web.post(
            f"/children/{_iv(x, 'web', '/recordings/')}", {"size": 10, "media_type": "audio/wav"}
        ),
        interview_write(201),
    ),
    "interviews:recording_upload": (
        lambda x: x.web.head(f"/children/{_rec(x, 'web', '/upload/')}", headers=TUS),
        interview_write(200),
    ),
    "interviews:recording_content": (
        lambda x: x.web.get(f"/children/{_rec(x, 'web', '/content/')}"),
        lambda x: 200 if interviews_visible(x) else 404,
    ),
    "interviews:recording_download": (
        lambda x: x.web.post(f"/children/{_rec(x, 'web', '/download/')}", {"reason": "Matrix"}),
        interview_write(200),
    ),
    "interviews:recording_export": (
        lambda x: x.web.post(f"/children/{_rec(x, 'web', '/export/')}", {"reason": "Matrix"}),
        interview_write(200),
    ),
    "api-v1:recording_list": (
        lambda x: x.api.get(f"/api/v1/children/{_iv(x, 'api', '/recordings')}"),
        lambda x: 200 if interviews_visible(x) else 404,
    ),
    "api-v1:recording_announce": (
        lambda x: x.api.post(
            f"/api/v1/children/{_iv(x, 'api', '/recordings')}",
            {"size": 10, "media_type": "audio/wav"},
        ),
        interview_write(201),
    ),
    "api-v1:recording_upload_offset": (
        lambda x: x.api.client.head(
            f"/api/v1/children/{_rec(x, 'api', '/upload')}", headers={**x.api.headers, **TUS}
        ),
        interview_write(200),
    ),
    "api-v1:recording_upload": (
        lambda x: x.api.client.generic(
            "PATCH",
            f"/api/v1/children/{_rec(x, 'api', '/upload')}",
            b"ID3",
            content_type="application/offset+octet-stream",
            headers={**x.api.headers, **TUS, "Upload-Offset": "0"},
        ),
        interview_write(409),
    ),
    "api-v1:recording_content": (
        lambda x: x.api.get(f"/api/v1/children/{_rec(x, 'api', '/content')}"),
        lambda x: 200 if interviews_visible(x) else 404,
    ),
    "api-v1:recording_download": (
        lambda x: x.api.post(
            f"/api/v1/children/{_rec(x, 'api', '/download')}", {"reason": "Matrix"}
        ),
        interview_write(200),
    ),
    "api-v1:recording_export": (
        lambda x: x.api.post(f"/api/v1/children/{_rec(x, 'api', '/export')}", {"reason": "Matrix"}),
        interview_write(200),
    ),
    # The matrix's episodes have no photo; an upload without a file is refused before access.
    "api-v1:missing_episode_photo": (
        lambda x: x.api.get(f"/api/v1/children/{_ep(x, 'api', '/photo')}"),
        lambda x: 404,
    ),
    "api-v1:missing_episode_photo_set": (
        lambda x: x.api.post(f"/api/v1/children/{_ep(x, 'api', '/photo')}", {}),
        per_role(None, 422),
    ),
    "missing:found": (
        lambda x: x.web.post(f"/children/{_ep(x, 'web', '/found/')}", _form("found", FOUND)),
        missing_write(302),
    ),
    "api-v1:missing_episode_found": (
        lambda x: x.api.post(f"/api/v1/children/{_ep(x, 'api', '/found')}", FOUND),
        missing_write(409),
    ),
    "missing:interview": (
        lambda x: x.web.post(
            f"/children/{_ep(x, 'web', '/interview/')}", _form("interview", INTERVIEW)
        ),
        missing_write(302),
    ),
    "api-v1:missing_episode_interview": (
        lambda x: x.api.post(f"/api/v1/children/{_ep(x, 'api', '/interview')}", INTERVIEW),
        missing_write(409),
    ),
    "missing:close": (
        lambda x: x.web.post(f"/children/{_ep(x, 'web', '/close/')}", _form("close", CLOSE)),
        missing_write(409),
    ),
    "api-v1:missing_episode_close": (
        lambda x: x.api.post(f"/api/v1/children/{_ep(x, 'api', '/close')}", CLOSE),
        missing_write(409),
    ),
    # Alternative care: read with the care section. The child is placed: a start is refused by
    # the one current placement (409) until the web form ends it; the API then places the child
    # again and ends that placement.
    "care:list": (
        lambda x: x.web.get(f"/children/{_c(x)}/placements/"),
        lambda x: 200 if care_visible(x) else 404,
    ),
    "care:detail": (
        lambda x: x.web.get(f"/children/{_c(x)}/placements/{_pl(x)}/"),
        lambda x: 200 if care_visible(x) else 404,
    ),
    "api-v1:placement_list": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/placements"),
        record(CHILD_READ, None, 200),
    ),
    "api-v1:placement_detail": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/placements/{_pl(x)}"),
        lambda x: 200 if care_visible(x) else 404,
    ),
    "care:start": (
        lambda x: x.web.post(f"/children/{_c(x)}/placements/start/", _form("placement", PLACEMENT)),
        care_start(409),
    ),
    "api-v1:placement_visit": (
        lambda x: x.api.post(f"/api/v1/children/{_c(x)}/placements/{_pl(x)}/visits", VISIT),
        care_write(201),
    ),
    "care:visit": (
        lambda x: x.web.post(
            f"/children/{_c(x)}/placements/{_pl(x)}/visits/", _form("visit", VISIT)
        ),
        care_write(302),
    ),
    "api-v1:placement_vetting": (
        lambda x: x.api.post(f"/api/v1/children/{_c(x)}/placements/{_pl(x)}/vetting", VETTING),
        care_write(200),
    ),
    "care:vetting": (
        lambda x: x.web.post(
            f"/children/{_c(x)}/placements/{_pl(x)}/vetting/", _form("vetting", VETTING)
        ),
        care_write(302),
    ),
    "care:end": (
        lambda x: x.web.post(
            f"/children/{_c(x)}/placements/{_pl(x)}/end/", _form("end", PLACEMENT_END)
        ),
        care_write(302),
    ),
    "api-v1:placement_create": (
        lambda x: x.api.post(f"/api/v1/children/{_c(x)}/placements", PLACEMENT),
        care_start(201),
    ),
    "api-v1:placement_finish": (
        lambda x: x.api.post(
            f"/api/v1/children/{_c(x)}/placements/{_pl_current(x)}/end", PLACEMENT_END
        ),
        care_write(200),
    ),
    # Return and durable solutions: read with the care section. The child has a plan in draft
    # with two steps (build_target): a second plan meets the one live plan (409); the steps are
    # done; the adoption and the departure meet the gate, as there is no BID (409); the API
    # closes the plan, after which the page's closure finds it closed (409).
    "solutions:page": (
        lambda x: x.web.get(f"/children/{_sol(x)}/"),
        lambda x: 200 if care_visible(x) else 404,
    ),
    "api-v1:solutions_overview": (
        lambda x: x.api.get(f"/api/v1/children/{_sol(x)}"),
        record(CHILD_READ, None, 200),
    ),
    "api-v1:solutions_assessment_create": (
        lambda x: x.api.post(f"/api/v1/children/{_sol(x)}/assessments", SOL_ASSESSMENT),
        care_start(201),
    ),
    "solutions:assessment": (
        lambda x: x.web.post(
            f"/children/{_sol(x)}/assessments/", _form("assessment", SOL_ASSESSMENT)
        ),
        care_start(302),
    ),
    "api-v1:solutions_plan_create": (
        lambda x: x.api.post(f"/api/v1/children/{_sol(x)}/plans", SOL_PLAN),
        care_start(409),
    ),
    "solutions:plan": (
        lambda x: x.web.post(f"/children/{_sol(x)}/plans/", _form("plan", SOL_PLAN)),
        care_start(409),
    ),
    "api-v1:solutions_step_create": (
        lambda x: x.api.post(f"/api/v1/children/{_sol(x)}/plans/{_plan(x)}/steps", _step_body(x)),
        care_write(201),
    ),
    "solutions:step": (
        lambda x: x.web.post(
            f"/children/{_sol(x)}/plans/{_plan(x)}/steps/", _form("step", _step_body(x))
        ),
        care_write(302),
    ),
    "api-v1:solutions_step_completion": (
        lambda x: x.api.post(
            f"/api/v1/children/{_sol(x)}/steps/{_step(x, 'api')}/completion", {"done_on": TODAY}
        ),
        care_write(200),
    ),
    "solutions:step_done": (
        lambda x: x.web.post(
            f"/children/{_sol(x)}/steps/{_step(x, 'web')}/completion/",
            _form("done", {"done_on": TODAY}),
        ),
        care_write(302),
    ),
    "api-v1:solutions_plan_adoption": (
        lambda x: x.api.post(f"/api/v1/children/{_sol(x)}/plans/{_plan(x)}/adoption", {}),
        solutions_decide(409),
    ),
    "solutions:adoption": (
        lambda x: x.web.post(f"/children/{_sol(x)}/plans/{_plan(x)}/adoption/", {}),
        solutions_decide(409),
    ),
    "api-v1:solutions_departure_create": (
        lambda x: x.api.post(f"/api/v1/children/{_sol(x)}/departures", SOL_DEPARTURE),
        solutions_decide(409, on_child=True),
    ),
    "solutions:departure": (
        lambda x: x.web.post(f"/children/{_sol(x)}/departures/", _form("departure", SOL_DEPARTURE)),
        solutions_decide(409, on_child=True),
    ),
    "api-v1:solutions_plan_closure": (
        lambda x: x.api.post(f"/api/v1/children/{_sol(x)}/plans/{_plan(x)}/closure", SOL_CLOSURE),
        solutions_decide(200),
    ),
    "solutions:closure": (
        lambda x: x.web.post(
            f"/children/{_sol(x)}/plans/{_plan(x)}/closure/", _form("closure", SOL_CLOSURE)
        ),
        solutions_decide(409),
    ),
    "api-v1:child_detail": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}"),
        record(CHILD_READ, None, 200),
    ),
    "api-v1:case_list": (lambda x: x.api.get("/api/v1/cases"), per_role(None, 200)),
    "api-v1:case_detail": (
        lambda x: x.api.get(f"/api/v1/cases/{_k(x)}"),
        record(CASE_READ, None, 200),
    ),
    "api-v1:case_timeline_list": (
        lambda x: x.api.get(f"/api/v1/cases/{_k(x)}/timeline"),
        record(CASE_READ, None, 200),
    ),
    "api-v1:token_create": (
        lambda x: x.api.client.post(
            "/api/v1/auth/token",
            {"username": x.api.username, "password": "wrong", "otp": "000000"},
            content_type="application/json",
        ),
        per_role(None, 401),
    ),
    "api-v1:child_create": (
        lambda x: x.api.post("/api/v1/children", {"given_name": "Matrix"}),
        per_role(CHILD_REGISTER, 201),
    ),
    "api-v1:child_patch": (
        lambda x: x.api.patch(f"/api/v1/children/{_c(x)}", {"given_name": "Matrix"}),
        child_identity_write(200),
    ),
    "api-v1:case_create": (
        lambda x: x.api.post("/api/v1/cases", {"child_id": _c(x)}),
        case_create_expect,
    ),
    "api-v1:case_patch": (
        lambda x: x.api.patch(f"/api/v1/cases/{_k(x)}", {"summary": "Matrix"}),
        record(CASE_READ, CASE_EDIT, 200),
    ),
    "api-v1:case_note_create": (
        lambda x: x.api.post(f"/api/v1/cases/{_k(x)}/notes", {"body": "Matrix"}),
        record(CASE_READ, CASE_EDIT, 201),
    ),
    # Services and referrals; answers decline, so that no new sharing changes later routes.
    "referrals:services": (lambda x: x.web.get("/services/?kind=health"), per_role(None, 200)),
    "referrals:service_new": (
        lambda x: x.web.get("/services/new/"),
        per_role(SERVICE_MANAGE, 200),
    ),
    "referrals:service_edit": (
        lambda x: x.web.get(f"/services/{_s(x)}/edit/"),
        per_role(SERVICE_MANAGE, 200),
    ),
    "api-v1:service_change": (
        lambda x: x.api.put(
            f"/api/v1/services/{_s(x)}", {"kind": "health", "name": "Matrix clinic", "capacity": 3}
        ),
        per_role(SERVICE_MANAGE, 200),
    ),
    "api-v1:service_list": (lambda x: x.api.get("/api/v1/services"), per_role(None, 200)),
    "api-v1:service_add": (
        lambda x: x.api.post("/api/v1/services", {"kind": "health", "name": "Matrix clinic"}),
        per_role(SERVICE_MANAGE, 201),
    ),
    "referrals:queues": (lambda x: x.web.get("/referrals/"), per_role(None, 200)),
    "api-v1:referral_list": (lambda x: x.api.get("/api/v1/referrals"), per_role(None, 200)),
    "referrals:new": (
        lambda x: x.web.get(f"/referrals/new/{_k(x)}/"),
        record(CASE_READ, CASE_EDIT, 200),
    ),
    "api-v1:referral_add": (
        lambda x: x.api.post(
            "/api/v1/referrals",
            {
                "case_id": _k(x),
                "to_agency_id": _other_agency(x),
                "service_kind": "health",
                "reason": "Matrix",
                "urgency": "normal",
                "sections": ["identity"],
                "consent": "child_consent",
            },
        ),
        record(CASE_READ, CASE_EDIT, 201),
    ),
    "referrals:detail": (
        lambda x: x.web.get(f"/referrals/{_f(x, 'web')}/"),
        referral_record(200),
    ),
    "api-v1:referral_detail": (
        lambda x: x.api.get(f"/api/v1/referrals/{_f(x, 'api')}"),
        referral_record(200),
    ),
    "referrals:transition": (
        lambda x: x.web.post(
            f"/referrals/{_f(x, 'web')}/transition/", {"to": "declined", "reason": "Matrix"}
        ),
        referral_answer(302),
    ),
    "api-v1:referral_transition_create": (
        lambda x: x.api.post(
            f"/api/v1/referrals/{_f(x, 'api')}/transitions", {"to": "declined", "reason": "M"}
        ),
        referral_answer(200),
    ),
    # Transfers of whole cases: sent from a case the agency holds; answered by the receiver.
    "referrals:transfer_new": (
        lambda x: x.web.get(f"/transfers/new/{_k(x)}/"),
        transfer_send(200),
    ),
    "api-v1:transfer_list": (lambda x: x.api.get("/api/v1/transfers"), per_role(None, 200)),
    "referrals:transfer_detail": (
        lambda x: x.web.get(f"/transfers/{_transfer(x, 'incoming')}/"),
        transfer_party(200),
    ),
    "api-v1:transfer_detail": (
        lambda x: x.api.get(f"/api/v1/transfers/{_transfer(x, 'outgoing')}"),
        transfer_party(200),
    ),
    "referrals:transfer_accept": (
        lambda x: x.web.post(f"/transfers/{_transfer(x, 'incoming')}/accept/", {}),
        transfer_party(302),
    ),
    "api-v1:transfer_accept_create": (
        lambda x: x.api.post(f"/api/v1/transfers/{_transfer(x, 'incoming')}/accept", {}),
        transfer_party(200),
    ),
    "referrals:transfer_refuse": (
        lambda x: x.web.post(
            f"/transfers/{_transfer(x, 'incoming')}/refuse/", {"reasons": "Matrix"}
        ),
        transfer_party(302),
    ),
    "api-v1:transfer_refuse_create": (
        lambda x: x.api.post(
            f"/api/v1/transfers/{_transfer(x, 'incoming')}/refuse", {"reasons": "Matrix"}
        ),
        transfer_party(200),
    ),
    "referrals:transfer_withdraw": (
        lambda x: x.web.post(f"/transfers/{_transfer(x, 'outgoing')}/withdraw/", {}),
        transfer_party(302),
    ),
    "api-v1:transfer_withdraw_create": (
        lambda x: x.api.post(f"/api/v1/transfers/{_transfer(x, 'outgoing')}/withdraw", {}),
        transfer_party(200),
    ),
    "conferences:new": (
        lambda x: x.web.get(f"/cases/{_k(x)}/conferences/new/"),
        record(CASE_READ, CASE_EDIT, 200),
    ),
    "api-v1:conference_list": (
        lambda x: x.api.get("/api/v1/conferences", case_id=_k(x)),
        record(CASE_READ, None, 200),
    ),
    "api-v1:conference_add": (
        lambda x: x.api.post(
            "/api/v1/conferences",
            {
                "case_id": _k(x),
                "held_at": "2026-11-20T10:00:00Z",
                "purpose": "Matrix",
                "child_heard": False,
                "participants": [{"role": "caseworker", "name": "Matrix"}],
            },
        ),
        record(CASE_READ, CASE_EDIT, 201),
    ),
    "conferences:tasks": (lambda x: x.web.get("/tasks/conferences/"), per_role(None, 200)),
    "workspace:tasks": (
        lambda x: x.web.get("/tasks/?kind=deadline&overdue=1"),
        per_role(None, 200),
    ),
    "api-v1:workspace_home": (lambda x: x.api.get("/api/v1/home"), per_role(None, 200)),
    "api-v1:workspace_worklist": (
        lambda x: x.api.get("/api/v1/worklist", kind="approval"),
        per_role(None, 200),
    ),
    "api-v1:task_list": (lambda x: x.api.get("/api/v1/tasks"), per_role(None, 200)),
    "conferences:task_done": (
        lambda x: x.web.post(f"/tasks/{_t(x, 'web')}/done/"),
        per_role(None, 302),
    ),
    "api-v1:task_completion": (
        lambda x: x.api.post(f"/api/v1/tasks/{_t(x, 'api')}/completion", {}),
        per_role(None, 200),
    ),
    "cases:note": (
        lambda x: x.web.post(f"/cases/{_k(x)}/notes/", {"body": "Matrix"}),
        record(CASE_READ, CASE_EDIT, 302),
    ),
    "cases:transition": (
        lambda x: x.web.post(f"/cases/{_k(x)}/transition/", {"to": "assessment"}),
        record(CASE_READ, CASE_TRANSITION, 302),
    ),
    "api-v1:case_transition_create": (
        lambda x: x.api.post(
            f"/api/v1/cases/{_k(x)}/transitions", {"to": "closed", "reason": "Matrix run"}
        ),
        record(CASE_READ, CASE_TRANSITION, 202),
    ),
    # Closing asked for just now (by the actor, where allowed) waits for a supervisor: a second
    # request meets it, and the actor does not decide their own.
    "api-v1:case_closure_list": (
        lambda x: x.api.get(f"/api/v1/cases/{_k(x)}/closures"),
        record(CASE_READ, None, 200),
    ),
    "api-v1:case_closure_create": (
        lambda x: x.api.post(f"/api/v1/cases/{_k(x)}/closures", {"reason": "Matrix"}),
        record(CASE_READ, CASE_TRANSITION, 409),
    ),
    "cases:closure_decide": (
        lambda x: x.web.post(f"/cases/{_k(x)}/closure/decision/", {"closure-decision": "approve"}),
        record(CASE_READ, set(), 403),
    ),
    "api-v1:case_closure_decision": (
        lambda x: x.api.post(f"/api/v1/cases/{_k(x)}/closures/decision", {"decision": "approve"}),
        record(CASE_READ, set(), 403),
    ),
    # The case plan, submitted by the creator: a supervisor approves it first, after which a
    # supervisor's changes make a new version that the supervisor submits.
    "plans:page": (lambda x: x.web.get(f"/cases/{_k(x)}/plan/"), record(CASE_READ, None, 200)),
    "plans:decide": (
        lambda x: x.web.post(f"/cases/{_k(x)}/plan/decision/", {"decision-decision": "approve"}),
        plan_decide(302),
    ),
    "api-v1:case_plan_decision_create": (
        lambda x: x.api.post(f"/api/v1/cases/{_k(x)}/plan/decision", {"decision": "approve"}),
        plan_decide(409),
    ),
    "api-v1:case_plan_detail": (
        lambda x: x.api.get(f"/api/v1/cases/{_k(x)}/plan"),
        record(CASE_READ, None, 200),
    ),
    "plans:goal_add": (
        lambda x: x.web.post(f"/cases/{_k(x)}/plan/goals/", {"goal-description": "Matrix"}),
        plan_write(302, waiting=409),
    ),
    "api-v1:case_plan_goal_create": (
        lambda x: x.api.post(f"/api/v1/cases/{_k(x)}/plan/goals", {"description": "Matrix"}),
        plan_write(201, waiting=409),
    ),
    "plans:action_add": (
        lambda x: x.web.post(
            f"/cases/{_k(x)}/plan/actions/",
            {
                "action-description": "Matrix",
                "action-owner_id": str(x.actor.public_id),
                "action-due_on": time.today().isoformat(),
            },
        ),
        plan_write(302, waiting=409),
    ),
    "api-v1:case_plan_action_create": (
        lambda x: x.api.post(
            f"/api/v1/cases/{_k(x)}/plan/actions",
            {
                "description": "Matrix",
                "owner_id": str(x.actor.public_id),
                "due_on": time.today().isoformat(),
            },
        ),
        plan_write(201, waiting=409),
    ),
    "plans:action_done": (
        lambda x: x.web.post(
            f"/cases/{_k(x)}/plan/actions/{x.target.case_plan_actions['web'].public_id}/done/"
        ),
        plan_action_done(302),
    ),
    "api-v1:case_plan_action_completion": (
        lambda x: x.api.post(
            f"/api/v1/cases/{_k(x)}/plan/actions/"
            f"{x.target.case_plan_actions['api'].public_id}/done",
            {},
        ),
        plan_action_done(200),
    ),
    "plans:review_date": (
        lambda x: x.web.post(
            f"/cases/{_k(x)}/plan/review-date/", {"schedule-review_on": time.today().isoformat()}
        ),
        plan_write(302),
    ),
    "api-v1:case_plan_review_date_update": (
        lambda x: x.api.put(
            f"/api/v1/cases/{_k(x)}/plan/review-date", {"review_on": time.today().isoformat()}
        ),
        plan_write(200),
    ),
    "plans:review_record": (
        lambda x: x.web.post(
            f"/cases/{_k(x)}/plan/reviews/",
            {
                "review-held_on": time.today().isoformat(),
                "review-progress": "Matrix",
                "review-outcome": "continue",
            },
        ),
        plan_write(302),
    ),
    "api-v1:case_plan_review_create": (
        lambda x: x.api.post(
            f"/api/v1/cases/{_k(x)}/plan/reviews",
            {"held_on": time.today().isoformat(), "progress": "Matrix", "outcome": "continue"},
        ),
        plan_write(201),
    ),
    "plans:submit": (
        lambda x: x.web.post(f"/cases/{_k(x)}/plan/submit/"),
        plan_write(302, waiting=409),
    ),
    "api-v1:case_plan_submission_create": (
        lambda x: x.api.post(f"/api/v1/cases/{_k(x)}/plan/submission", {}),
        plan_write(409),
    ),
    # Intake: the public page, staff forms, the queue, then one report through its path.
    "intake:public": (lambda x: x.web.get("/report/"), per_role(None, 200)),
    "intake:queue": (lambda x: x.web.get("/reports/"), per_role(None, 200)),
    "intake:frontline": (
        lambda x: x.web.get("/reports/new/frontline/"),
        per_role(REPORT_SUBMIT, 200),
    ),
    "intake:hotline": (lambda x: x.web.get("/reports/new/hotline/"), per_role(REPORT_SUBMIT, 200)),
    "intake:duty": (lambda x: x.web.get("/reports/duty/"), per_role(DUTY, 200)),
    "intake:detail": (lambda x: x.web.get(f"/reports/{_r(x)}/"), report_record(None, 200)),
    "intake:edit": (lambda x: x.web.get(f"/reports/{_r(x)}/edit/"), report_record(None, 200)),
    "intake:triage": (
        lambda x: x.web.post(
            f"/reports/{_r(x)}/triage/", {"urgency": "concern", "age_status": "presumed_child"}
        ),
        report_record(REPORT_TRIAGE, 302),
    ),
    "intake:screening": (
        lambda x: x.web.post(f"/reports/{_r(x)}/screening/", {"indicators": ["dr_job"]}),
        report_record(REPORT_TRIAGE, 302),
    ),
    "intake:decision": (
        lambda x: x.web.post(f"/reports/{_r(x)}/decision/", DECISION),
        report_record(REPORT_DECIDE, 302),
    ),
    "intake:convert": (
        lambda x: x.web.get(f"/reports/{_r(x)}/convert/"),
        report_record(REPORT_CONVERT, 200),
    ),
    "intake:close": (
        lambda x: x.web.post(f"/reports/{_r(x, 'web_close')}/close/", {"reason": "Matrix"}),
        report_record(REPORT_TRIAGE, 302),
    ),
    "api-v1:indicator_list": (
        lambda x: x.api.get("/api/v1/reports/indicators"),
        per_role(None, 200),
    ),
    "api-v1:report_list": (lambda x: x.api.get("/api/v1/reports"), per_role(None, 200)),
    "api-v1:report_create": (
        lambda x: x.api.post("/api/v1/reports", {"what_happened": "Matrix"}),
        per_role(REPORT_SUBMIT, 201),
    ),
    "api-v1:report_detail": (
        lambda x: x.api.get(f"/api/v1/reports/{_r(x)}"),
        report_record(None, 200),
    ),
    "api-v1:report_patch": (
        lambda x: x.api.patch(f"/api/v1/reports/{_r(x)}", {"location": "Matrix"}),
        report_record(None, 200),
    ),
    "api-v1:report_triage_create": (
        lambda x: x.api.post(f"/api/v1/reports/{_r(x)}/triage", {"urgency": "concern"}),
        report_record(REPORT_TRIAGE, 200),
    ),
    "api-v1:report_screening_create": (
        lambda x: x.api.post(f"/api/v1/reports/{_r(x)}/screening", {"indicators": ["dr_job"]}),
        report_record(REPORT_TRIAGE, 200),
    ),
    "api-v1:report_decision_create": (
        lambda x: x.api.post(f"/api/v1/reports/{_r(x, 'api_decide')}/decision", DECISION),
        report_record(REPORT_DECIDE, 200),
    ),
    "api-v1:report_candidate_list": (
        lambda x: x.api.get(f"/api/v1/reports/{_r(x)}/candidates"),
        report_record(REPORT_CONVERT, 200),
    ),
    "api-v1:report_conversion_create": (
        lambda x: x.api.post(f"/api/v1/reports/{_r(x)}/conversion", {}),
        report_record(REPORT_CONVERT, 201),
    ),
    "api-v1:report_closure_create": (
        lambda x: x.api.post(f"/api/v1/reports/{_r(x, 'api_close')}/closure", {"reason": "M"}),
        report_record(REPORT_TRIAGE, 200),
    ),
    # Deadlines and the inbox.
    "deadlines:dashboard": (lambda x: x.web.get("/deadlines/"), per_role(None, 200)),
    "api-v1:deadline_list": (lambda x: x.api.get("/api/v1/deadlines"), per_role(None, 200)),
    "deadlines:complete": (
        lambda x: x.web.post(f"/deadlines/{_d(x, 'web')}/complete/", {"note": "Matrix"}),
        record(CASE_READ, DEADLINE_COMPLETE, 302),
    ),
    "api-v1:deadline_completion_create": (
        lambda x: x.api.post(f"/api/v1/deadlines/{_d(x, 'api')}/completion", {"note": "M"}),
        record(CASE_READ, DEADLINE_COMPLETE, 200),
    ),
    "notifications:inbox": (lambda x: x.web.get("/inbox/"), per_role(None, 200)),
    "notifications:open": (
        lambda x: x.web.post(f"/inbox/{_n(x, 'web')}/open/"),
        per_role(None, 302),
    ),
    "notifications:read_all": (lambda x: x.web.post("/inbox/read-all/"), per_role(None, 302)),
    "api-v1:notification_list": (
        lambda x: x.api.get("/api/v1/notifications"),
        per_role(None, 200),
    ),
    "api-v1:notification_read": (
        lambda x: x.api.post(f"/api/v1/notifications/{_n(x, 'api')}/read", {}),
        per_role(None, 200),
    ),
    # Family tracing: requests of the actor's agency, their matches and steps.
    "tracing:list": (lambda x: x.web.get("/tracing/"), per_role(TRACING, 200)),
    "tracing:create": (lambda x: x.web.get("/tracing/new/"), per_role(TRACING, 200)),
    "tracing:detail": (lambda x: x.web.get(f"/tracing/{_tr(x, 'web')}/"), tracing_record(200)),
    "api-v1:request_list": (lambda x: x.api.get("/api/v1/tracing-requests"), per_role(None, 200)),
    "api-v1:request_create": (
        lambda x: x.api.post(
            "/api/v1/tracing-requests",
            {"source": "relative", "relationship": "mother", "given_name": "Matrix"},
        ),
        per_role(TRACING, 201),
    ),
    "api-v1:request_detail": (
        lambda x: x.api.get(f"/api/v1/tracing-requests/{_tr(x, 'api')}"),
        tracing_record(200),
    ),
    "api-v1:request_change": (
        lambda x: x.api.patch(
            f"/api/v1/tracing-requests/{_tr(x, 'api')}", {"last_seen_place": "Matrix"}
        ),
        tracing_record(200),
    ),
    "tracing:decide": (
        lambda x: x.web.post(
            f"/tracing/matches/{_tm(x, 'web')}/decision/", {"decision": "confirmed"}
        ),
        tracing_record(302),
    ),
    "tracing:step": (
        lambda x: x.web.post(
            f"/tracing/matches/{_tm(x, 'web')}/steps/verification/", {"outcome": "done"}
        ),
        tracing_record(302),
    ),
    "api-v1:match_decide": (
        lambda x: x.api.post(
            f"/api/v1/tracing-requests/matches/{_tm(x, 'api')}/decision",
            {"decision": "confirmed"},
        ),
        tracing_record(200),
    ),
    "api-v1:step_record": (
        lambda x: x.api.post(
            f"/api/v1/tracing-requests/matches/{_tm(x, 'api')}/steps/verification",
            {"outcome": "done"},
        ),
        tracing_record(200),
    ),
    "tracing:close": (
        lambda x: x.web.post(f"/tracing/{_tr(x, 'web_close')}/close/", {"reason": "Matrix"}),
        tracing_record(302),
    ),
    "api-v1:request_close": (
        lambda x: x.api.post(
            f"/api/v1/tracing-requests/{_tr(x, 'api_close')}/closure", {"reason": "Matrix"}
        ),
        tracing_record(200),
    ),
    # Duplicate records: seen with either record; merged by supervisors, then undone.
    # Cross-border exchange: peers for administrators; the agency's messages for those who
    # trace; the inbox and the public keys are open (a message proves itself by its signature).
    "exchange:home": (lambda x: x.web.get("/exchange/"), per_role(USER_MANAGE | TRACING, 200)),
    "exchange:peer_add": (lambda x: x.web.post("/exchange/peers/", {}), per_role(USER_MANAGE, 422)),
    "exchange:received": (
        lambda x: x.web.get(f"/exchange/received/{_inbox(x)}/"),
        tracing_record(200),
    ),
    # The matrix's message has no answer deadline: refused for those who see it.
    "exchange:answered": (
        lambda x: x.web.post(f"/exchange/received/{_inbox(x)}/answered/", {"note": "Answered"}),
        tracing_record(409),
    ),
    "exchange:alert": (
        lambda x: x.web.get(f"/exchange/cases/{_k(x)}/alert/"),
        record(CASE_READ, TRACING, 200),
    ),
    "exchange:tracing": (lambda x: x.web.get("/exchange/tracing/"), per_role(TRACING, 200)),
    "exchange:registration": (
        lambda x: x.web.get("/exchange/registration/"),
        per_role(TRACING, 200),
    ),
    # The matrix's message is an alert: not answered with a message.
    "exchange:reply": (
        lambda x: x.web.post(f"/exchange/received/{_inbox(x)}/reply/", {}),
        tracing_record(409),
    ),
    "exchange:case": (
        lambda x: x.web.get(f"/exchange/cases/{_k(x)}/"),
        record(CASE_READ, TRACING, 200),
    ),
    "exchange:case_registration": (
        lambda x: x.web.get(f"/exchange/cases/{_k(x)}/registration/"),
        record(CASE_READ, TRACING, 200),
    ),
    "exchange:send": (
        lambda x: x.web.get(f"/exchange/cases/{_k(x)}/send/transfer/"),
        record(CASE_READ, TRACING, 200),
    ),
    "exchange:query": (
        lambda x: x.web.get(f"/exchange/queries/{_query(x)}/"),
        tracing_record(200),
    ),
    # No legal basis chosen: refused for those who see the candidate, nothing sent.
    "exchange:match_confirm": (
        lambda x: x.web.post(f"/exchange/matches/{_match(x)}/confirm/", {}),
        tracing_record(422),
    ),
    "api-v1:registration_query_list": (
        lambda x: x.api.get("/api/v1/exchange/queries"),
        per_role(None, 200),
    ),
    "api-v1:registration_query_detail": (
        lambda x: x.api.get(f"/api/v1/exchange/queries/{_query(x)}"),
        tracing_record(200),
    ),
    "api-v1:registration_match_confirm": (
        lambda x: x.api.post(f"/api/v1/exchange/matches/{_match(x)}/confirm", {}),
        per_role(None, 422),
    ),
    "api-v1:registration_query_create": (
        lambda x: x.api.post("/api/v1/exchange/queries", {}),
        per_role(None, 422),
    ),
    "api-v1:case_registration_query_create": (
        lambda x: x.api.post(f"/api/v1/exchange/cases/{_k(x)}/queries", {}),
        per_role(None, 422),
    ),
    "api-v1:tracing_request_create": (
        lambda x: x.api.post("/api/v1/exchange/tracing-requests", {}),
        per_role(None, 422),
    ),
    "api-v1:missing_alert_create": (
        lambda x: x.api.post(f"/api/v1/exchange/cases/{_k(x)}/missing-alert", {}),
        per_role(None, 422),
    ),
    "api-v1:family_assessment_request_create": (
        lambda x: x.api.post(f"/api/v1/exchange/cases/{_k(x)}/family-assessment-request", {}),
        per_role(None, 422),
    ),
    "api-v1:return_arrangement_create": (
        lambda x: x.api.post(f"/api/v1/exchange/cases/{_k(x)}/return-arrangement", {}),
        per_role(None, 422),
    ),
    "api-v1:case_transfer_create": (
        lambda x: x.api.post(f"/api/v1/exchange/cases/{_k(x)}/case-transfer", {}),
        per_role(None, 422),
    ),
    # The matrix's message is an alert: neither answer fits it.
    "api-v1:family_assessment_answer_create": (
        lambda x: x.api.post(
            f"/api/v1/exchange/received/{_inbox(x)}/family-assessment-answer",
            {"recommendation": "inconclusive", "summary": "Matrix"},
        ),
        tracing_record(409),
    ),
    "api-v1:match_answer_create": (
        lambda x: x.api.post(
            f"/api/v1/exchange/received/{_inbox(x)}/match-answer", {"decision": "decline"}
        ),
        tracing_record(409),
    ),
    "exchange:jwks": (lambda x: x.web.get("/.well-known/jwks.json"), per_role(None, 200)),
    # For load balancers: the same answer signed in or not.
    "operations:healthz": (lambda x: x.web.get("/healthz"), per_role(None, 200)),
    "api-v1:inbox_receive": (
        lambda x: x.api.post("/api/v1/exchange/inbox", {}),
        per_role(None, 400),
    ),
    "api-v1:received_list": (
        lambda x: x.api.get("/api/v1/exchange/received"),
        per_role(None, 200),
    ),
    "api-v1:sent_list": (lambda x: x.api.get("/api/v1/exchange/sent"), per_role(None, 200)),
    "tracing:duplicates": (lambda x: x.web.get("/duplicates/"), per_role(CHILD_VIEW, 200)),
    "api-v1:duplicate_list": (lambda x: x.api.get("/api/v1/duplicates"), per_role(None, 200)),
    "tracing:duplicate": (
        lambda x: x.web.get(f"/duplicates/{_dup(x)}/"),
        lambda x: 200 if dup_visible(x) else 404,
    ),
    "api-v1:duplicate_merge": (
        lambda x: x.api.post(
            f"/api/v1/duplicates/{_dup(x)}/merge", {"keep": _c(x), "reason": "Matrix"}
        ),
        merge_expect,
    ),
    "api-v1:merge_detail": (
        lambda x: x.api.get(f"/api/v1/merges/{_merge(x)}"),
        lambda x: 200 if merged(x) else 404,
    ),
    "tracing:merge_undo": (
        lambda x: x.web.post(f"/merges/{_merge(x)}/undo/", {"reason": "Matrix"}),
        lambda x: 302 if merged(x) else 404,
    ),
    "api-v1:merge_undo": (
        lambda x: x.api.post(f"/api/v1/merges/{_merge(x)}/undo", {"reason": "Matrix"}),
        lambda x: 409 if merged(x) else 404,
    ),
    "api-v1:duplicate_rejection": (
        lambda x: x.api.post(f"/api/v1/duplicates/{_dup(x)}/rejection", {"reason": "Matrix"}),
        child_identity_write(200),
    ),
    "tracing:duplicate_reject": (
        lambda x: x.web.post(f"/duplicates/{_dup(x)}/reject/", {"reason": "Matrix"}),
        lambda x: 302 if dup_visible(x) else 404,
    ),
    "api-v1:child_guardian_list": (
        lambda x: x.api.get(f"/api/v1/children/{_c(x)}/guardians"),
        record(CHILD_READ, None, 200),
    ),
    # The actor is no guardian: the handover reaches validation and is refused there.
    "guardianship:handover": (
        lambda x: x.web.post(
            f"/children/{_c(x)}/guardian/handover/",
            {"guardian": x.actor.public_id, "reason": "Matrix"},
        ),
        holder(GUARDIAN_APPOINT, 302),
    ),
    "api-v1:child_guardian_handover": (
        lambda x: x.api.post(
            f"/api/v1/children/{_c(x)}/guardian/handover",
            {"guardian": str(x.actor.public_id), "reason": "Matrix"},
        ),
        holder(GUARDIAN_APPOINT, 422),
    ),
    # Keeps the guardian as it is (the actor is no guardian, or is this child's already).
    "guardianship:appoint": (
        lambda x: x.web.post(f"/children/{_c(x)}/guardian/", {"guardian": x.actor.public_id}),
        holder(GUARDIAN_APPOINT, 302),
    ),
    "api-v1:child_guardian_set": (
        lambda x: x.api.post(f"/api/v1/children/{_c(x)}/guardian", {"guardian": None}),
        holder(GUARDIAN_APPOINT, 200),
    ),
    "api-v1:child_break_glass_search": (
        lambda x: x.api.post("/api/v1/children/break-glass/search", {"q": "Matrix"}),
        per_role(BREAK_GLASS, 200),
    ),
    "api-v1:child_break_glass_create": (
        lambda x: x.api.post(
            f"/api/v1/children/{_c(x)}/break-glass", {"reason": "Matrix emergency check"}
        ),
        break_glass_expect,
    ),
    "web:user_deactivate": (
        lambda x: x.web.post(f"/users/{_colleague(x)}/deactivate/", {"confirm": "on"}),
        per_role(USER_MANAGE, 302),
    ),
    "web:logout": (lambda x: x.web.post("/logout/"), per_role(None, 302)),
    "web:language": (
        lambda x: x.web.post("/language/", {"language": "fr", "next": "/"}),
        per_role(None, 302),
    ),
    "api-v1:token_revoke": (
        lambda x: x.api.post("/api/v1/auth/token/revoke", {}),
        per_role(None, 204),
    ),
}


def _route_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _route_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_route_has_an_entry() -> None:
    assert _route_names(get_resolver().url_patterns) == set(ROUTES)


# The routes a referral receiver could use to make the shared child its own; each is refused.
WIDENING: dict[str, Request] = {
    "api case": lambda x: x.api.post("/api/v1/cases", {"child_id": _c(x)}),
    "web case": lambda x: x.web.post(f"/cases/new/{_c(x)}/", {"summary": "Widen"}),
    "api guardian": lambda x: x.api.post(
        f"/api/v1/children/{_c(x)}/guardian", {"guardian": str(x.actor.public_id)}
    ),
    "web guardian": lambda x: x.web.post(
        f"/children/{_c(x)}/guardian/", {"guardian": x.actor.public_id}
    ),
    "api handover": lambda x: x.api.post(
        f"/api/v1/children/{_c(x)}/guardian/handover",
        {"guardian": str(x.actor.public_id), "reason": "Widen"},
    ),
    "api merge": lambda x: x.api.post(
        f"/api/v1/duplicates/{_dup(x)}/merge", {"keep": _c(x), "reason": "Widen"}
    ),
}


def _widen(world: World, ctx: Ctx) -> list[str]:
    """Try every route that creates a relationship to the shared child, as the actor over HTTP
    and as the agency's supervisor through the services; return what was not refused."""
    unexpected = []
    for name, send in WIDENING.items():
        status = send(ctx).status_code
        if status not in (403, 404, 422):
            unexpected.append(f"widening by {name} {ctx.role}: got {status}")
    child, boss = ctx.target.child, world.supervisor
    guardian = world.user(f"g-{ctx.role}", RoleCode.GUARDIAN, world.agency, world.team)
    attempts: dict[str, Callable[[], object]] = {
        "case_open": lambda: case_open(actor=boss, child=child),
        "guardian_appoint": lambda: guardian_appoint(actor=boss, child=child, guardian=guardian),
        "guardian_handover": lambda: guardian_handover(
            actor=boss, child=child, guardian=guardian, reason="Widen"
        ),
        "child_merge": lambda: child_merge(
            actor=boss, kept=ctx.own.child, merged=child, reason="Widen"
        ),
    }
    for name, attempt in attempts.items():
        try:
            with transaction.atomic():
                attempt()
        except ApplicationError:
            continue
        unexpected.append(f"widening by {name}: not refused")
    # A tracing request of the actor's agency that finds the child, confirmed: the agency holding
    # the child is told; the requester gains nothing of the file.
    assert boss.agency is not None
    request = TracingRequest.objects.create(
        agency=boss.agency, created_by=boss, source="relative", relationship="mother",
        given_name="Widen",
    )  # fmt: skip
    match = TracingMatch.objects.create(request=request, child=child, score=0.9)
    tracing_match_decide(actor=boss, match=match, decision="confirmed")
    child.refresh_from_db()
    if Case.objects.filter(child=child, agency=world.agency).exists():
        unexpected.append("widening: the receiver holds a case of the child")
    if child.guardian_id is not None or child.agency_id != world.other_agency.pk:
        unexpected.append("widening: the child's guardian or holder changed")
    return unexpected


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, role: str, relation: str) -> None:
    unexpected: list[str] = []
    actor = world.user(f"{role}-{relation}", RoleCode(role), world.agency, world.team)
    outside = relation in {"other_agency", "guardian", *REFERRALS}
    creator = world.caseworker2 if outside else world.caseworker
    own = build_target(world, "own", actor, creator=world.caseworker)
    target = own if relation == "own" else build_target(world, relation, actor, creator=creator)
    ctx = Ctx(role, relation, actor, web_client(actor), ApiClient(actor.username), target, own)
    if relation == "referral_widened":
        unexpected += _widen(world, ctx)
    for name, (send, expect) in ROUTES.items():
        status = send(ctx).status_code
        wanted = expect(ctx)
        if status != wanted:
            unexpected.append(f"{name} {role}/{relation}: got {status}, expected {wanted}")
    assert not unexpected, "\n".join(unexpected)
