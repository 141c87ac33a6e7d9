"""The authorisation expectations, written out as data, and the records they are tested on.

One table for both tests of it: the matrix of every route over HTTP
(test_authorization_matrix.py) and the access functions called directly
(test_access_functions.py). Each expectation takes a role and the role's relationship to the
record, and answers the HTTP status the matrix expects; 404 is a record out of sight.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kinhaven.accounts.enums import CASEWORK_ROLES, RoleCode
from kinhaven.accounts.models import User
from kinhaven.ages.models import AgeAssessment
from kinhaven.ages.schemas import AgeRequestIn
from kinhaven.ages.services import age_assessment_request
from kinhaven.bestinterests.models import AssessmentVersion, BestInterestsAssessment
from kinhaven.bestinterests.schemas import AssessmentVersionIn
from kinhaven.bestinterests.services import bia_version_record, bia_version_submit
from kinhaven.bestinterests.tests.factories import VERSION as BIA_VERSION
from kinhaven.care.models import Placement
from kinhaven.care.schemas import PlacementIn
from kinhaven.care.services import placement_start
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open
from kinhaven.children.grants import child_access_grant
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conferences.models import ActionItem
from kinhaven.conferences.services import ActionIn, ParticipantIn, conference_record
from kinhaven.conftest import World
from kinhaven.core import time
from kinhaven.dataprotection.models import DataConsent
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.services import deadline_start
from kinhaven.exchange.models import InboxMessage, Peer, RegistrationMatch, RegistrationQuery
from kinhaven.intake.enums import Channel
from kinhaven.intake.models import Report
from kinhaven.intake.schemas import ReportIn
from kinhaven.intake.services import report_submit, report_triage
from kinhaven.interviews.custody import custody_append
from kinhaven.interviews.enums import CustodyAction, RecordingStatus
from kinhaven.interviews.media import SEGMENT_SIZE, new_key, new_storage_name
from kinhaven.interviews.models import Interview, Recording
from kinhaven.interviews.recordings import segment_store
from kinhaven.legal.enums import PermitBasis, TaskKind
from kinhaven.legal.models import LegalTask, Proceeding, ResidencePermit
from kinhaven.legal.schemas import ProceedingFieldsIn
from kinhaven.legal.services import proceeding_add
from kinhaven.missing.models import Episode
from kinhaven.missing.schemas import CloseIn, EpisodeReportIn
from kinhaven.missing.services import episode_close, episode_report
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.models import Notification
from kinhaven.notifications.services import notify
from kinhaven.plans.models import PlanAction
from kinhaven.plans.schemas import PlanActionIn, PlanGoalIn
from kinhaven.plans.services import case_plan_action_add, case_plan_goal_add, case_plan_submit
from kinhaven.referrals.models import Referral
from kinhaven.referrals.services import referral_create
from kinhaven.solutions.models import Plan as SolutionPlan
from kinhaven.solutions.models import PlanStep
from kinhaven.solutions.schemas import PlanIn, PlanStepIn
from kinhaven.solutions.services import plan_create, plan_step_add
from kinhaven.tracing.models import DuplicateCandidate, TracingMatch, TracingRequest

ROLES = [r.value for r in RoleCode]
# "referral_widened": another agency's child shared with the actor's agency by referral, after
# the actor and the agency's supervisor tried every route that could widen that access (a case,
# a guardian, a merge, a tracing confirmation); it must give exactly what "referral" gives.
RELATIONS = [
    "own",
    "same_agency",
    "unassigned",
    "other_agency",
    "guardian",
    "referral",
    "referral_widened",
]
REFERRALS = {"referral", "referral_widened"}

_WORKERS = {"own", "guardian", *REFERRALS}
CHILD_READ: dict[str, set[str]] = {
    "frontline_responder": _WORKERS,
    "hotline_operator": set(),
    "caseworker": _WORKERS,
    "guardian": _WORKERS,
    "police_investigator": _WORKERS,
    "supervisor": {"own", "same_agency", "unassigned", "guardian", *REFERRALS},
    "analyst": set(),
    "national_coordinator": set(),
    "administrator": set(),
    "auditor": set(),
}
# A referral shares parts of the child's file, never the referring agency's case.
CASE_READ = {role: relations - REFERRALS for role, relations in CHILD_READ.items()}

CHILD_REGISTER = {"frontline_responder", "caseworker", "supervisor", "police_investigator"}
CHILD_EDIT = {"caseworker", "supervisor", "guardian"}
GUARDIAN_APPOINT = {"supervisor"}
CASE_OPEN = {"frontline_responder", "caseworker", "supervisor", "police_investigator"}
CASE_EDIT = {"caseworker", "supervisor", "guardian", "police_investigator"}
CASE_TRANSITION = {"caseworker", "supervisor"}
BREAK_GLASS = {"supervisor", "police_investigator"}
AUDIT = {"auditor"}
USER_MANAGE = {"administrator"}
REPORT_SUBMIT = {
    "frontline_responder",
    "hotline_operator",
    "caseworker",
    "supervisor",
    "police_investigator",
}
REPORT_TRIAGE = {"hotline_operator", "caseworker", "supervisor"}
REPORT_DECIDE = {"caseworker", "supervisor"}
REPORT_CONVERT = {"caseworker", "supervisor"}
DUTY = {"supervisor"}
SERVICE_MANAGE = {"supervisor", "administrator"}
REFERRAL_RESPOND = {"caseworker", "supervisor"}
DEADLINE_COMPLETE = {"caseworker", "supervisor"}
# Which sections of a child's file each role reads and writes where it has a relationship.
_ALL = {"identity", "location", "health", "interviews", "legal", "care"}
SECTIONS_READ: dict[str, set[str]] = {
    "frontline_responder": {"identity", "location"},
    "hotline_operator": set(),
    "caseworker": _ALL,
    "supervisor": _ALL,
    "guardian": _ALL,
    "police_investigator": {"identity", "location", "interviews"},
    "analyst": set(),
    "national_coordinator": set(),
    "administrator": set(),
    "auditor": set(),
}
SECTIONS_WRITE: dict[str, set[str]] = {
    "frontline_responder": {"identity", "location"},
    "hotline_operator": set(),
    "caseworker": _ALL,
    "supervisor": _ALL,
    "guardian": {"identity", "legal", "care"},
    "police_investigator": {"identity", "interviews"},
    "analyst": set(),
    "national_coordinator": set(),
    "administrator": set(),
    "auditor": set(),
}
# The sections a referral here shares with the receiving agency.
SHARED = {"identity", "health"}
LEGAL_READ = {role for role, sections in SECTIONS_READ.items() if "legal" in sections}
LEGAL_WRITE = {role for role, sections in SECTIONS_WRITE.items() if "legal" in sections}
TRACING = {"caseworker", "supervisor"}
# Who records identification decisions (identification.decide); the default identification
# rule lets all of them record preliminary decisions.
IDENTIFICATION_DECIDE = {"caseworker", "supervisor", "police_investigator"}
CHILD_VIEW = {"frontline_responder", "caseworker", "supervisor", "guardian", "police_investigator"}
MERGE = {"supervisor"}
INSIDE = {"own", "same_agency", "unassigned"}
# Age assessment: who asks for one (and records an appeal or a withdrawal), who decides.
AGE_REQUEST = {"frontline_responder", "caseworker", "supervisor", "police_investigator"}
AGE_DECIDE = {"caseworker", "supervisor"}
STATS = {"analyst", "national_coordinator"}
CASE_VIEW = {"frontline_responder", "caseworker", "supervisor", "guardian", "police_investigator"}
# Who sends and answers transfers of whole cases (case.transfer).
CASE_TRANSFER = {"caseworker", "supervisor"}


class Who(Protocol):
    """Whom an expectation is about: a role and its relationship to the record."""

    @property
    def role(self) -> str: ...

    @property
    def relation(self) -> str: ...


@dataclass(frozen=True)
class Pair:
    role: str
    relation: str


@dataclass
class Target:
    child: Child
    case: Case
    # One report for the path through triage, and one for each way of closing.
    reports: dict[str, Report]
    deadlines: dict[str, Deadline]
    notifications: dict[str, Notification]
    # Referrals to the agency that is not the case's, one for each way of answering.
    referrals: dict[str, Referral]
    # Tasks from a case conference, owned by the actor.
    tasks: dict[str, ActionItem]
    proceeding: Proceeding
    # Tracing requests taken by the creator's agency, each with a match to the child.
    tracing: dict[str, TracingRequest]
    # A possible duplicate: the child and a second record placed the same way.
    duplicate: DuplicateCandidate
    # Age assessments asked for by the creator: "api" of the child, "web" of its twin.
    ages: dict[str, AgeAssessment]
    # The child's placement (kinship care), made by the creator: the one current placement.
    placement: Placement
    # BIA versions by the creator: a "draft" of the child's, a "submitted" one of the twin's.
    bia: dict[str, AssessmentVersion]
    # A residence permit of the child, and tasks on its legal tracks owned by someone else.
    permit: ResidencePermit | None = None
    # Missing episodes reported by the creator: "web" of the child, "api" of the twin.
    episodes: dict[str, Episode] = field(default_factory=dict)
    legal_tasks: dict[str, LegalTask] = field(default_factory=dict)
    # The child's durable-solution plan in draft, by the creator, with a step owned by the
    # creator for each of "web" and "api".
    plan: SolutionPlan | None = None
    plan_steps: dict[str, PlanStep] = field(default_factory=dict)
    # A message from a partner instance, received for the agency holding the case.
    exchange_message: InboxMessage | None = None
    # An encoded query the agency holding the case sent, with one candidate answered.
    exchange_query: RegistrationQuery | None = None
    exchange_match: RegistrationMatch | None = None
    # Interviews of the child planned by the creator, on two matters ("web" and "api").
    interviews: dict[str, Interview] = field(default_factory=dict)
    # Consents to data processing of the child, by the creator ("web" and "api").
    consents: dict[str, DataConsent] = field(default_factory=dict)
    # A complete recording of each of those interviews, received from the creator.
    recordings: dict[str, Recording] = field(default_factory=dict)
    # The case's plan, submitted by the creator: one action for each of "web" and "api", owned
    # by the actor when the actor is of the agency holding the case.
    case_plan_actions: dict[str, PlanAction] = field(default_factory=dict)


def record(read: dict[str, set[str]], cap: set[str] | None, ok: int) -> Callable[[Who], int]:
    """Expected status for a record route: 404 out of sight, 403 without the capability."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in read[ctx.role]:
            return 404
        if cap is not None and ctx.role not in cap:
            return 403
        return ok

    return expect


