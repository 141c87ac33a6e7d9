"""Transfers of whole cases between agencies: the services, the pages and the API."""

import datetime as dt
import threading

import pytest
from django.db import connection

from kinhaven.accounts.enums import RoleCode
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.children.validators import PartialDate
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.worklist import worklist_for
from kinhaven.deadlines.models import Deadline
from kinhaven.notifications.models import Notification
from kinhaven.referrals.models import Referral, Transfer
from kinhaven.referrals.services import (
    referral_create,
    transfer_accept,
    transfer_create,
    transfer_refuse,
    transfer_withdraw,
)

pytestmark = pytest.mark.django_db

NAME = "Farida"


@pytest.fixture
def supervisor2(world):
    return world.user("supervisor2", RoleCode.SUPERVISOR, world.other_agency, None)


@pytest.fixture
def case(world):
    child = child_register(
        actor=world.caseworker,
        data=ChildIn(
            given_name=NAME,
            sex="F",
            # Born 13 years ago this year: 12 or 13 today, in the band 12 to 14.
            date_of_birth=PartialDate(time.today().year - 13),
            health_notes="Asthma",
        ),
    )
    return case_open(actor=world.caseworker, child=child)


def _transfer(world, case, **changes):
    data = {
        "actor": world.caseworker,
        "case": case,
        "to_agency": world.other_agency,
        "reasons": "The family settled in the other agency's district",
        "needs": ["shelter", "education"],
        "urgency": "urgent",
        "consent": "child",
        **changes,
    }
    return transfer_create(**data)


def _body(world, case, **changes):
    body = {
        "case_id": str(case.public_id),
        "to_agency_id": str(world.other_agency.public_id),
        "reasons": "The family moved",
        "needs": ["shelter"],
        "urgency": "normal",
        "consent": "guardian",
        **changes,
    }
    return {k: v for k, v in body.items() if v is not None}


def _closed(case: Case) -> None:
    """Close the case as set-up (how a closure is decided, and by whom, is the cases app's)."""
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=time.now())
    case.refresh_from_db()


# Services


def test_acceptance_moves_the_whole_case_and_the_sender_loses_access(
    world, case, supervisor2, api
) -> None:
    sender = api("caseworker")
    assert sender.get(f"/api/v1/cases/{case.public_id}").status_code == 200
    deadlines = set(Deadline.objects.filter(case=case).values_list("pk", flat=True))
    assert deadlines  # the case's own (a review at least)
    transfer = _transfer(world, case)
    # Nothing moves before the answer.
    assert sender.get(f"/api/v1/cases/{case.public_id}").status_code == 200
    transfer_accept(actor=supervisor2, transfer=transfer, assignee=world.caseworker2)
    case.refresh_from_db()
    assert (case.agency, case.assigned_to, case.team) == (
        world.other_agency,
        world.caseworker2,
        world.team_two,
    )
    case.child.refresh_from_db()
    assert case.child.agency == world.other_agency
    # The sender (and their supervisor) get 404 on the case and on the child.
    assert sender.get(f"/api/v1/cases/{case.public_id}").status_code == 404
    assert sender.get(f"/api/v1/children/{case.child.public_id}").status_code == 404
    assert api("supervisor").get(f"/api/v1/cases/{case.public_id}").status_code == 404
    # The receiver sees them, with the deadlines, which now escalate to its own agency.
    receiver = api("caseworker2")
    assert receiver.get(f"/api/v1/cases/{case.public_id}").status_code == 200
    assert receiver.get(f"/api/v1/children/{case.child.public_id}").json()["given_name"] == NAME
    moved = Deadline.objects.filter(pk__in=deadlines, completed_at__isnull=True)
    assert set(moved.values_list("agency_id", flat=True)) == {world.other_agency.pk}
    assert set(Deadline.objects.filter(case=case).values_list("pk", flat=True)) == deadlines
    # Every step on the timeline and in the audit trail.
    kinds = list(case.events.values_list("kind", flat=True))
    assert {"transfer_sent", "transfer_answered", "case_moved", "assigned"} <= set(kinds)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"transfer.create", "transfer.accept", "case.move"} <= actions
    # Told: the receiving agency when offered, the sender when accepted, the new caseworker.
    assert Notification.objects.filter(recipient=supervisor2).exists()
    told = Notification.objects.filter(recipient=world.caseworker)
    assert told.filter(title__contains="accepted").exists()
    assert Notification.objects.filter(
        recipient=world.caseworker2, path=f"/cases/{case.public_id}/"
    ).exists()
    transfer.refresh_from_db()
    assert (transfer.status, transfer.answered_by) == ("accepted", supervisor2)


