"""Load fictional demo agencies, users, children and cases, once."""

from __future__ import annotations

import base64
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pycountry
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from kinhaven.accounts.enums import OrganisationType, RoleCode
from kinhaven.accounts.models import Team, User
from kinhaven.accounts.otp import demo_secret, totp_device_set
from kinhaven.accounts.services import (
    agency_create,
    roles_ensure_defaults,
    team_create,
    user_create,
)
from kinhaven.bestinterests.models import AssessmentVersion, BestInterestsAssessment
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
    disciplines_ensure_defaults,
)
from kinhaven.care.schemas import PlacementIn, VisitIn
from kinhaven.care.services import placement_start, placement_visit_record
from kinhaven.cases.enums import OPEN_STATUSES, CaseStatus
from kinhaven.cases.models import Case
from kinhaven.cases.moves import case_move_allowed
from kinhaven.cases.schemas import ClosureDecisionIn
from kinhaven.cases.services import (
    case_closure_decide,
    case_closure_pending,
    case_open,
    case_set_missing,
    case_transition,
)
from kinhaven.children.enums import BirthRegistration, Sex, VulnerabilityFactor
from kinhaven.children.grants import child_access_grant
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.selectors import name_search_q
from kinhaven.children.services import child_register
from kinhaven.core import time
from kinhaven.core.commands import KinhavenCommand
from kinhaven.core.errors import ApplicationError
from kinhaven.demo.data import (
    DEMO_ACCOUNTS,
    DEMO_ASSESSMENT,
    DEMO_DETERMINATION,
    DEMO_EXPLOITATION_WEIGHTS,
    DEMO_REFERRAL_REASONS,
    DEMO_REPORTS,
    DEMO_SERVICES,
    ORIGINS,
)
from kinhaven.guardianship.models import GuardianAppointment
from kinhaven.guardianship.services import child_guardian_appoint
from kinhaven.identification.enums import DecisionMakingOrg, TraffickingStatus
from kinhaven.identification.models import IdentificationDecision
from kinhaven.intake.enums import Accompanied, AgeStatus, Channel, Urgency
from kinhaven.intake.models import Report
from kinhaven.intake.schemas import ReportIn
from kinhaven.intake.services import (
    report_convert,
    report_decide,
    report_submit,
    report_triage,
)
from kinhaven.legal.schemas import PermitFieldsIn, ProceedingFieldsIn
from kinhaven.legal.services import permit_add, proceeding_add
from kinhaven.plans.schemas import PlanActionIn, PlanDecisionIn, PlanGoalIn, PlanReviewDateIn
from kinhaven.plans.services import (
    case_plan_action_add,
    case_plan_decide,
    case_plan_goal_add,
    case_plan_review_date_set,
    case_plan_submit,
)
from kinhaven.referrals.enums import Consent, ReferralStatus, ReferralUrgency, ServiceKind
from kinhaven.referrals.models import Service
from kinhaven.referrals.schemas import ServiceIn
from kinhaven.referrals.selectors import services_with_places
from kinhaven.referrals.services import (
    referral_create,
    referral_transition,
    service_create,
    transfer_create,
)
from kinhaven.stats.facts import stats_rebuild
from kinhaven.tracing.schemas import TracingRequestIn
from kinhaven.tracing.services.requests import tracing_request_create

