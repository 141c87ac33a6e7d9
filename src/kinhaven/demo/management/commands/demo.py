"""Load fictional demo agencies, users, children and cases, once."""

from __future__ import annotations

import base64
import datetime as dt
import random
from pathlib import Path
from typing import Any

import pycountry
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F, QuerySet

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
from kinhaven.cases.services import case_open, case_set_missing, case_transition
from kinhaven.children.enums import BirthRegistration, Sex, VulnerabilityFactor
from kinhaven.children.grants import child_access_grant
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core import time
from kinhaven.demo.data import (
    DEMO_ASSESSMENT,
    DEMO_DETERMINATION,
    DEMO_REPORTS,
    DEMO_SERVICES,
    ORIGINS,
)
from kinhaven.guardianship.models import GuardianAppointment
from kinhaven.guardianship.services import child_guardian_appoint
from kinhaven.identification.models import IdentificationDecision
from kinhaven.intake.enums import Channel
from kinhaven.intake.models import Report
from kinhaven.intake.schemas import ReportIn
from kinhaven.intake.services import report_submit
from kinhaven.legal.schemas import PermitFieldsIn, ProceedingFieldsIn
from kinhaven.legal.services import permit_add, proceeding_add
from kinhaven.referrals.enums import ServiceKind
from kinhaven.referrals.models import Service
from kinhaven.referrals.schemas import ServiceIn
from kinhaven.referrals.services import service_create
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


class Command(BaseCommand):
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
                email=f"{username}@example.org",
            )
            for username, role, agency, team in DEMO_USERS
        }
        for username, user in users.items():
            totp_device_set(user=user, secret=demo_secret(username))
        rng = random.Random(2017)  # noqa: S311  # fictional data, not security
        owners = [users["caseworker"], users["supervisor"], users["caseworker2"]]
        for index in range(count):
            actor = owners[index % 3] if index % 5 else users["caseworker2"]
            child = self._child_with_case(rng, actor)
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
        for agency, data in DEMO_SERVICES:
            manager = users["supervisor"] if agency == "a" else users["supervisor2"]
            service_create(actor=manager, data=ServiceIn(**data))
        for data in DEMO_REPORTS:
            report_submit(channel=Channel.PUBLIC, data=ReportIn(**data))
        self._tracing(users)
        self._care_and_best_interests(users)
        self._spread_over_a_year(rng)

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

    def _child_with_case(self, rng: random.Random, actor: User) -> Child:
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
        case = case_open(actor=actor, child=child)
        for status in rng.choice(PATHS):
            reason = "Durable solution reached." if status == CaseStatus.CLOSED else ""
            case = case_transition(actor=actor, case=case, to=status.value, reason=reason)
        if case.status != CaseStatus.CLOSED and rng.random() < 0.08:
            case_set_missing(actor=actor, case=case, missing=True)
        return child

    def _spread_over_a_year(self, rng: random.Random) -> None:
        """Move each demo case back to a day of the past twelve months, with its reports, the
        guardian's appointment and the identification decisions (deadlines stay as they are),
        so that the figures have a trend; then count them."""
        now = time.now()
        for case in Case.objects.all():
            opened = now - dt.timedelta(days=rng.randint(0, 364), hours=rng.randint(0, 23))
            delta = opened - case.created_at
            Case.objects.filter(pk=case.pk).update(created_at=opened)
            Report.objects.filter(case=case).update(received_at=F("received_at") + delta)
            GuardianAppointment.objects.filter(child_id=case.child_id).update(
                appointed_at=F("appointed_at") + delta
            )
            # Decisions are never changed through their model; these are fictional ones, dated.
            QuerySet(model=IdentificationDecision).filter(child_id=case.child_id).update(
                decided_on=F("decided_on") + dt.timedelta(days=delta.days)
            )
        stats_rebuild()


def _demo_regions(country: str) -> tuple[str, str]:
    """Two regions (ISO 3166-2) of the instance's country, for the agencies."""
    found = pycountry.countries.get(alpha_3=country)
    if found is None:
        return ("", "")
    subdivisions = pycountry.subdivisions.get(country_code=found.alpha_2)  # type: ignore[no-untyped-call]
    codes = sorted(s.code for s in subdivisions or [])
    return (codes[-1], codes[0]) if len(codes) >= 2 else ("", "")