def test_acceptance_may_leave_the_case_unassigned_for_the_supervisors(
    world, case, supervisor2, api
) -> None:
    transfer = _transfer(world, case)
    transfer_accept(actor=world.caseworker2, transfer=transfer, assignee=None)
    case.refresh_from_db()
    assert (case.agency, case.assigned_to, case.team) == (world.other_agency, None, None)
    assert api("supervisor2").get(f"/api/v1/cases/{case.public_id}").status_code == 200
    assert api("caseworker2").get(f"/api/v1/cases/{case.public_id}").status_code == 404


def test_the_assignee_must_be_a_caseworker_of_the_receiving_agency(
    world, case, supervisor2
) -> None:
    transfer = _transfer(world, case)
    with pytest.raises(ApplicationError) as caught:
        transfer_accept(actor=supervisor2, transfer=transfer, assignee=world.teammate)
    assert caught.value.field == "assigned_to"
    transfer.refresh_from_db()
    case.refresh_from_db()
    assert (transfer.status, case.agency) == ("pending", world.agency)  # nothing half-done


def test_the_senders_open_referrals_follow_the_case(world, case, supervisor2) -> None:
    transfer = _transfer(world, case)
    Referral.objects.create(
        case=case,
        child=case.child,
        from_agency=world.agency,
        to_agency=world.other_agency,
        service_kind="health",
        reason="Check-up",
        urgency="normal",
        sections=["identity"],
        consent="child_consent",
        response_due_at=transfer.response_due_at,
        created_by=world.caseworker,
    )
    transfer_accept(actor=supervisor2, transfer=transfer)
    assert set(Referral.objects.values_list("from_agency", flat=True)) == {world.other_agency.pk}


def test_refusal_needs_reasons_and_leaves_the_case(world, case, supervisor2, api) -> None:
    transfer = _transfer(world, case)
    with pytest.raises(ApplicationError) as caught:
        transfer_refuse(actor=supervisor2, transfer=transfer, reasons="  ")
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID, "reasons")
    answer = api("supervisor2").post(f"/api/v1/transfers/{transfer.public_id}/refuse", {})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["reasons"]
    transfer_refuse(actor=supervisor2, transfer=transfer, reasons="No shelter places")
    case.refresh_from_db()
    assert case.agency == world.agency
    assert Notification.objects.filter(
        recipient=world.caseworker, title__contains="refused"
    ).exists()
    assert AuditEntry.objects.filter(action="transfer.refuse").count() == 1
    # Answered: no second answer, and a new transfer may be sent.
    with pytest.raises(ApplicationError) as again:
        transfer_accept(actor=supervisor2, transfer=transfer)
    assert again.value.code == ErrorCode.TRANSITION_NOT_ALLOWED
    assert _transfer(world, case).status == "pending"


def test_consent_is_recorded_never_assumed(world, case) -> None:
    with pytest.raises(FieldErrors) as missing:
        _transfer(world, case, consent="")
    assert set(missing.value.errors) == {"consent"}
    with pytest.raises(FieldErrors) as unjustified:
        _transfer(world, case, consent="not_sought", consent_note="")
    assert set(unjustified.value.errors) == {"consent_note"}
    assert not Transfer.objects.exists()
    transfer = _transfer(
        world, case, consent="not_sought", consent_note="The child is unconscious in hospital"
    )
    assert transfer.consent == "not_sought"


def test_bad_transfers_name_their_fields(world, case) -> None:
    with pytest.raises(FieldErrors) as caught:
        _transfer(
            world,
            case,
            to_agency=world.agency,
            reasons="",
            needs=["spa"],
            urgency="whenever",
            consent="maybe",
        )
    assert set(caught.value.errors) == {"to_agency_id", "reasons", "needs", "urgency", "consent"}


def test_one_pending_transfer_per_case(world, case, api) -> None:
    first = _transfer(world, case)
    with pytest.raises(ApplicationError) as caught:
        _transfer(world, case)
    assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "case_id")
    answer = api("caseworker").post("/api/v1/transfers", _body(world, case))
    assert answer.status_code == 409
    assert Transfer.objects.count() == 1
    transfer_withdraw(actor=world.caseworker, transfer=first)
    assert _transfer(world, case).status == "pending"