def child_identity_write(ok: int) -> Callable[[Who], int]:
    """Changing a child's identity (or judging a pair of records by it): 404 out of sight, 403
    without child.edit or through a relationship that only reads (a referral)."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in CHILD_READ[ctx.role]:
            return 404
        return ok if ctx.role in CHILD_EDIT and "identity" in sections_write(ctx) else 403

    return expect


PLAN_APPROVE = {"supervisor"}


def plan_write(ok: int, waiting: int | None = None) -> Callable[[Who], int]:
    """A write on a case's plan: the case's readers reach it; the caseworkers of the agency
    holding the case write it. The plan starts submitted by the creator, and only a supervisor
    approves it on the way (plans:decide): `waiting` is the answer the others get while it
    still waits."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in CASE_READ[ctx.role]:
            return 404
        if ctx.role not in CASE_EDIT or ctx.relation not in INSIDE:
            return 403
        if waiting is not None and ctx.role not in PLAN_APPROVE:
            return waiting
        return ok

    return expect


def plan_action_done(ok: int) -> Callable[[Who], int]:
    """Marking done an action the actor owns (inside the agency holding the case)."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in CASE_READ[ctx.role]:
            return 404
        return ok if ctx.relation in INSIDE else 403

    return expect


def plan_decide(ok: int) -> Callable[[Who], int]:
    """A supervisor of the agency holding the case decides on the creator's submission."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in CASE_READ[ctx.role]:
            return 404
        if ctx.role not in PLAN_APPROVE or ctx.relation not in INSIDE:
            return 403
        return ok

    return expect