CHILDREN = 200
# Paths through the workflow a demo case may have taken.
PATHS: tuple[tuple[CaseStatus, ...], ...] = (
    (),
    (CaseStatus.ASSESSMENT,),
    (CaseStatus.ASSESSMENT, CaseStatus.POSSIBLE_VICTIM),
    (CaseStatus.ASSESSMENT, CaseStatus.AT_RISK),
    (CaseStatus.ASSESSMENT, CaseStatus.POSSIBLE_VICTIM, CaseStatus.IN_CARE),
    (CaseStatus.ASSESSMENT, CaseStatus.AT_RISK, CaseStatus.IN_CARE, CaseStatus.CLOSED),
)
# Shares of the generated cases: opened from a staff report (the rest directly); of those, with an
# identification decision on the report, and of these, decided once the case was open; and cases
# referred to another agency's services. Guardians are appointed for a share of agency A's.
FROM_REPORT, DECIDED, DECIDED_LATER, REFERRED, WARDS = 0.8, 0.6, 0.35, 0.4, 0.3
MOST_WARDS = 20
# How long before its case a report came in; how long after it a guardian was appointed, and a
# decision taken once the case was open.
REPORT_LEAD_HOURS = (1, 2, 3, 5, 8, 14, 20, 30, 50, 80, 130)
GUARDIAN_LAG_DAYS = (1, 2, 3, 5, 8, 12, 18, 25, 40)
DECISION_LAG_DAYS = (2, 4, 7, 10, 15, 21, 30, 45)
CHANNELS = (Channel.FRONTLINE, Channel.HOTLINE, Channel.PARTNER)
CHANNEL_WEIGHTS = (5, 3, 2)
URGENCIES = (Urgency.SUSPECTED_TRAFFICKING, Urgency.CONCERN, Urgency.IMMEDIATE_DANGER)
URGENCY_WEIGHTS = (5, 3, 1)
ACCOMPANIED = (Accompanied.UNACCOMPANIED, Accompanied.SEPARATED, Accompanied.UNKNOWN)
ACCOMPANIED_WEIGHTS = (6, 3, 1)
TRAFFICKING_STATUSES = (TraffickingStatus.POSSIBLE_VICTIM, TraffickingStatus.NOT_A_VICTIM)
TRAFFICKING_STATUS_WEIGHTS = (4, 1)
# Where a referral stands: waiting for the receiving agency, or answered by it.
REFERRAL_OUTCOMES: tuple[tuple[ReferralStatus, ...], ...] = (
    (),
    (ReferralStatus.ACCEPTED,),
    (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS),
    (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED),
    (ReferralStatus.DECLINED,),
)
REFERRAL_OUTCOME_WEIGHTS = (2, 2, 1, 6, 1)
REFERRAL_KIND_WEIGHTS: dict[str, int] = {
    ServiceKind.PSYCHOSOCIAL: 3,
    ServiceKind.HEALTH: 3,
    ServiceKind.SHELTER: 1,
    ServiceKind.LEGAL_AID: 3,
    ServiceKind.INTERPRETATION: 2,
}
DEMO_PROCEEDINGS: list[dict[str, Any]] = [
    {"track": "asylum", "status": "lodged", "authority": "Federal asylum office"},
    {"track": "residence", "status": "reflection", "next_step": "Apply for a residence permit"},
    {
        "track": "criminal",
        "status": "investigation",
        "child_role": "victim",
        "authority": "Public prosecutor",
        "next_step": "Recorded interview at the child house",
    },
]
# A plan's actions: days from today to the due date, and what is done.
DEMO_PLAN_ACTIONS = (
    (14, "Visit the foster family with the child"),
    (30, "Enrol the child at the local school"),
    (45, "Arrange weekly sessions with the psychologist"),
)
DEMO_USERS: tuple[tuple[str, RoleCode, str, str], ...] = (
    # username, role, agency key, team key ("" for none)
    ("caseworker", RoleCode.CASEWORKER, "a", "a"),
    ("hotline", RoleCode.HOTLINE_OPERATOR, "a", "a"),
    ("frontline", RoleCode.FRONTLINE_RESPONDER, "a", "a"),
    ("supervisor", RoleCode.SUPERVISOR, "a", "a"),
    ("guardian", RoleCode.GUARDIAN, "a", ""),
    ("police", RoleCode.POLICE_INVESTIGATOR, "a", ""),
    ("analyst", RoleCode.ANALYST, "a", ""),
    ("coordinator", RoleCode.NATIONAL_COORDINATOR, "a", ""),
    ("admin", RoleCode.ADMINISTRATOR, "a", ""),
    ("auditor", RoleCode.AUDITOR, "a", ""),
    ("caseworker2", RoleCode.CASEWORKER, "b", "b"),
    ("supervisor2", RoleCode.SUPERVISOR, "b", "b"),
)