def test_only_each_side_makes_its_moves(world, case, supervisor2) -> None:
    transfer = _transfer(world, case)
    with pytest.raises(ApplicationError) as sender_accepts:
        transfer_accept(actor=world.supervisor, transfer=transfer)
    assert sender_accepts.value.code == ErrorCode.PERMISSION_DENIED
    with pytest.raises(ApplicationError) as receiver_withdraws:
        transfer_withdraw(actor=supervisor2, transfer=transfer)
    assert receiver_withdraws.value.code == ErrorCode.PERMISSION_DENIED
    frontline = world.user("frontline2", RoleCode.FRONTLINE_RESPONDER, world.other_agency, None)
    with pytest.raises(ApplicationError) as no_capability:
        transfer_accept(actor=frontline, transfer=transfer)
    assert no_capability.value.code == ErrorCode.PERMISSION_DENIED
    transfer_withdraw(actor=world.caseworker, transfer=transfer, reasons="Family came back")
    with pytest.raises(ApplicationError) as after:
        transfer_accept(actor=supervisor2, transfer=transfer)
    assert after.value.code == ErrorCode.TRANSITION_NOT_ALLOWED
    assert Notification.objects.filter(recipient=supervisor2, title__contains="withdrawn").exists()


def test_only_the_holding_agency_transfers_an_open_case(world, case) -> None:
    with pytest.raises(ApplicationError) as other_agency:
        _transfer(world, case, actor=world.caseworker2)
    assert other_agency.value.code == ErrorCode.PERMISSION_DENIED
    with pytest.raises(ApplicationError) as analyst:
        _transfer(world, case, actor=world.analyst)
    assert analyst.value.code == ErrorCode.PERMISSION_DENIED
    _closed(case)
    with pytest.raises(ApplicationError) as closed:
        _transfer(world, case)
    assert closed.value.field == "case_id"


def test_a_case_closed_while_waiting_is_not_moved(world, case, supervisor2) -> None:
    transfer = _transfer(world, case)
    _closed(case)
    with pytest.raises(ApplicationError) as caught:
        transfer_accept(actor=supervisor2, transfer=transfer)
    assert caught.value.code == ErrorCode.CONFLICT
    assert Case.objects.get(pk=case.pk).agency == world.agency


def test_the_answer_is_due_by_the_receiving_countrys_referral_rule(world, case) -> None:
    transfer = _transfer(world, case, urgency="urgent")
    assert transfer.response_due_at - transfer.created_at < dt.timedelta(hours=24, seconds=5)


def test_the_task_lists_show_what_waits_for_an_answer(world, case, supervisor2) -> None:
    transfer = _transfer(world, case)
    referral = referral_create(
        actor=world.caseworker,
        case=case,
        to_agency=world.other_agency,
        service_kind="health",
        reason="Check-up",
        urgency="normal",
        sections=["health"],
        consent="child_consent",
    )
    items = {i.kind: i for i in worklist_for(supervisor2, kinds=["transfer", "referral"])}
    assert items["transfer"].url == f"/transfers/{transfer.public_id}/"
    assert items["referral"].url == f"/referrals/{referral.public_id}/"
    # The receiver does not see the case yet: no reference, and never the child's name.
    assert items["transfer"].case_reference == items["referral"].case_reference == ""
    assert all(NAME not in str(i.title) for i in items.values())
    assert items["transfer"].due == transfer.response_due_at
    # Nothing for the sender, nor for a receiver without the capabilities.
    assert worklist_for(world.caseworker, kinds=["transfer", "referral"]) == []
    assert worklist_for(world.analyst, kinds=["transfer", "referral"]) == []
    transfer_accept(actor=supervisor2, transfer=transfer)
    assert [i.kind for i in worklist_for(supervisor2, kinds=["transfer"])] == []


# Pages


