"""Recoding the reports' identification decisions to HTCDS 2.0, on SQLite and PostgreSQL: the
codes change, and a decision of a report that opened a case goes on the child's
identification."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core import time
from kinhaven.identification.models import IdentificationDecision
from kinhaven.intake.enums import Channel
from kinhaven.intake.models import Report
from kinhaven.intake.schemas import ReportIn
from kinhaven.intake.services import report_submit

BEFORE = [("intake", "0002_report_client_token_per_submitter")]


def _migrate(targets: list[tuple[str, str]] | None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def _report(world) -> Report:
    report, _new = report_submit(
        channel=Channel.HOTLINE, actor=world.caseworker, data=ReportIn(what_happened="Seen.")
    )
    return report


@pytest.mark.django_db(transaction=True)
def test_stored_decisions_are_recoded_and_put_on_the_child(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    case = case_open(actor=world.caseworker, child=child)
    converted, waiting, other = _report(world), _report(world), _report(world)
    try:
        executor = _migrate(BEFORE)
        OldReport = executor.loader.project_state(BEFORE).apps.get_model("intake", "Report")
        decided = {"decided_by_id": world.caseworker.pk, "decided_at": time.now()}
        OldReport.objects.filter(pk=converted.pk).update(
            trafficking_status="ActualVictim",
            decision_body_type="LawEnforcement",
            decision_body_name="City police",
            decision_reasons="Exploitation established.",
            child_id=child.pk,
            case_id=case.pk,
            status="converted",
            **decided,
        )
        OldReport.objects.filter(pk=waiting.pk).update(
            trafficking_status="PossibleVictim",
            decision_body_type="Health",
            decision_body_name="Hospital",
            decision_reasons="Injuries.",
            **decided,
        )
        OldReport.objects.filter(pk=other.pk).update(
            trafficking_status="NotAVictim", decision_body_type="InternationalOrganisation"
        )
    finally:
        _migrate(None)
    codes = dict(Report.objects.values_list("pk", "trafficking_status"))
    assert codes[converted.pk] == "ActualVictimOfTrafficking"
    assert codes[waiting.pk] == "PossibleVictimOfTrafficking"
    assert codes[other.pk] == "NotAVictimOfTrafficking"
    bodies = dict(Report.objects.values_list("pk", "decision_body_type"))
    assert bodies == {
        converted.pk: "Police",
        waiting.pk: "NonPoliceGovernmentalOrganization",
        other.pk: "Other",
    }
    decision = IdentificationDecision.objects.get()
    assert Report.objects.get(pk=converted.pk).identification_decision == decision
    assert (decision.child, decision.case, decision.stage, decision.outcome) == (
        child,
        case,
        "conclusive",
        "ActualVictimOfTrafficking",
    )
    assert (decision.organisation, decision.authority, decision.recorded_by) == (
        "Police",
        "City police",
        world.caseworker,
    )
    assert decision.evidence == converted.reference