# Fictional names, so that pages show people as they will in use: by name and role.
DEMO_NAMES: dict[str, tuple[str, str]] = {
    "caseworker": ("Amira", "Haddad"),
    "hotline": ("Tomasz", "Nowak"),
    "frontline": ("Lena", "Vogel"),
    "supervisor": ("Daniel", "Osei"),
    "guardian": ("Marta", "Kowalczyk"),
    "police": ("Jonas", "Berg"),
    "analyst": ("Priya", "Raman"),
    "coordinator": ("Elena", "Moretti"),
    "admin": ("Samuel", "Adeyemi"),
    "auditor": ("Ingrid", "Larsen"),
    "caseworker2": ("Yusuf", "Demir"),
    "supervisor2": ("Clara", "Fontaine"),
}


class Command(KinhavenCommand):
    help = "Load fictional demo data (two agencies, demo users, about 200 children) once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--children", type=int, default=CHILDREN)

    def handle(self, *args: Any, **options: Any) -> None:
        password = settings.KINHAVEN_DEMO_PASSWORD
        if User.objects.filter(username="caseworker").exists():
            self.stdout.write("Demo data already loaded; nothing changed.")
        else:
            count = options["children"]
            if count < 0:
                self.stderr.write("--children must be zero or more.")
                raise SystemExit(2)
            self._load(password, count)
            self.stdout.write(f"Demo data loaded: {count} children.")
        lines = [
            "Demo accounts: one shared password, and a fixed TOTP secret each for an",
            "authenticator app (or run: kinhaven demo_code USERNAME).",
            f"Password: {password}",
        ]
        for username, role, agency, _team in DEMO_USERS:
            secret = base64.b32encode(demo_secret(username)).decode()
            lines.append(f"  {username:<12} {secret}  {role.label} (agency {agency.upper()})")
        text = "\n".join(lines)
        self.stdout.write(text)
        path = Path(settings.VAR_DIR) / "demo-credentials.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
        path.chmod(0o600)
        self.stdout.write(f"Written to {path}")

    @transaction.atomic
    def _load(self, password: str, count: int) -> None:
        roles_ensure_defaults()
        disciplines_ensure_defaults()
        regions = _demo_regions(settings.KINHAVEN_COUNTRY)
        agencies = {
            "a": agency_create(
                name="City Child and Youth Services",
                country=settings.KINHAVEN_COUNTRY,
                organisation_type=OrganisationType.SOCIAL_SERVICES,
                receives_public_reports=True,
                region=regions[0],
            ),
            "b": agency_create(
                name="Safe Harbour Shelter (NGO)",
                country=settings.KINHAVEN_COUNTRY,
                organisation_type=OrganisationType.NGO,
                region=regions[1],
            ),
        }
        teams = {
            "a": team_create(agency=agencies["a"], name="Reception team"),
            "b": team_create(agency=agencies["b"], name="Outreach team"),
        }
        Team.objects.filter(pk=teams["a"].pk).update(on_duty=True)
        users = {
            username: user_create(
                username=username,
                password=password,
                role=role,
                agency=agencies[agency],
                team=teams[team] if team else None,
                first_name=DEMO_NAMES[username][0],
                last_name=DEMO_NAMES[username][1],
                email=f"{username}@example.org",
            )
            for username, role, agency, team in DEMO_USERS
        }
        for username, user in users.items():
            totp_device_set(user=user, secret=demo_secret(username))
        services = [
            service_create(
                actor=users["supervisor"] if agency == "a" else users["supervisor2"],
                data=ServiceIn(**data),
            )
            for agency, data in DEMO_SERVICES
        ]
        rng = random.Random(2017)  # noqa: S311  # fictional data, not security
        # The reports, decisions and referrals draw from their own sequence, so that the
        # children and their cases stay those of `rng`.
        story = random.Random(2018)  # noqa: S311  # fictional data, not security
        owners = [users["caseworker"], users["supervisor"], users["caseworker2"]]
        wards: list[Child] = []
        for index in range(count):
            actor = owners[index % 3] if index % 5 else users["caseworker2"]
            refer = partial(self._referrals, story, actor=actor, users=users, services=services)
            close = partial(self._closure_approve, users=users)
            child = self._child_with_case(rng, story, actor, refer, close)
            if actor.agency == agencies["a"] and index % 7 != 1 and story.random() < WARDS:
                wards.append(child)
            # Some children of agency A have the demo guardian; some are shared with B.
            if actor.agency == agencies["a"] and index % 7 == 1:
                child_guardian_appoint(
                    actor=users["supervisor"], child=child, guardian=users["guardian"]
                )
                for data in DEMO_PROCEEDINGS[: 1 + index % 3]:
                    proceeding_add(
                        actor=users["guardian"], child=child, data=ProceedingFieldsIn(**data)
                    )
            if actor.agency == agencies["a"] and index % 11 == 2:
                child_access_grant(
                    actor=users["supervisor"],
                    child=child,
                    agency=agencies["b"],
                    sections=["identity", "health"],
                    reason="Shelter placement",
                )
        for data in DEMO_REPORTS:
            report_submit(channel=Channel.PUBLIC, data=ReportIn(**data))
        self._tracing(users)
        self._care_and_best_interests(users)
        # More wards for the guardian, after those the care and best-interests examples are for,
        # leaving room under the most a guardian may hold.
        held = Child.objects.filter(guardian=users["guardian"]).count()
        for child in wards[: max(MOST_WARDS - held, 0)]:
            child_guardian_appoint(
                actor=users["supervisor"], child=child, guardian=users["guardian"]
            )
        self._spread_over_a_year(rng)
        self._plans_and_transfer(users)

    def _care_and_best_interests(self, users: dict[str, User]) -> None:
        """For the demo guardian's first wards: a girl placed in the shelter, visited, with an
        approved assessment and a panel's determination (one member dissenting); a child whose
        assessment waits for the supervisor; a permit for cooperation (its warning)."""
        wards = list(
            Child.objects.filter(guardian=users["guardian"], cases__status__in=OPEN_STATUSES)
            .distinct()
            .order_by("id")
        )
        if not wards:
            return
        # A girl goes to the girls' shelter; a boy to a vetted relative.
        girl = next((c for c in wards if c.sex == Sex.FEMALE), wards[0])
        others = [c for c in wards if c != girl]
        today = time.today()
        shelter = Service.objects.filter(kind=ServiceKind.SHELTER).order_by("id").first()
        if girl.sex == Sex.FEMALE and shelter is not None:
            carer = {"kind": "residential", "service_id": shelter.public_id}
        else:
            carer = {"kind": "kinship", "carer_name": "An aunt living in the city"}
        placement = placement_start(
            actor=users["caseworker"],
            child=girl,
            data=PlacementIn.model_validate(
                {
                    **carer,
                    "vetting": "vetted",
                    "vetting_on": today - dt.timedelta(days=40),
                    "safety_plan": "No contact with the recruiter; a key worker on call.",
                    "started_on": today - dt.timedelta(days=30),
                    "start_reason": "Needs a safe place away from the exploiter.",
                }
            ),
        )
        placement_visit_record(
            actor=users["guardian"],
            placement=placement,
            data=VisitIn.model_validate(
                {
                    "visited_on": today - dt.timedelta(days=7),
                    "visitor": "guardian",
                    "visitor_name": "Guardian on duty",
                    "child_views": "Feels safe; wants to go back to school.",
                }
            ),
        )
        version = self._bia_version(users["caseworker"], girl)
        bia_version_submit(actor=users["caseworker"], version=version)
        bia_version_decide(
            actor=users["supervisor"],
            version=version,
            data=ApprovalDecisionIn(decision="approve"),
        )
        bid_record(
            actor=users["supervisor"],
            child=girl,
            data=DeterminationIn.model_validate(
                {
                    **DEMO_DETERMINATION,
                    "decided_on": today,
                    "review_on": today + dt.timedelta(days=90),
                }
            ),
        )
        if others:
            version = self._bia_version(users["caseworker"], others[0])
            bia_version_submit(actor=users["caseworker"], version=version)
        if len(others) > 1:
            permit_add(
                actor=users["guardian"],
                child=others[1],
                data=PermitFieldsIn.model_validate(
                    {
                        "basis": "cooperation",
                        "granted_on": today - dt.timedelta(days=300),
                        "expires_on": today + dt.timedelta(days=65),
                        "authority": "Immigration office",
                    }
                ),
            )

    def _bia_version(self, writer: User, child: Child) -> AssessmentVersion:
        assessment = BestInterestsAssessment.objects.filter(child=child).order_by("id").first()
        if assessment is None:
            case_open(actor=writer, child=child)
            assessment = BestInterestsAssessment.objects.get(child=child)
        return bia_version_record(
            actor=writer,
            assessment=assessment,
            data=AssessmentVersionIn.model_validate(DEMO_ASSESSMENT),
        )

    def _tracing(self, users: dict[str, User]) -> None:
        """A mother looking for her son, registered by agency A; and a girl registered twice."""
        son = child_register(
            actor=users["caseworker"],
            data=ChildIn.model_validate(
                {
                    "given_name": "محمد",
                    "family_name": "الحسيني",
                    "father_name": "أحمد",
                    "mother_name": "فاطمة",
                    "sex": "M",
                    "date_of_birth": "2011-03-04",
                    "nationality": "SYR",
                    "place_of_birth": "Homs",
                    "tracing": "allowed",
                }
            ),
        )
        case_open(actor=users["caseworker"], child=son)
        tracing_request_create(
            actor=users["caseworker2"],
            data=TracingRequestIn.model_validate(
                {
                    "source": "relative",
                    "relationship": "mother",
                    "requester_name": "Fatima Al-Husseini",
                    "requester_contact": "Through the shelter's family desk",
                    "given_name": "Mohamed",
                    "family_name": "Husseini",
                    "father_name": "Ahmed",
                    "mother_name": "Fatima",
                    "place_of_birth": "Homs",
                    "sex": "M",
                    "date_of_birth": "2011-04-03",
                    "nationality": "SYR",
                    "last_seen_place": "Izmir bus station",
                    "circumstances": "Separated at the border in the spring.",
                }
            ),
        )
        girl = {"sex": "F", "date_of_birth": "2010-07-14", "nationality": "UKR"}
        first = child_register(
            actor=users["caseworker"],
            data=ChildIn.model_validate(
                {**girl, "given_name": "Юлия", "family_name": "Коваленко", "mother_name": "Оксана"}
            ),
        )
        case_open(actor=users["caseworker"], child=first)
        child_register(
            actor=users["frontline"],
            data=ChildIn.model_validate(
                {
                    **girl,
                    "given_name": "Iuliia",
                    "family_name": "Kovalenko",
                    "mother_name": "Oksana",
                }
            ),
        )

    @staticmethod
    def _closure_approve(case: Case, *, users: dict[str, User]) -> Case:
        """A closure is approved by the agency's supervisor; one the supervisor asked for waits
        for another (four eyes), as some do in a real office."""
        approver = next(
            (
                u
                for u in (users["supervisor"], users["supervisor2"])
                if u.agency_id == case.agency_id
            ),
            None,
        )
        pending = case_closure_pending(case)
        if approver is None or pending is None or pending.requested_by_id == approver.pk:
            return case
        case_closure_decide(actor=approver, case=case, data=ClosureDecisionIn(decision="approve"))
        case.refresh_from_db()
        return case

    def _child_with_case(
        self,
        rng: random.Random,
        story: random.Random,
        actor: User,
        refer: Callable[[Case], None],
        close: Callable[[Case], Case],
    ) -> Child:
        origin = rng.choice(ORIGINS)
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        given = rng.choice(origin.female if sex == Sex.FEMALE else origin.male)
        data: dict[str, Any] = {
            "given_name": given,
            "family_name": rng.choice(origin.family),
            "sex": sex.value,
            "nationality": origin.nationality,
            "languages": list(origin.languages[: rng.randint(1, len(origin.languages))]),
            "place_of_birth": rng.choice(origin.places) if rng.random() < 0.6 else "",
            "birth_registration": rng.choice(list(BirthRegistration)).value,
            "vulnerability_factors": rng.sample(
                list(VulnerabilityFactor.values), rng.randint(0, 3)
            ),
        }
        shape = rng.random()
        year = 2026 - rng.randint(6, 17)
        if shape < 0.4:
            data["date_of_birth"] = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        elif shape < 0.6:
            data["date_of_birth"] = str(year)
        elif shape < 0.8:
            data["age_estimate_years"] = 2026 - year
        if rng.random() < 0.3:
            data["mother_name"] = rng.choice(origin.female)
        if rng.random() < 0.5:
            data["tracing"] = "allowed"
        child = child_register(actor=actor, data=ChildIn(**data))
        found = ""
        # A report names the child, so that the case opens for the child registered; a name
        # the search does not find again in full (an Arabic family name with its article after
        # a given name reads as one compound) gets its case directly.
        if story.random() < FROM_REPORT and _found_by_name(child):
            case, found = self._case_from_report(story, actor, child, data)
        else:
            case = case_open(actor=actor, child=child)
        if story.random() < REFERRED:
            refer(case)
        for status in _path_on(rng.choice(PATHS), case.status, found):
            reason = "Durable solution reached." if status == CaseStatus.CLOSED else ""
            case = case_transition(actor=actor, case=case, to=status.value, reason=reason)
            if status == CaseStatus.CLOSED:
                case = close(case)
        if case.status != CaseStatus.CLOSED and rng.random() < 0.08:
            case_set_missing(actor=actor, case=case, missing=True)
        return child

    def _case_from_report(
        self, story: random.Random, actor: User, child: Child, data: dict[str, Any]
    ) -> tuple[Case, str]:
        """The report staff took about the child: triaged, often decided on (before the case
        opens, or once it is open), and opened as the child's case; the case and the decision."""
        kinds = list(DEMO_EXPLOITATION_WEIGHTS)
        weights = list(DEMO_EXPLOITATION_WEIGHTS.values())
        exploitation = story.choices(kinds, weights)
        if story.random() < 0.3:
            exploitation += [k for k in story.choices(kinds, weights) if k not in exploitation]
        fields: dict[str, Any] = {
            "what_happened": story.choice(DEMO_ACCOUNTS[exploitation[0]]),
            "exploitation_types": exploitation,
            "child_given_name": data["given_name"],
            "child_family_name": data["family_name"],
            "child_sex": data["sex"],
            "child_nationality": data["nationality"],
            "child_languages": data["languages"],
            "child_date_of_birth": data.get("date_of_birth", ""),
            "child_age_estimate": data.get("age_estimate_years"),
            "accompanied": story.choices(ACCOMPANIED, ACCOMPANIED_WEIGHTS)[0].value,
        }
        channel = story.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        report, _new = report_submit(channel=channel, data=ReportIn(**fields), actor=actor)
        report = report_triage(
            actor=actor,
            report=report,
            urgency=story.choices(URGENCIES, URGENCY_WEIGHTS)[0].value,
            team=actor.team,
            # A full date of birth was documented; otherwise the presumption of minority.
            age_status=AgeStatus.CHILD if len(fields["child_date_of_birth"]) == 10 else None,
        )
        decided = story.random() < DECIDED
        later = decided and story.random() < DECIDED_LATER
        if decided and not later:
            report = self._decide(story, actor, report)
        case = report_convert(actor=actor, report=report, child=child)
        if later:
            report = self._decide(story, actor, report)
            case.refresh_from_db()
        return case, report.trafficking_status

    def _decide(self, story: random.Random, actor: User, report: Report) -> Report:
        status = story.choices(TRAFFICKING_STATUSES, TRAFFICKING_STATUS_WEIGHTS)[0]
        police = story.random() < 0.2
        assert actor.agency is not None  # noqa: S101  # demo users belong to an agency
        ngo = actor.agency.organisation_type == OrganisationType.NGO
        if police:
            body_type, body_name = DecisionMakingOrg.POLICE, "City police, anti-trafficking unit"
        elif ngo:
            body_type, body_name = DecisionMakingOrg.NGO, actor.agency.name
        else:
            body_type, body_name = DecisionMakingOrg.NON_POLICE_GOVERNMENTAL, actor.agency.name
        reasons = (
            "Recruitment by deception and control of earnings; indicators of exploitation."
            if status == TraffickingStatus.POSSIBLE_VICTIM
            else "No means of control or exploitation found; the child remains at risk."
        )
        return report_decide(
            actor=actor,
            report=report,
            trafficking_status=status.value,
            body_type=body_type.value,
            body_name=body_name,
            reasons=reasons,
        )

    def _referrals(
        self,
        story: random.Random,
        case: Case,
        *,
        actor: User,
        users: dict[str, User],
        services: list[Service],
    ) -> None:
        """One or two referrals to the other agency's services, answered by its staff or not."""
        offered = [
            s
            for s in services
            if s.agency_id != actor.agency_id and (not s.sexes or case.child.sex in s.sexes)
        ]
        weights = [REFERRAL_KIND_WEIGHTS.get(s.kind, 1) for s in offered]
        chosen = list(dict.fromkeys(story.choices(offered, weights, k=1 + (story.random() < 0.3))))
        responder = (
            users["caseworker2"]
            if actor.agency_id == users["caseworker"].agency_id
            else users["caseworker"]
        )
        for service in chosen:
            referral = referral_create(
                actor=actor,
                case=case,
                service=service,
                reason=DEMO_REFERRAL_REASONS.get(service.kind, "Needs the service."),
                urgency=story.choice(list(ReferralUrgency)).value,
                sections=["identity", "health"]
                if service.kind == ServiceKind.HEALTH
                else ["identity"],
                consent=story.choices(
                    [Consent.CHILD_CONSENT, Consent.ASSENT_GUARDIAN_CONSENT], [3, 1]
                )[0].value,
            )
            outcome = story.choices(REFERRAL_OUTCOMES, REFERRAL_OUTCOME_WEIGHTS)[0]
            # Places are left in the shelter for the demo's placement.
            if outcome and outcome[0] == ReferralStatus.ACCEPTED and not _places_left(service):
                continue
            for to in outcome:
                reason = "No place for this age group." if to == ReferralStatus.DECLINED else ""
                referral = referral_transition(
                    actor=responder, referral=referral, to=to.value, reason=reason
                )

    def _plans_and_transfer(self, users: dict[str, User]) -> None:
        """Case plans on three of the demo caseworker's open cases (one approved, one waiting for
        the supervisor, one a draft), and a case of agency B offered to agency A, waiting for
        an answer: what a supervisor decides first thing."""
        caseworker, supervisor = users["caseworker"], users["supervisor"]
        today = time.today()
        cases = Case.objects.filter(assigned_to=caseworker, status__in=OPEN_STATUSES).order_by("id")
        for step, case in enumerate(cases[:3]):
            goal = case_plan_goal_add(
                actor=caseworker,
                case=case,
                data=PlanGoalIn(description="Safe and stable accommodation"),
            )
            for days, what in DEMO_PLAN_ACTIONS:
                case_plan_action_add(
                    actor=caseworker,
                    case=case,
                    data=PlanActionIn(
                        description=what,
                        owner_id=caseworker.public_id,
                        due_on=today + dt.timedelta(days=days),
                        goal_id=goal.public_id,
                    ),
                )
            case_plan_review_date_set(
                actor=caseworker,
                case=case,
                data=PlanReviewDateIn(review_on=today + dt.timedelta(days=90)),
            )
            if step < 2:
                case_plan_submit(actor=caseworker, case=case)
            if step == 0:
                case_plan_decide(
                    actor=supervisor, case=case, data=PlanDecisionIn(decision="approve")
                )
        sender = users["caseworker2"]
        for case in Case.objects.filter(assigned_to=sender, status__in=OPEN_STATUSES):
            try:
                case_move_allowed(case=case)
            except ApplicationError:
                continue
            transfer_create(
                actor=sender,
                case=case,
                to_agency=supervisor.agency,
                reasons="The child has moved to the city to live with an aunt.",
                needs=["education", "psychosocial"],
                urgency="normal",
                consent="child",
                consent_note="",
                note="",
            )
            break

    def _spread_over_a_year(self, rng: random.Random) -> None:
        """Move each demo case back to a day of the past twelve months, with its reports, the
        guardian's appointment and the identification decisions (deadlines stay as they are),
        so that the figures have a trend; then count them.

        The report came in hours or a few days before the case opened; a guardian is appointed
        days to weeks after it; a decision taken once the case was open follows it by days or
        weeks. None of it is moved past today."""
        now = time.now()
        today = time.today()
        cases = list(Case.objects.order_by("id"))
        reports: dict[int, list[Report]] = defaultdict(list)
        for report in Report.objects.filter(case__isnull=False).order_by("id"):
            reports[report.case_id].append(report)  # type: ignore[index]
        appointments: dict[int, list[GuardianAppointment]] = defaultdict(list)
        for appointment in GuardianAppointment.objects.order_by("id"):
            appointments[appointment.child_id].append(appointment)
        # Decisions are never changed through their model; these are fictional ones, dated.
        decided: QuerySet[IdentificationDecision] = QuerySet(model=IdentificationDecision)
        decisions: dict[int, list[IdentificationDecision]] = defaultdict(list)
        for decision in decided.order_by("id"):
            decisions[decision.child_id].append(decision)
        for case in cases:
            opened = now - dt.timedelta(days=rng.randint(0, 364), hours=rng.randint(0, 23))
            delta = opened - case.created_at
            case.created_at = opened
            lead = dt.timedelta(hours=rng.choice(REPORT_LEAD_HOURS))
            later = dt.timedelta()
            for report in reports[case.pk]:
                if report.decided_at and report.converted_at:
                    if report.decided_at > report.converted_at:
                        later = dt.timedelta(days=rng.choice(DECISION_LAG_DAYS))
                report.received_at += delta - lead
                if report.triaged_at:
                    report.triaged_at += delta - lead / 2
                if report.decided_at:
                    report.decided_at += delta + (later or -lead / 4)
                if report.converted_at:
                    report.converted_at += delta
            lag = dt.timedelta(days=rng.choice(GUARDIAN_LAG_DAYS))
            for appointment in appointments[case.child_id]:
                appointment.appointed_at = min(appointment.appointed_at + delta + lag, now)
            for decision in decisions[case.child_id]:
                moved = decision.decided_on + dt.timedelta(days=(delta + later).days)
                decision.decided_on = min(moved, today)
        Case.objects.bulk_update(cases, ["created_at"], batch_size=500)
        Report.objects.bulk_update(
            [r for rs in reports.values() for r in rs],
            ["received_at", "triaged_at", "decided_at", "converted_at"],
            batch_size=500,
        )
        GuardianAppointment.objects.bulk_update(
            [a for rs in appointments.values() for a in rs], ["appointed_at"], batch_size=500
        )
        decided.bulk_update(
            [d for ds in decisions.values() for d in ds], ["decided_on"], batch_size=500
        )
        stats_rebuild()