def per_role(cap: set[str] | None, ok: int, denied: int = 403) -> Callable[[Who], int]:
    def expect(ctx: Who) -> int:
        return ok if cap is None or ctx.role in cap else denied

    return expect


def case_create_expect(ctx: Who) -> int:
    # The child must be visible first: an unknown child is a field error, not a hint.
    if ctx.relation not in CHILD_READ[ctx.role]:
        return 422
    return holder(CASE_OPEN, 201)(ctx)


def holder(cap: set[str], ok: int) -> Callable[[Who], int]:
    """A step that makes a relationship to the child (a case, a guardian): only the agency that
    holds the child's record takes it; a guardian, a referral or break-glass never does."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in CHILD_READ[ctx.role]:
            return 404
        if ctx.role not in cap or ctx.relation not in INSIDE:
            return 403
        return ok

    return expect


def report_visible(ctx: Who) -> bool:
    """Triagers see their agency's reports; whoever took a report sees it."""
    if ctx.role in REPORT_TRIAGE and ctx.relation in INSIDE:
        return True
    return ctx.relation == "own" and ctx.role in REPORT_SUBMIT


def report_record(cap: set[str] | None, ok: int) -> Callable[[Who], int]:
    def expect(ctx: Who) -> int:
        if not report_visible(ctx):
            return 404
        return ok if cap is None or ctx.role in cap else 403

    return expect