def test_the_whole_path_through_the_pages(world, case, supervisor2) -> None:
    sender = web_client(world.caseworker)
    form = sender.get(f"/transfers/new/{case.public_id}/")
    assert form.status_code == 200
    html = form.content.decode()
    # Nothing pre-set: the consent and the urgency start on an empty choice.
    assert '<option value="" selected>' in html
    assert "child</option>" not in html.split('name="consent"')[1].split("selected")[0]
    bad = sender.post(f"/transfers/new/{case.public_id}/", {"reasons": "Moved"})
    assert bad.status_code == 422
    assert set(bad.context["form"].errors) == {"to_agency", "needs", "urgency", "consent"}
    sent = sender.post(
        f"/transfers/new/{case.public_id}/",
        {
            "to_agency": str(world.other_agency.public_id),
            "reasons": "The family moved",
            "needs": ["shelter", "education"],
            "urgency": "urgent",
            "consent": "guardian",
            "note": "Speaks Dari",
        },
    )
    assert sent.status_code == 302
    transfer = Transfer.objects.get()
    receiver = web_client(supervisor2)
    queue = receiver.get("/referrals/").content.decode()
    assert f"/transfers/{transfer.public_id}/" in queue
    page = receiver.get(f"/transfers/{transfer.public_id}/").content.decode()
    # Enough to decide, no more: age band, sex, needs, urgency; no name, no reference.
    assert 'id="transfer-age">12 to 14 years<' in page
    assert 'id="transfer-sex">Female<' in page
    assert 'id="transfer-needs">Education, Shelter<' in page
    assert 'id="transfer-urgency">Urgent<' in page
    assert NAME not in page
    assert case.reference not in page
    refused = receiver.post(f"/transfers/{transfer.public_id}/refuse/", {"reasons": ""})
    assert refused.status_code == 422
    assert 'id="id_reasons_error"' in refused.content.decode()
    accepted = receiver.post(
        f"/transfers/{transfer.public_id}/accept/",
        {"assigned_to": str(world.caseworker2.public_id)},
    )
    assert accepted.status_code == 302
    assert accepted["Location"] == f"/cases/{case.public_id}/"
    assert sender.get(f"/cases/{case.public_id}/").status_code == 404
    assert web_client(world.caseworker2).get(f"/cases/{case.public_id}/").status_code == 200
    # The sender keeps the answer, without the case's reference.
    answered = sender.get(f"/transfers/{transfer.public_id}/").content.decode()
    assert "Accepted" in answered
    assert case.reference not in answered


def test_the_sender_withdraws_on_the_page(world, case) -> None:
    transfer = _transfer(world, case)
    sender = web_client(world.caseworker)
    page = sender.get(f"/transfers/{transfer.public_id}/").content.decode()
    assert 'id="transfer-withdraw"' in page
    assert 'id="transfer-accept"' not in page
    assert case.reference in page  # the sender sees the case
    done = sender.post(f"/transfers/{transfer.public_id}/withdraw/", {"reasons": ""})
    assert done.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == "withdrawn"


def test_the_case_page_gets_its_transfer_link(world, case) -> None:
    from kinhaven.cases.views import CASE_PAGE
    from kinhaven.core.pages import page_contributions

    offered = page_contributions(CASE_PAGE, world.caseworker, case)["case_transfer"]
    assert offered == {"pending": None, "can_send": True}
    assert "case_transfer" not in page_contributions(CASE_PAGE, world.caseworker2, case)
    transfer = _transfer(world, case)
    waiting = page_contributions(CASE_PAGE, world.caseworker, case)["case_transfer"]
    assert waiting == {"pending": transfer, "can_send": True}


def test_strangers_get_404(world, case) -> None:
    transfer = _transfer(world, case)
    # Neither an analyst nor a caseworker of the sending agency who does not see the case.
    assert web_client(world.analyst).get(f"/transfers/{transfer.public_id}/").status_code == 404
    other_team = web_client(world.other_team_worker)
    assert other_team.get(f"/transfers/{transfer.public_id}/").status_code == 404
    assert AuditEntry.objects.filter(action="transfer.read", outcome="denied").count() == 2


# API


