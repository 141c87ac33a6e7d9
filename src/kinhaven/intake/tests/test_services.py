import datetime as dt
import uuid

import pytest
from django.core import mail

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import Agency, Team
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.enums import CaseStatus
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import World, run_worker
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import input_validate
from kinhaven.deadlines.models import Deadline
from kinhaven.guardianship.services import child_guardian_appoint
from kinhaven.intake.enums import Channel, ReportStatus
from kinhaven.intake.models import Report
from kinhaven.intake.schemas import ReportIn
from kinhaven.intake.selectors import report_list_for_user
from kinhaven.intake.services import (
    report_close,
    report_convert,
    report_decide,
    report_reopen,
    report_screen,
    report_submit,
    report_triage,
    report_update,
)
from kinhaven.notifications.models import Notification

pytestmark = pytest.mark.django_db

POSSIBLE_VICTIM_INDICATORS = ["dr_job", "dr_wages", "ex_no_pay", "ex_hours"]


def _public(**data):
    report, _created = report_submit(
        channel=Channel.PUBLIC,
        data=ReportIn.model_validate({"what_happened": "Seen at the station.", **data}),
    )
    return report


def _open_codes(**scope) -> set[str]:
    return set(
        Deadline.objects.filter(completed_at__isnull=True, **scope).values_list("code", flat=True)
    )


def test_public_report_lands_in_the_agency_queue_with_triage_deadlines(world) -> None:
    report = _public(immediate_danger=True)
    assert report.reference.startswith("R-")
    assert report.agency == world.agency
    assert report.team == world.team
    assert report.submitted_by is None
    assert report.urgency == "immediate_danger"
    assert _open_codes(report=report) == {"report_triage_urgent", "case_open"}
    triage = Deadline.objects.get(report=report, code="report_triage_urgent")
    assert triage.due_at - report.received_at == dt.timedelta(hours=1)
    assert AuditEntry.objects.filter(action="report.create", object_id=report.public_id).exists()


def test_urgency_follows_from_the_answers(world) -> None:
    assert _public(child_missing=True).urgency == "missing_child"
    assert _public(exploitation_types=["ForcedBegging"]).urgency == "suspected_trafficking"
    concern = _public()
    assert concern.urgency == "concern"
    assert _open_codes(report=concern) == {"report_triage"}


def test_public_reporters_cannot_set_staff_fields(world) -> None:
    with pytest.raises(FieldErrors) as caught:
        report_submit(channel=Channel.PUBLIC, data=ReportIn(what_happened="x", urgency="concern"))
    assert caught.value.field == "urgency"


def test_bad_fields_are_named_and_nothing_is_stored(world) -> None:
    with pytest.raises(FieldErrors) as caught:
        report_submit(
            channel=Channel.HOTLINE,
            actor=world.hotline,
            data=input_validate(
                ReportIn,
                {
                    "what_happened": "x",
                    "child_nationality": "QQQ",
                    "child_age_estimate": "ten",
                    "exploitation_types": ["Pickpocketing"],
                },
            ),
        )
    assert set(caught.value.errors) == {
        "child_nationality",
        "child_age_estimate",
        "exploitation_types",
    }
    with pytest.raises(ApplicationError) as missing:
        report_submit(channel=Channel.HOTLINE, actor=world.hotline, data=ReportIn(location="Park"))
    assert missing.value.field == "what_happened"
    assert not Report.objects.exists()


def test_without_a_receiving_agency_public_reporting_is_unavailable(world) -> None:
    Agency.objects.update(receives_public_reports=False)
    with pytest.raises(ApplicationError) as caught:
        _public()
    assert caught.value.http_status == 503


def test_a_retried_submission_does_not_make_a_second_report(world) -> None:
    token = uuid.uuid4()
    first, created = report_submit(
        channel=Channel.PUBLIC, data=ReportIn(what_happened="Once"), client_token=token
    )
    again, created_again = report_submit(
        channel=Channel.PUBLIC, data=ReportIn(what_happened="Once"), client_token=token
    )
    assert created
    assert not created_again
    assert first.pk == again.pk
    assert Report.objects.count() == 1


def test_new_reports_go_to_the_least_loaded_team_on_duty(world) -> None:
    Team.objects.filter(pk=world.other_team.pk).update(on_duty=True)
    teams = [_public().team for _ in range(4)]
    assert teams.count(world.team) == 2
    assert teams.count(world.other_team) == 2


