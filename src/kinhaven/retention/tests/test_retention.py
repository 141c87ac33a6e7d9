"""Storage limitation: a child's file past its country's retention is erased with everything
that refers to it, its files too; a legal hold stops it; what is not due stays; the audit entry
says what kind of record went under which rule, and the audit chain still verifies."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinhaven.audit.models import AuditEntry
from kinhaven.cases.models import Case
from kinhaven.cases.schemas import ClosureDecisionIn
from kinhaven.cases.services import case_closure_decide, case_open, case_transition
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core import time
from kinhaven.intake.enums import Channel
from kinhaven.intake.models import Report
from kinhaven.intake.schemas import ReportIn
from kinhaven.intake.services.decisions import report_close
from kinhaven.intake.services.reports import report_submit
from kinhaven.missing.models import Episode
from kinhaven.missing.photos import photo_storage
from kinhaven.retention.models import LegalHold
from kinhaven.retention.services import hold_lift, hold_place, retention_run, rule_set
from kinhaven.timeline.models import CaseEvent

pytestmark = pytest.mark.django_db

SOURCE = "National child protection records regulation (test policy)"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _closed_child(world, api, *, born: str | None, name: str = "Zahra") -> Child:
    data: dict[str, object] = {"given_name": name, "family_name": "Canarysurname"}
    if born is not None:
        data["date_of_birth"] = born
    child = child_register(actor=world.caseworker, data=ChildIn.model_validate(data))
    case = case_open(actor=world.caseworker, child=child)
    client = api("caseworker")
    seen = (time.now() - dt.timedelta(hours=3)).replace(microsecond=0).isoformat()
    made = client.post(
        f"/api/v1/children/{child.public_id}/missing",
        {"last_seen_at": seen, "last_seen_place": "Station", "description": "Red", "confirm": True},
    )
    assert made.status_code == 201, made.content
    photo = client.client.post(
        f"/api/v1/children/{child.public_id}/missing/{made.json()['id']}/photo",
        {"consent": "given", "photo": _upload()},
        headers=client.headers,
    )
    assert photo.status_code == 200, photo.content
    client.post(
        f"/api/v1/children/{child.public_id}/missing/{made.json()['id']}/close",
        {"reason": "other", "notes": "Reported in error"},
    )
    case_transition(actor=world.caseworker, case=case, to="closed", reason="Durable solution.")
    case_closure_decide(
        actor=world.supervisor, case=case, data=ClosureDecisionIn(decision="approve")
    )
    return child


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("p.png", PNG, content_type="image/png")


def test_a_file_past_its_retention_is_erased_with_its_files(
    world, api, django_capture_on_commit_callbacks
) -> None:
    rule_set(kind="closed_case", country="AUT", years_after_majority=5, source=SOURCE)
    old = _closed_child(world, api, born="2001-03-04")  # 18 in 2019, kept until 2024
    young = _closed_child(world, api, born="2012-01-01", name="Amir")  # 18 in 2030
    unknown = _closed_child(world, api, born=None, name="Sara")  # no age known: never early
    photo = Episode.objects.get(child=old).photo_name
    assert photo_storage().exists(photo)
    old_id, case_ids = old.public_id, [c.public_id for c in Case.objects.filter(child=old)]

    with django_capture_on_commit_callbacks(execute=True):
        erased = retention_run()
    assert [e.record.public_id for e in erased] == [old_id]
    assert not Child.objects.filter(public_id=old_id).exists()
    assert not Case.objects.filter(public_id__in=case_ids).exists()
    assert not Episode.objects.filter(child__public_id=old_id).exists()
    assert not CaseEvent.objects.filter(case__public_id__in=case_ids).exists()
    assert not photo_storage().exists(photo)
    # What is not due stays.
    assert Child.objects.filter(pk__in=[young.pk, unknown.pk]).count() == 2
    assert Episode.objects.get(child=young).photo_name

    entry = AuditEntry.objects.get(action="retention.erase")
    assert entry.object_id == old_id
    assert entry.detail["kind"] == "closed_case"
    assert entry.detail["country"] == "AUT"
    assert entry.detail["removed"]["children.child"] == 1
    assert entry.detail["removed"]["files"] == 1
    assert "Canarysurname" not in json.dumps(entry.detail)
    # The audit chain still verifies: its entries about the child stay, ids and codes only.
    assert AuditEntry.objects.filter(object_id=old_id).count() > 1
    call_command("audit", "seal")
    call_command("audit", "verify")


def test_a_legal_hold_stops_erasure_until_lifted(world, api) -> None:
    rule_set(kind="closed_case", country="*", years_after_majority=3, source=SOURCE)
    child = _closed_child(world, api, born="2001")
    hold = hold_place(child=child, reason="Criminal proceeding ST-4411/26 pending")
    assert retention_run() == []
    assert Child.objects.filter(pk=child.pk).exists()
    hold_lift(hold)
    assert [e.record.pk for e in retention_run()] == [child.pk]
    assert not Child.objects.filter(pk=child.pk).exists()
    # The lifted hold went with the file; its placing and lifting stay in the audit log.
    assert not LegalHold.objects.exists()
    assert AuditEntry.objects.filter(action="retention.hold_lift").exists()


def test_an_open_case_is_never_erased(world, api) -> None:
    rule_set(kind="closed_case", country="*", years_after_majority=0, source=SOURCE)
    child = child_register(
        actor=world.caseworker,
        data=ChildIn.model_validate({"given_name": "Ali", "date_of_birth": "2000"}),
    )
    case_open(actor=world.caseworker, child=child)
    assert retention_run() == []


def test_a_report_without_a_case_is_erased_months_after_closure(world) -> None:
    rule_set(kind="report_without_case", country="AUT", months_after_closure=12, source=SOURCE)
    report, _new = report_submit(
        channel=Channel.PUBLIC,
        data=ReportIn.model_validate({"what_happened": "A boy begging at the station."}),
    )
    report = report_close(actor=world.caseworker, report=report, reason="Not a child at risk")
    kept, _new = report_submit(
        channel=Channel.PUBLIC,
        data=ReportIn.model_validate({"what_happened": "A girl alone at night."}),
    )
    kept = report_close(actor=world.caseworker, report=kept, reason="Not a child at risk")
    assert retention_run() == []  # closed today
    Report.objects.filter(pk=report.pk).update(updated_at=time.now() - dt.timedelta(days=400))
    erased = retention_run()
    assert [e.record.pk for e in erased] == [report.pk]
    assert not Report.objects.filter(pk=report.pk).exists()
    assert Report.objects.filter(pk=kept.pk).exists()
    entry = AuditEntry.objects.get(action="retention.erase")
    assert entry.object_type == "report"
    assert entry.detail["kind"] == "report_without_case"


def test_the_command_sets_rules_and_refuses_bad_ones(world, capsys) -> None:
    call_command("retention", "rule-set", "--kind", "closed_case", "--country", "AUT",
                 "--years-after-majority", "5", "--source", SOURCE)  # fmt: skip
    call_command("retention", "rules")
    assert "AUT closed_case: 5 years after 18" in capsys.readouterr().out
    with pytest.raises(CommandError, match="years_after_majority"):
        call_command("retention", "rule-set", "--kind", "closed_case", "--country", "DEU",
                     "--source", SOURCE)  # fmt: skip
    with pytest.raises(CommandError, match="no such child"):
        call_command("retention", "hold", "--child", "00000000-0000-0000-0000-000000000000",
                     "--reason", "x")  # fmt: skip
    call_command("retention", "run", "--dry-run")
    assert "0 due" in capsys.readouterr().out
    call_command("retention", "schedule")
    call_command("retention", "schedule")
    out = capsys.readouterr().out
    assert "daily run planned" in out
    assert "daily run already waiting" in out


def test_an_erased_file_takes_its_recordings_segments_and_keys(
    world, api, django_capture_on_commit_callbacks
) -> None:
    from kinhaven.interviews.media import recording_storage
    from kinhaven.interviews.models import Recording
    from kinhaven.interviews.tests.test_recordings import _interview, _plaintext, _upload

    rule_set(kind="closed_case", country="*", years_after_majority=1, source=SOURCE)
    child = child_register(
        actor=world.caseworker,
        data=ChildIn.model_validate({"given_name": "Lena", "date_of_birth": "2000-01-01"}),
    )
    case = case_open(actor=world.caseworker, child=child)
    base = _interview(api, child)
    _upload(api("caseworker"), base, _plaintext(1_500_000))
    recording = Recording.objects.get()
    stored = recording_storage().listdir(recording.storage_name)[1]
    assert len(stored) == 2  # two segments of 1 MiB
    case_transition(actor=world.caseworker, case=case, to="closed", reason="Durable solution.")
    case_closure_decide(
        actor=world.supervisor, case=case, data=ClosureDecisionIn(decision="approve")
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert [e.record.pk for e in retention_run()] == [child.pk]
    # The row that held the recording's wrapped key is gone, and the segments with it.
    assert not Recording.objects.exists()
    assert not recording_storage().exists(f"{recording.storage_name}/00000000")
    entry = AuditEntry.objects.get(action="retention.erase")
    assert entry.detail["removed"]["files"] == 2