def test_the_api_path(world, case, supervisor2, api) -> None:
    sender, receiver = api("caseworker"), api("supervisor2")
    missing = api("caseworker").post("/api/v1/transfers", _body(world, case, consent=None))
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["consent"]
    created = sender.post("/api/v1/transfers", _body(world, case))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["case_reference"] == case.reference
    transfer_id = body["id"]
    incoming = receiver.get("/api/v1/transfers").json()
    assert incoming["count"] == 1
    item = incoming["items"][0]
    assert (item["sex"], item["needs"], item["urgency"]) == ("F", ["shelter"], "normal")
    assert item["age_band"] == "12 to 14 years"
    assert item["case_reference"] is None
    assert NAME not in str(incoming)
    assert sender.get("/api/v1/transfers", direction="outgoing").json()["count"] == 1
    assert sender.get("/api/v1/transfers").json()["count"] == 0  # incoming by default
    assert sender.post(f"/api/v1/transfers/{transfer_id}/accept", {}).status_code == 403
    accepted = receiver.post(
        f"/api/v1/transfers/{transfer_id}/accept",
        {"assigned_to": str(world.caseworker2.public_id)},
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["case_reference"] == case.reference  # now the receiver's case
    assert sender.get(f"/api/v1/cases/{case.public_id}").status_code == 404
    assert sender.post(f"/api/v1/transfers/{transfer_id}/withdraw", {}).status_code == 409


def test_the_api_refuses_an_unknown_assignee_and_a_withdrawal_by_the_receiver(
    world, case, supervisor2, api
) -> None:
    transfer = _transfer(world, case)
    receiver = api("supervisor2")
    url = f"/api/v1/transfers/{transfer.public_id}"
    wrong = receiver.post(f"{url}/accept", {"assigned_to": str(world.caseworker.public_id)})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "assigned_to"
    assert receiver.post(f"{url}/withdraw", {}).status_code == 403
    assert api("caseworker").post(f"{url}/withdraw", {"reasons": "Stays"}).status_code == 200


# Concurrency (PostgreSQL)


def _race(*moves) -> list[str]:
    """Run the moves at once, each on its own connection; return "ok" or each refusal's code."""
    results: list[str] = []
    barrier = threading.Barrier(len(moves))

    def run(move) -> None:
        barrier.wait()
        try:
            move()
            results.append("ok")
        except ApplicationError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(m,)) for m in moves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_two_senders_at_once_make_one_pending_transfer(world, case) -> None:
    results = _race(*[lambda: _transfer(world, case)] * 3)
    assert results == ["conflict", "conflict", "ok"]
    assert Transfer.objects.filter(case=case).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_an_acceptance_and_a_withdrawal_at_once_do_one_thing(world, case, supervisor2) -> None:
    transfer = _transfer(world, case)
    # Both read the transfer while it waits, then act on what they read.
    read_by_receiver, read_by_sender = (Transfer.objects.get(pk=transfer.pk) for _ in "rs")

    def accept() -> None:
        transfer_accept(actor=supervisor2, transfer=read_by_receiver)

    def withdraw() -> None:
        transfer_withdraw(actor=world.caseworker, transfer=read_by_sender)

    assert _race(accept, withdraw) == ["conflict", "ok"]
    transfer.refresh_from_db()
    case.refresh_from_db()
    moved = case.agency == world.other_agency
    assert moved == (transfer.status == "accepted")


def test_a_child_with_another_open_case_here_is_not_transferred_by_halves(
    world, case, supervisor2
) -> None:
    transfer = _transfer(world, case)
    second = case_open(actor=world.caseworker, child=case.child)
    with pytest.raises(ApplicationError) as on_accept:
        transfer_accept(actor=supervisor2, transfer=transfer)
    assert (on_accept.value.code, on_accept.value.field) == (ErrorCode.CONFLICT, "case_id")
    page = web_client(supervisor2).post(f"/transfers/{transfer.public_id}/accept/", {})
    assert page.status_code == 409
    assert "another open case" in page.content.decode()
    assert 'id="transfer-status">Waiting for an answer<' in page.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == "pending"
    transfer_withdraw(actor=world.caseworker, transfer=transfer)
    with pytest.raises(ApplicationError) as on_send:
        _transfer(world, case)
    assert on_send.value.code == ErrorCode.CONFLICT
    _closed(second)
    transfer_accept(actor=supervisor2, transfer=_transfer(world, case))
    case.refresh_from_db()
    assert case.agency == world.other_agency


def test_the_transfer_lists_make_a_bounded_number_of_queries(
    world, supervisor2, api, django_assert_max_num_queries
) -> None:
    def send(count: int) -> None:
        for _ in range(count):
            child = child_register(actor=world.caseworker, data=ChildIn(given_name="N"))
            _transfer(world, case_open(actor=world.caseworker, child=child))

    send(2)
    web, client = web_client(supervisor2), api("supervisor2")
    web.get("/referrals/")
    client.get("/api/v1/transfers")
    send(10)
    with django_assert_max_num_queries(25):
        assert web.get("/referrals/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/api/v1/transfers").json()["count"] == 12
    with django_assert_max_num_queries(15):
        assert len(worklist_for(supervisor2, kinds=["transfer", "referral"])) == 12