def test_urgent_reports_notify_the_team_triagers_by_link_only(world) -> None:
    report = _public(immediate_danger=True, child_given_name="Zaynab")
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"caseworker", "teammate", "hotline"} <= recipients
    assert "frontline" not in recipients  # no triage capability
    run_worker()
    assert mail.outbox
    for message in mail.outbox:
        assert "Zaynab" not in f"{message.subject} {message.body}"
        assert str(report.public_id) in message.body


def test_staff_report_needs_the_capability(world) -> None:
    with pytest.raises(ApplicationError) as caught:
        report_submit(
            channel=Channel.HOTLINE, actor=world.analyst, data=ReportIn(what_happened="x")
        )
    assert caught.value.code == ErrorCode.PERMISSION_DENIED


def test_frontline_report_is_completed_later_by_its_author(world) -> None:
    report, _ = report_submit(
        channel=Channel.FRONTLINE,
        actor=world.frontline,
        data=ReportIn(what_happened="Arrived alone by bus.", child_languages=["ti"]),
    )
    report = report_update(
        actor=world.frontline,
        report=report,
        changes=ReportIn(child_given_name="Selam", child_age_estimate=13),
    )
    assert report.child_given_name == "Selam"
    assert report.child_languages == ["ti"]
    with pytest.raises(ApplicationError):
        report_update(actor=world.caseworker2, report=report, changes=ReportIn(location="x"))


def _triaged(world: World, **data) -> Report:
    report = _public(child_given_name="Selam", child_family_name="Tesfaye", **data)
    return report_triage(actor=world.caseworker, report=report, urgency="suspected_trafficking")


def test_triage_meets_the_triage_deadline_and_can_raise_urgency(world) -> None:
    report = _public()
    report = report_triage(actor=world.hotline, report=report, urgency="immediate_danger")
    assert report.status == ReportStatus.TRIAGED
    met = Deadline.objects.get(report=report, code="report_triage")
    assert met.outcome == "met"
    # Raised to urgent: the case must now be opened within 24 hours of receipt.
    assert _open_codes(report=report) == {"case_open"}


def test_triage_refuses_a_team_of_another_agency(world) -> None:
    with pytest.raises(ApplicationError) as caught:
        report_triage(
            actor=world.caseworker, report=_public(), urgency="concern", team=world.team_two
        )
    assert caught.value.field == "team"


def test_screening_suggests_and_presumes_minority(world) -> None:
    report = _triaged(world)
    report = report_screen(
        actor=world.hotline, report=report, indicators=POSSIBLE_VICTIM_INDICATORS
    )
    assert report.screening["suggestion"] == "possible_victim"
    assert report.screening["rule"] == "child"
    assert report.trafficking_status == ""  # a suggestion, not a decision
    report = report_triage(
        actor=world.caseworker, report=report, urgency="concern", age_status="assessed_adult"
    )
    report = report_screen(
        actor=world.caseworker, report=report, indicators=POSSIBLE_VICTIM_INDICATORS
    )
    assert report.screening["rule"] == "adult"
    assert report.screening["suggestion"] == "further_assessment"
    with pytest.raises(ApplicationError) as caught:
        report_screen(actor=world.caseworker, report=report, indicators=["made_up"])
    assert caught.value.field == "indicators"


def test_a_person_decides_and_the_deciding_body_is_recorded(world) -> None:
    report = _triaged(world)
    with pytest.raises(ApplicationError):
        report_decide(
            actor=world.hotline,
            report=report,
            trafficking_status="PossibleVictimOfTrafficking",
            body_type="NonPoliceGovernmentalOrganization",
            body_name="City child protection",
            reasons="Indicators of forced begging.",
        )
    with pytest.raises(FieldErrors) as caught:
        report_decide(
            actor=world.caseworker,
            report=report,
            trafficking_status="Maybe",
            body_type="",
            body_name="",
            reasons="",
        )
    assert set(caught.value.errors) == {
        "trafficking_status",
        "decision_body_type",
        "decision_body_name",
        "decision_reasons",
    }
    report = report_decide(
        actor=world.caseworker,
        report=report,
        trafficking_status="PossibleVictimOfTrafficking",
        body_type="NonPoliceGovernmentalOrganization",
        body_name="City child protection",
        reasons="Indicators of forced begging.",
    )
    assert report.decided_by == world.caseworker
    assert report.decision_body_type == "NonPoliceGovernmentalOrganization"


def _decided(world: World, **data) -> Report:
    report = _triaged(world, **data)
    return report_decide(
        actor=world.caseworker,
        report=report,
        trafficking_status="PossibleVictimOfTrafficking",
        body_type="NonPoliceGovernmentalOrganization",
        body_name="City child protection",
        reasons="Recruitment and exploitation.",
    )