def _path_on(path: tuple[CaseStatus, ...], status: str, found: str = "") -> tuple[CaseStatus, ...]:
    """The rest of a path for a case a report opened in `status` with the decision `found`:
    the steps taken are dropped, a possible victim is not moved back to "at risk", and a child
    found not to be a victim is at risk instead."""
    if status == CaseStatus.REPORTED:
        return path
    if status in path:
        path = path[path.index(status) + 1 :]
    if status == CaseStatus.POSSIBLE_VICTIM:
        return tuple(s for s in path if s not in {CaseStatus.ASSESSMENT, CaseStatus.AT_RISK})
    if found == TraffickingStatus.NOT_A_VICTIM:
        path = tuple(CaseStatus.AT_RISK if s == CaseStatus.POSSIBLE_VICTIM else s for s in path)
    steps = tuple(s for s in path if s != CaseStatus.ASSESSMENT)
    return tuple(s for i, s in enumerate(steps) if s not in steps[:i])


def _found_by_name(child: Child) -> bool:
    name = f"{child.given_name} {child.family_name}"
    return Child.objects.filter(pk=child.pk).filter(name_search_q(name)).exists()


def _places_left(service: Service) -> bool:
    places = services_with_places().get(pk=service.pk).places_free
    return places is None or places > 2


def _demo_regions(country: str) -> tuple[str, str]:
    """Two regions (ISO 3166-2) of the instance's country, for the agencies."""
    found = pycountry.countries.get(alpha_3=country)
    if found is None:
        return ("", "")
    subdivisions = pycountry.subdivisions.get(country_code=found.alpha_2)  # type: ignore[no-untyped-call]
    codes = sorted(s.code for s in subdivisions or [])
    return (codes[-1], codes[0]) if len(codes) >= 2 else ("", "")