def referral_visible(ctx: Who) -> bool:
    """The sending agency sees a referral with its case; the receiving agency's responders too;
    so does the child's guardian. Targets inside the actor's agency are sent by it; the others
    are sent to it."""
    if ctx.relation in INSIDE or ctx.relation == "guardian":
        if ctx.relation in CASE_READ[ctx.role]:
            return True
    return ctx.relation not in INSIDE and ctx.role in REFERRAL_RESPOND


def referral_record(ok: int) -> Callable[[Who], int]:
    return lambda ctx: ok if referral_visible(ctx) else 404


def referral_answer(ok: int) -> Callable[[Who], int]:
    """Only the receiving agency's responders answer; the sender is refused."""

    def expect(ctx: Who) -> int:
        if not referral_visible(ctx):
            return 404
        return ok if ctx.relation not in INSIDE and ctx.role in REFERRAL_RESPOND else 403

    return expect


def transfer_send(ok: int) -> Callable[[Who], int]:
    """Only the agency that holds the case transfers it, by its holders of case.transfer; a
    case out of sight is not found."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in CASE_READ[ctx.role]:
            return 404
        if ctx.role not in CASE_TRANSFER or ctx.relation not in INSIDE:
            return 403
        return ok

    return expect


def transfer_party(ok: int) -> Callable[[Who], int]:
    """A transfer to the actor's agency, or one sent by it of a case of the actor's team: only
    the holders of case.transfer see it (and take their side's move); others find nothing."""
    return lambda ctx: ok if ctx.role in CASE_TRANSFER else 404


def proceeding_visible(ctx: Who) -> bool:
    """Proceedings are in the legal section; the referral here shares identity and health."""
    return (
        ctx.relation in CHILD_READ[ctx.role]
        and ctx.role in LEGAL_READ
        and ctx.relation not in REFERRALS
    )


def proceeding_write(ok: int, *, visible: Callable[[Who], bool]) -> Callable[[Who], int]:
    def expect(ctx: Who) -> int:
        if not visible(ctx):
            return 404
        writes = ctx.role in CHILD_EDIT and ctx.role in LEGAL_WRITE
        return ok if writes and proceeding_visible(ctx) else 403

    return expect


def tracing_record(ok: int) -> Callable[[Who], int]:
    return lambda ctx: ok if tracing_visible(ctx) else 404


def dup_visible(ctx: Who) -> bool:
    return ctx.relation in CHILD_READ[ctx.role]


def merge_expect(ctx: Who) -> int:
    """Supervisors merge records whose identity they may change: their own agency's, not those
    they see as a guardian or by referral."""
    if not dup_visible(ctx):
        return 404
    return 201 if ctx.role in MERGE and ctx.relation in INSIDE else 403


def break_glass_expect(ctx: Who) -> int:
    """Break-glass reaches the actor's agency's records; another agency's only where that agency
    agreed (no agreement here), and otherwise answers like a missing record."""
    if ctx.role not in BREAK_GLASS:
        return 403
    return 201 if ctx.relation in INSIDE else 404


def sections_read(ctx: Who) -> set[str]:
    """The sections of the child's file the role reads in this relationship: all of the role's
    through the agency or as guardian, those shared by a referral, none out of sight."""
    if ctx.relation not in CHILD_READ[ctx.role]:
        return set()
    if ctx.relation in REFERRALS:
        return SECTIONS_READ[ctx.role] & SHARED
    return SECTIONS_READ[ctx.role]


def sections_write(ctx: Who) -> set[str]:
    # A referral shares sections to be read: the receiving agency writes none of the file.
    if ctx.relation not in CHILD_READ[ctx.role] or ctx.relation in REFERRALS:
        return set()
    return SECTIONS_WRITE[ctx.role]


def identification_read(ok: int) -> Callable[[Who], int]:
    """The identification is read with the legal section, or by who records decisions for the
    agency holding the record; others who see the child are refused."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in CHILD_READ[ctx.role]:
            return 404
        if "legal" in sections_read(ctx):
            return ok
        return ok if ctx.role in IDENTIFICATION_DECIDE and ctx.relation in INSIDE else 403

    return expect


# Best interests: read and written with the care section; a supervisor approves and determines.
BI_APPROVE = {"supervisor"}


def bi_visible(ctx: Who) -> bool:
    """Best-interests records are read with the child's care section."""
    return "care" in sections_read(ctx)


def bi_write(
    cap: set[str], ok: Callable[[Who], int] | int, *, on_child: bool = False
) -> Callable[[Who], int]:
    """A write on best interests: only the agency holding the child's record, with the
    capability and the care section written. A write on a record is not found without the care
    section; one on the child (`on_child`, a determination) is refused once the child is seen."""

    def expect(ctx: Who) -> int:
        hidden = ctx.relation not in CHILD_READ[ctx.role] if on_child else not bi_visible(ctx)
        if hidden:
            return 404
        if ctx.role not in cap or ctx.relation not in INSIDE or "care" not in sections_write(ctx):
            return 403
        return ok(ctx) if callable(ok) else ok

    return expect


def age_visible(ctx: Who) -> bool:
    """An age assessment is read with the child's identity section."""
    return "identity" in sections_read(ctx)


def age_write(cap: set[str], ok: int, *, flow: bool = True) -> Callable[[Who], int]:
    """A step on an assessment: only the agency holding the child's record takes it, with the
    capability. In the matrix the assessment walks its path (method, decision, notice, appeal);
    where the actor may ask but not decide (`flow`), it is still only requested, and an appeal or
    a second request meets it: 409."""

    def expect(ctx: Who) -> int:
        if not age_visible(ctx):
            return 404
        if ctx.role not in cap or ctx.relation not in INSIDE:
            return 403
        return ok if not flow or ctx.role in AGE_DECIDE else 409

    return expect


def care_visible(ctx: Who) -> bool:
    """Placements are read with the best interests and care section of the child's file."""
    return "care" in sections_read(ctx)


def care_writes(ctx: Who) -> bool:
    return ctx.role in CHILD_EDIT and "care" in sections_write(ctx)


def care_start(ok: int) -> Callable[[Who], int]:
    """Placing the child: on a child in sight, by those who edit records and write the care
    section. In the matrix the child is placed already until the web form ends the placement:
    a start before that meets the database's one current placement (409)."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in CHILD_READ[ctx.role]:
            return 404
        return ok if care_writes(ctx) else 403

    return expect


def care_write(ok: int) -> Callable[[Who], int]:
    """A write on a placement in sight (the care section read): by those who write it."""

    def expect(ctx: Who) -> int:
        if not care_visible(ctx):
            return 404
        return ok if care_writes(ctx) else 403

    return expect


def solutions_decide(ok: int, *, on_child: bool = False) -> Callable[[Who], int]:
    """A decision on durable solutions (a plan adopted or closed, a departure): by those who
    approve best interests (supervisors) and write the care section. One on a plan is not found
    without the care section read; one on the child is refused once the child is seen."""

    def expect(ctx: Who) -> int:
        hidden = ctx.relation not in CHILD_READ[ctx.role] if on_child else not care_visible(ctx)
        if hidden:
            return 404
        decides = ctx.role in BI_APPROVE and "care" in sections_write(ctx)
        return ok if decides else 403

    return expect


def missing_visible(ctx: Who) -> bool:
    """Missing episodes are read with the location section of the child's file."""
    return "location" in sections_read(ctx)


def missing_writes(ctx: Who) -> bool:
    return ctx.role in CASE_EDIT and "location" in sections_write(ctx)


def missing_report(ok: int) -> Callable[[Who], int]:
    """Reporting the child missing: on a child in sight, by those who edit cases and write the
    location section."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in CHILD_READ[ctx.role]:
            return 404
        return ok if missing_writes(ctx) else 403

    return expect


def missing_write(ok: int) -> Callable[[Who], int]:
    """A write on an episode in sight (the location section read): by those who write it."""

    def expect(ctx: Who) -> int:
        if not missing_visible(ctx):
            return 404
        return ok if missing_writes(ctx) else 403

    return expect


INTERVIEW_PLAN = {"caseworker", "supervisor", "police_investigator"}
INTERVIEW_APPROVE = {"supervisor"}


def interviews_visible(ctx: Who) -> bool:
    """Interviews are read with the interviews section of the child's file."""
    return "interviews" in sections_read(ctx)


def interview_write(ok: int, cap: set[str] = INTERVIEW_PLAN) -> Callable[[Who], int]:
    """A write on an interview in sight: by a role with the capability that writes the section."""

    def expect(ctx: Who) -> int:
        if not interviews_visible(ctx):
            return 404
        return ok if ctx.role in cap and "interviews" in sections_write(ctx) else 403

    return expect


def interview_plan_expect(ok: int) -> Callable[[Who], int]:
    """Planning under a child in sight: by those who plan and write the interviews section."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in CHILD_READ[ctx.role]:
            return 404
        return ok if ctx.role in INTERVIEW_PLAN and "interviews" in sections_write(ctx) else 403

    return expect


def interview_list_expect(ctx: Who) -> int:
    if ctx.relation not in CHILD_READ[ctx.role]:
        return 404
    return 200 if interviews_visible(ctx) else 403


CHILD_DATA_EXPORT = {"supervisor"}


def identity_page(ctx: Who) -> int:
    """A page of the identity section: 404 out of sight, 403 without the section."""
    if ctx.relation not in CHILD_READ[ctx.role]:
        return 404
    return 200 if "identity" in sections_read(ctx) else 403


def consent_write(ok: int) -> Callable[[Who], int]:
    def expect(ctx: Who) -> int:
        if ctx.relation not in CHILD_READ[ctx.role]:
            return 404
        if "identity" not in sections_read(ctx):
            return 403
        return ok if ctx.role in CHILD_EDIT and "identity" in sections_write(ctx) else 403

    return expect


def export_expect(ok: int, *, page: bool = True) -> Callable[[Who], int]:
    """The export: by supervisors of the agency holding the record."""

    def expect(ctx: Who) -> int:
        if ctx.relation not in CHILD_READ[ctx.role]:
            return 404
        if page and "identity" not in sections_read(ctx):
            return 403
        return ok if ctx.role in CHILD_DATA_EXPORT and ctx.relation in INSIDE else 403

    return expect


def tracing_visible(ctx: Who) -> bool:
    """Tracing requests are seen by those who trace, in the agency that took them."""
    return ctx.role in TRACING and ctx.relation in INSIDE


def _recording(interview: Interview, creator: User) -> Recording:
    """A complete recording of a few bytes, made directly: the creator need not write the
    interviews section."""
    data = b"ID3" + bytes(61)
    wrapped, prefix = new_key()
    recording = Recording.objects.create(
        interview=interview,
        media_type="audio/mpeg",
        size=len(data),
        received=len(data),
        storage_name=new_storage_name(),
        wrapped_key=wrapped,
        nonce_prefix=prefix,
        segment_size=SEGMENT_SIZE,
        uploaded_by=creator,
    )
    store = segment_store(recording)
    store.write(0, data)
    recording.status, recording.sha256 = RecordingStatus.COMPLETE, store.sha256()
    recording.save()
    custody_append(recording=recording, action=CustodyAction.INGEST, actor=creator)
    return recording


def build_target(world: World, relation: str, actor: User, *, creator: User) -> Target:
    child = child_register(actor=creator, data=ChildIn(given_name=f"T-{relation}"))
    case = case_open(actor=creator, child=child)
    # Sent while the creator holds the case, before it is placed for the relation.
    receiver = world.other_agency if creator.agency == world.agency else world.agency
    referrals = {
        which: referral_create(
            actor=creator,
            case=case,
            to_agency=receiver,
            service_kind="health",
            reason="Matrix referral",
            urgency="normal",
            sections=["identity"],
            consent="child_consent",
        )
        for which in ("web", "api")
    }
    conference = conference_record(
        actor=creator,
        case=case,
        held_at=case.created_at,
        purpose="Matrix conference",
        child_heard=False,
        participants=[ParticipantIn(role="caseworker", user=creator)],
        actions=[
            ActionIn(description=f"Matrix {which}", owner=actor, due_on=case.created_at.date())
            for which in ("web", "api")
        ],
    )
    tasks = {a.description.split()[-1]: a for a in conference.actions.all()}
    proceeding = proceeding_add(
        actor=creator,
        child=child,
        data=ProceedingFieldsIn(track="criminal", status="investigation"),
    )
    doubt = AgeRequestIn(trigger="statements", reason="Matrix doubt")
    ages = {"api": age_assessment_request(actor=creator, child=child, data=doubt)}
    placement: dict[str, dict[str, Any]] = {
        "own": {"assigned_to": actor, "team": actor.team},
        "same_agency": {"assigned_to": world.other_team_worker, "team": world.other_team},
        "unassigned": {"assigned_to": None, "team": None},
    }
    twin = child_register(actor=creator, data=ChildIn(given_name=f"T-{relation}-twin"))
    twin_case = case_open(actor=creator, child=twin)
    ages["web"] = age_assessment_request(actor=creator, child=twin, data=doubt)
    placed = placement_start(
        actor=creator,
        child=child,
        data=PlacementIn(
            kind="kinship",
            carer_name="Matrix carer",
            started_on=time.today(),
            start_reason="Matrix placement",
        ),
    )
    bia_data = AssessmentVersionIn.model_validate(BIA_VERSION)
    bia = {
        which: bia_version_record(
            actor=creator, assessment=BestInterestsAssessment.objects.get(case=c), data=bia_data
        )
        for which, c in (("draft", case), ("submitted", twin_case))
    }
    bia_version_submit(actor=creator, version=bia["submitted"])
    # Made while the creator holds the case, before it is placed for the relation.
    plan = plan_create(
        actor=creator,
        child=child,
        data=PlanIn(solution="local_integration", goals="Matrix plan"),
    )
    plan_steps = {
        which: plan_step_add(
            actor=creator,
            plan=plan,
            data=PlanStepIn(
                what=f"Matrix {which}", owner_id=creator.public_id, due_on=time.today()
            ),
        )
        for which in ("web", "api")
    }
    # Reported while the creator holds the case, a day after the child was last seen.
    gone = EpisodeReportIn(
        last_seen_at=time.now() - dt.timedelta(days=1),
        last_seen_place="Matrix",
        description="Matrix",
        confirm=True,
    )
    episodes = {
        which: episode_report(actor=creator, child=record_, data=gone)
        for which, record_ in (("web", child), ("api", twin))
    }
    # The twin's episode is closed: a merge of the twin into the child keeps one open episode.
    episodes["api"] = episode_close(
        actor=creator, episode=episodes["api"], data=CloseIn(reason="other", notes="Matrix")
    )
    Case.objects.filter(pk__in=[case.pk, twin_case.pk]).update(**placement.get(relation, {}))
    if relation == "guardian":
        Child.objects.filter(pk__in=[child.pk, twin.pk]).update(guardian=actor)
    if relation in REFERRALS:
        for record_ in (child, twin):
            child_access_grant(
                actor=creator, child=record_, agency=world.agency, sections=sorted(SHARED)
            )
    low, high = sorted([child.pk, twin.pk])
    # The check at registration may have proposed the pair already (the names are alike).
    duplicate, _created = DuplicateCandidate.objects.update_or_create(
        child_a_id=low, child_b_id=high, defaults={"score": 0.9, "source": "batch"}
    )
    tracing = {}
    assert creator.agency is not None
    for which in ("web", "api", "web_close", "api_close"):
        request = TracingRequest.objects.create(
            agency=creator.agency,
            created_by=creator,
            source="relative",
            relationship="mother",
            given_name="Matrix",
        )
        TracingMatch.objects.create(request=request, child=child, score=0.9)
        tracing[which] = request
    case.refresh_from_db()
    child.refresh_from_db()
    reports = {}
    for which in ("main", "web_close", "api_close", "api_decide"):
        report, _new = report_submit(
            channel=Channel.HOTLINE, actor=creator, data=ReportIn(what_happened="Matrix report")
        )
        if relation == "own":
            Report.objects.filter(pk=report.pk).update(submitted_by=actor)
        reports[which] = report
    # A decision on a report is taken once before it opens a case: the API decides on its own.
    report_triage(actor=creator, report=reports["api_decide"], urgency="concern")
    deadlines = {
        which: deadline_start(code=code, agency=case.agency, case=case, starts_at=case.created_at)
        for which, code in (
            ("web", DeadlineCode.PERMIT_RENEWAL),
            ("api", DeadlineCode.CASE_REVIEW),
        )
    }
    notifications = {
        which: notify(recipients=[actor], kind=NotificationKind.BREAK_GLASS, title="M", path="/")[0]
        for which in ("web", "api")
    }
    target = Target(
        child,
        case,
        reports,
        deadlines,  # type: ignore[arg-type]  # deadline_start finds every default rule
        notifications,
        referrals,
        tasks,
        proceeding,
        tracing,
        duplicate,
        ages,
        placed,
        bia,
    )
    target.episodes = episodes
    target.consents = {
        which: DataConsent.objects.create(
            child=child,
            points={"consents_to_interview": True},
            given_by="child",
            purpose="Matrix",
            retention="Matrix",
            language="en",
            recorded_on=time.today(),
            recorded_by=creator,
        )
        for which in ("web", "api")
    }
    # Made directly, like the permit: the creator need not write the interviews section.
    target.interviews = {
        which: Interview.objects.create(
            child=child,
            case=case,
            matter=f"Matrix {which}",
            purpose="Matrix",
            planned_at=time.now() + dt.timedelta(days=1),
            room="Matrix",
            interviewer_name="Matrix",
            interviewer_role="police",
            interviewer_training="Matrix",
            interviewer_trained_on=time.today(),
            planned_by=creator,
        )
        for which in ("web", "api")
    }
    target.recordings = {
        which: _recording(interview, creator) for which, interview in target.interviews.items()
    }
    # Made directly: the creator need not write the legal section.
    target.permit = ResidencePermit.objects.create(
        child=child,
        basis=PermitBasis.HUMANITARIAN,
        granted_on=case.created_at.date(),
        recorded_by=creator,
    )
    target.plan, target.plan_steps = plan, plan_steps
    # Only casework staff own an action of a plan.
    inside = actor.agency_id == case.agency_id and actor.role_code in CASEWORK_ROLES
    owner = actor if inside else creator
    case_plan_goal_add(actor=creator, case=case, data=PlanGoalIn(description="Matrix goal"))
    target.case_plan_actions = {
        which: case_plan_action_add(
            actor=creator,
            case=case,
            data=PlanActionIn(
                description=f"Matrix {which}", owner_id=owner.public_id, due_on=time.today()
            ),
        )
        for which in ("web", "api")
    }
    case_plan_submit(actor=creator, case=case)
    task_owner = User.objects.create(username=f"matrix-owner-{relation}")
    target.legal_tasks = {
        which: LegalTask.objects.create(
            child=child,
            kind=TaskKind.INDEPENDENT_BASIS,
            owner=task_owner,
            due_on=case.created_at.date(),
            proceeding=proceeding if which == "api" else None,
        )
        for which in ("web", "api")
    }
    peer, _new = Peer.objects.get_or_create(
        instance_id="kinhaven-matrix",
        defaults={
            "base_url": "http://127.0.0.1:9",
            "country": "DEU",
            "signing_thumbprint": "m" * 43,
            "jwks": {"keys": []},
            "agency": case.agency,
        },
    )
    target.exchange_message = InboxMessage.objects.create(
        peer=peer,
        jti=uuid.uuid4(),
        digest="0" * 64,
        kind="missing_alert",
        legal_basis="missing_child",
        purpose="locate_missing_child",
        issued_at=case.created_at,
        expires_at=case.created_at,
        body={"alert_ref": "A-matrix"},
        agency=case.agency,
    )
    target.exchange_query = RegistrationQuery.objects.create(
        query_id=uuid.uuid4().hex,
        peer=peer,
        agency=case.agency,
        asked_by=creator,
        case=case,
        legal_basis="child_protection",
        people=1,
    )
    target.exchange_match = RegistrationMatch.objects.create(
        query=target.exchange_query, handle="h-matrix", score=0.9
    )
    return target