def test_conversion_opens_a_case_with_its_deadlines(world) -> None:
    report = _decided(world, immediate_danger=True, child_age_estimate=13)
    case = report_convert(actor=world.caseworker, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.CONVERTED
    assert report.case == case
    assert case.status == CaseStatus.POSSIBLE_VICTIM
    child = case.child
    assert child.given_name == "Selam"
    assert child.age_estimate_years == 13
    assert _open_codes(case=case) == {
        "guardian_appointment",
        "reflection_period",
        "case_review",
        "best_interests_assessment",
    }
    assert Deadline.objects.get(report=report, code="case_open").outcome == "met"
    reflection = Deadline.objects.get(case=case, code="reflection_period")
    assert report.decided_at is not None
    assert reflection.due_at - report.decided_at == dt.timedelta(days=30)
    guardian = Deadline.objects.get(case=case, code="guardian_appointment")
    assert guardian.hard_due_at is not None
    assert guardian.hard_due_at > guardian.due_at
    kinds = set(case.events.values_list("kind", flat=True))
    assert {"report_converted", "deadline_started"} <= kinds


def test_conversion_offers_a_registered_child_first(world) -> None:
    existing = child_register(
        actor=world.caseworker,
        data=ChildIn.model_validate(
            {"given_name": "Selam", "family_name": "Tesfaye", "date_of_birth": "2013"}
        ),
    )
    child_register(
        actor=world.caseworker,
        data=ChildIn.model_validate({"given_name": "Selam", "date_of_birth": "2001"}),
    )
    report = _triaged(world, child_age_estimate=13)
    with pytest.raises(ApplicationError) as caught:
        report_convert(actor=world.caseworker, report=report)
    assert caught.value.code == ErrorCode.CONFLICT
    assert caught.value.field == "child_id"
    case = report_convert(actor=world.caseworker, report=report, child=existing)
    assert case.child == existing


def test_conversion_with_a_new_record_needs_confirmation(world) -> None:
    child_register(actor=world.caseworker, data=ChildIn(given_name="Selam", family_name="Tesfaye"))
    report = _triaged(world)
    case = report_convert(actor=world.caseworker, report=report, confirm_new=True)
    assert case.child.reports.get() == report


def test_another_agencys_child_is_never_offered_or_linked(world) -> None:
    theirs = child_register(
        actor=world.caseworker2, data=ChildIn(given_name="Selam", family_name="Tesfaye")
    )
    report = _triaged(world)
    with pytest.raises(ApplicationError) as caught:
        report_convert(actor=world.caseworker, report=report, child=theirs)
    assert caught.value.field == "child_id"
    case = report_convert(actor=world.caseworker, report=report)
    assert case.child != theirs


def test_an_adult_by_age_assessment_gets_no_child_file(world) -> None:
    report = _triaged(world)
    report = report_triage(
        actor=world.caseworker, report=report, urgency="concern", age_status="assessed_adult"
    )
    with pytest.raises(ApplicationError) as caught:
        report_convert(actor=world.caseworker, report=report)
    assert caught.value.field == "age_status"


def test_only_a_triaged_report_converts_and_only_once(world) -> None:
    report = _public(child_given_name="Nobody")
    with pytest.raises(ApplicationError):
        report_convert(actor=world.caseworker, report=report)
    report = report_triage(actor=world.caseworker, report=report, urgency="concern")
    report_convert(actor=world.caseworker, report=report)
    with pytest.raises(ApplicationError):
        report_convert(actor=world.caseworker, report=report)


def test_appointing_a_guardian_meets_the_guardian_deadline(world) -> None:
    case = report_convert(actor=world.caseworker, report=_decided(world))
    guardian = world.user("guardian-1", RoleCode.GUARDIAN, world.agency, None)
    child_guardian_appoint(actor=world.supervisor, child=case.child, guardian=guardian)
    assert Deadline.objects.get(case=case, code="guardian_appointment").outcome == "met"


def test_a_decision_after_conversion_starts_the_reflection_period(world) -> None:
    report = _triaged(world)
    case = report_convert(actor=world.caseworker, report=report)
    assert "reflection_period" not in _open_codes(case=case)
    report.refresh_from_db()
    report_decide(
        actor=world.supervisor,
        report=report,
        trafficking_status="PossibleVictimOfTrafficking",
        body_type="NonPoliceGovernmentalOrganization",
        body_name="City child protection",
        reasons="New information.",
    )
    assert "reflection_period" in _open_codes(case=case)


def test_a_report_decision_waits_on_the_report_and_is_never_overwritten(world) -> None:
    report = _triaged(world)
    decision = {
        "body_type": "NonPoliceGovernmentalOrganization",
        "body_name": "City child protection",
        "reasons": "Recruitment and exploitation.",
    }
    with pytest.raises(ApplicationError) as caught:
        report_decide(
            actor=world.caseworker,
            report=report,
            trafficking_status="ActualVictimOfTrafficking",
            **decision,
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID, "trafficking_status")
    report = report_decide(
        actor=world.caseworker,
        report=report,
        trafficking_status="PossibleVictimOfTrafficking",
        **decision,
    )
    assert report.identification_decision is None  # no child yet: it waits on the report
    with pytest.raises(ApplicationError) as caught:
        report_decide(
            actor=world.supervisor,
            report=report,
            trafficking_status="NotAVictimOfTrafficking",
            **decision,
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "trafficking_status")
    report.refresh_from_db()
    assert report.trafficking_status == "PossibleVictimOfTrafficking"


def test_conversion_puts_the_decision_on_the_child_and_later_ones_follow_it(world) -> None:
    report = _decided(world)
    case = report_convert(actor=world.caseworker, report=report)
    report.refresh_from_db()
    preliminary = report.identification_decision
    assert preliminary is not None
    assert (preliminary.child, preliminary.case, preliminary.stage) == (
        case.child,
        case,
        "preliminary",
    )
    assert preliminary.outcome == "PossibleVictimOfTrafficking"
    assert preliminary.organisation == "NonPoliceGovernmentalOrganization"
    assert preliminary.recorded_by == world.caseworker
    assert preliminary.evidence == report.reference
    # After the case is open, the next decision on the report is the conclusive one; the default
    # rule leaves it to supervisors (and police investigators).
    with pytest.raises(ApplicationError) as caught:
        report_decide(
            actor=world.caseworker,
            report=report,
            trafficking_status="NotAVictimOfTrafficking",
            body_type="NonPoliceGovernmentalOrganization",
            body_name="City child protection",
            reasons="No exploitation found.",
        )
    assert caught.value.code == ErrorCode.PERMISSION_DENIED
    report = report_decide(
        actor=world.supervisor,
        report=report,
        trafficking_status="NotAVictimOfTrafficking",
        body_type="NonPoliceGovernmentalOrganization",
        body_name="City child protection",
        reasons="No exploitation found.",
    )
    conclusive = report.identification_decision
    assert conclusive is not None
    assert (conclusive.stage, conclusive.outcome) == ("conclusive", "NotAVictimOfTrafficking")
    assert list(case.child.identification_decisions.values_list("stage", flat=True)) == [
        "preliminary",
        "conclusive",
    ]


def test_closing_stops_the_deadlines_and_reopening_is_in_the_workflow(world) -> None:
    report = _public(immediate_danger=True)
    with pytest.raises(ApplicationError) as caught:
        report_close(actor=world.caseworker, report=report, reason=" ")
    assert caught.value.field == "reason"
    report = report_close(actor=world.caseworker, report=report, reason="Duplicate of a call.")
    assert report.status == ReportStatus.CLOSED
    assert set(Deadline.objects.filter(report=report).values_list("outcome", flat=True)) == {
        "cancelled"
    }
    with pytest.raises(ApplicationError):
        report_triage(actor=world.caseworker, report=report, urgency="concern")
    report = report_reopen(actor=world.caseworker, report=report)
    assert report.status == ReportStatus.TRIAGED


def test_another_agency_cannot_work_on_the_report(world) -> None:
    report = _public()
    for act in (
        lambda: report_triage(actor=world.caseworker2, report=report, urgency="concern"),
        lambda: report_screen(actor=world.caseworker2, report=report, indicators=[]),
        lambda: report_close(actor=world.caseworker2, report=report, reason="Not ours."),
    ):
        with pytest.raises(ApplicationError) as caught:
            act()
        assert caught.value.code == ErrorCode.PERMISSION_DENIED


def test_my_team_filter_of_the_queue(world) -> None:
    ours = _public()
    Report.objects.filter(pk=_public().pk).update(team=None)
    assert list(report_list_for_user(user=world.caseworker, filters={"mine": True})) == [ours]
    # Without a team, "mine" is what the user took down, not every report without a team.
    lone = world.user("lone", RoleCode.CASEWORKER, world.agency, None)
    assert list(report_list_for_user(user=lone, filters={"mine": True})) == []
    assert report_list_for_user(user=lone).count() == 2
