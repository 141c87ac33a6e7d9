import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from kinhaven.accounts.models import Agency, User
from kinhaven.bestinterests.models import AssessmentVersion, BestInterestsDetermination
from kinhaven.care.models import Placement
from kinhaven.cases.models import Case
from kinhaven.children.models import Child
from kinhaven.guardianship.models import GuardianAppointment
from kinhaven.intake.models import Report
from kinhaven.legal.models import ResidencePermit
from kinhaven.plans.models import CasePlan
from kinhaven.referrals.models import Referral, Service, Transfer
from kinhaven.tracing.models import DuplicateCandidate, TracingRequest

pytestmark = pytest.mark.django_db


def test_demo_code_prints_codes_for_demo_accounts_only(settings, capsys) -> None:
    call_command("demo", children=0)
    capsys.readouterr()
    call_command("demo_code", "caseworker")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6
    assert code.isdigit()
    with pytest.raises(CommandError):
        call_command("demo_code", "nobody")


def test_demo_loads_once_with_varied_scripts(
    settings, capsys, django_capture_on_commit_callbacks
) -> None:
    # What follows each registration (the check for duplicates) runs once the demo commits.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    out = capsys.readouterr().out
    assert settings.KINHAVEN_DEMO_PASSWORD in out
    assert Agency.objects.count() == 2
    assert set(User.objects.values_list("username", flat=True)) >= {
        "caseworker",
        "caseworker2",
        "supervisor2",
        "hotline",
        "supervisor",
        "guardian",
        "police",
        "analyst",
        "admin",
    }
    # 200 generated, a boy his mother is looking for, and a girl registered twice.
    assert Child.objects.count() == 203
    assert Case.objects.count() == 202
    request = TracingRequest.objects.get()
    assert request.matches.filter(child__given_name="محمد", score__gte=0.5).exists()
    assert DuplicateCandidate.objects.filter(child_b__given_name="Iuliia").exists()
    # The public's reports wait for triage; most generated cases were opened from a staff
    # report, some with a decision on it, and some of their children were referred on.
    assert Report.objects.filter(case__isnull=True, channel="public").count() == 4
    from_reports = Report.objects.filter(case__isnull=False)
    assert 0.7 * 200 <= from_reports.count() <= 0.9 * 200
    assert set(from_reports.values_list("channel", flat=True)) == {
        "frontline",
        "hotline",
        "partner",
    }
    assert from_reports.filter(trafficking_status="PossibleVictimOfTrafficking").exists()
    assert from_reports.filter(trafficking_status="NotAVictimOfTrafficking").exists()
    assert not from_reports.filter(received_at__gte=F("case__created_at")).exists()
    assert Referral.objects.values("status").distinct().count() >= 4
    assert set(Service.objects.values_list("agency__name", flat=True)) == set(
        Agency.objects.values_list("name", flat=True)
    )
    assert (
        GuardianAppointment.objects.filter(ended_at__isnull=True).count()
        == Child.objects.filter(guardian__isnull=False).count()
    )
    assert len(set(Case.objects.values_list("status", flat=True))) >= 5
    scripts = {"Cyrillic": "Ю", "Arabic": "\u0627", "Ethiopic": "ተ", "Bengali": "স"}
    names = " ".join(f"{g} {f}" for g, f in Child.objects.values_list("given_name", "family_name"))
    assert sum(any(ch in names for ch in sample) for sample in scripts.values()) >= 3
    credentials = (settings.VAR_DIR / "demo-credentials.txt").read_text()
    assert settings.KINHAVEN_DEMO_PASSWORD in credentials
    assert "auditor" in credentials
    # The guardian's first wards: one placed, visited, with an approved assessment and a
    # determination with a dissent; one assessment waiting for approval; a cooperation permit.
    guardian = User.objects.get(username="guardian")
    [placement] = list(Placement.objects.all())
    assert placement.child.guardian == guardian
    assert placement.visits.count() == 1
    bid = BestInterestsDetermination.objects.get()
    assert bid.child == placement.child
    assert bid.members.filter(position="dissent").count() == 1
    assert AssessmentVersion.objects.filter(status="submitted").count() == 1
    assert ResidencePermit.objects.filter(basis="cooperation").count() == 1
    # Case plans: one approved, one waiting for the supervisor, one a draft; a transfer from
    # agency B waiting for agency A's answer.
    assert sorted(CasePlan.objects.values_list("status", flat=True)) == sorted(
        ["approved", "submitted", "draft"]
    )
    [transfer] = list(Transfer.objects.all())
    assert (transfer.status, transfer.to_agency.name) == (
        "pending",
        "City Child and Youth Services",
    )
    call_command("demo")
    assert Child.objects.count() == 203
    caseworker = User.objects.get(username="caseworker")
    assert caseworker.check_password(settings.KINHAVEN_DEMO_PASSWORD)
