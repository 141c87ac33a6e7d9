"""Break-glass across agencies: only where the holding agency agreed, and the holder is told."""

import threading
import uuid

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from kinhaven.accounts.enums import OrganisationType, RoleCode
from kinhaven.accounts.models import User
from kinhaven.accounts.services import agency_create
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.grants import (
    break_glass_agreement_allow,
    break_glass_agreement_end,
    child_break_glass,
)
from kinhaven.children.models import BreakGlassAgreement, ChildAccessGrant
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import run_worker, web_client
from kinhaven.core.errors import ApplicationError, ErrorCode, NotFound
from kinhaven.notifications.models import Notification

pytestmark = pytest.mark.django_db

FILE = {"given_name": "Амина", "family_name": "Барри", "health_notes": "Asthma; inhaler"}
REASON = "Child reported in danger at the border tonight"


@pytest.fixture
def held(world):
    """A child whose record agency A (world.agency) holds, with a case."""
    child = child_register(actor=world.caseworker, data=ChildIn.model_validate(FILE))
    case = case_open(actor=world.caseworker, child=child)
    return child, case


@pytest.fixture
def outsiders(world):
    """Agency B's users who carry break-glass: a supervisor and a police investigator."""
    return {
        "supervisor2": world.user(
            "supervisor2", RoleCode.SUPERVISOR, world.other_agency, world.team_two
        ),
        "police2": world.user("police2", RoleCode.POLICE_INVESTIGATOR, world.other_agency, None),
    }


def _allow(*, revoke: bool = False) -> None:
    options = {"holder": "Agency One", "requester": "Agency Two", "by": "admin"}
    call_command("break_glass_allow", revoke=revoke, **options)


def _url(child_id: object) -> str:
    return f"/api/v1/children/{child_id}/break-glass"


@pytest.mark.parametrize("username", ["supervisor2", "police2"])
def test_without_an_agreement_another_agency_meets_a_missing_record(
    world, api, held, outsiders, username
) -> None:
    child, case = held
    client = api(username)
    hidden = client.post(_url(child.public_id), {"reason": REASON})
    missing = client.post(_url(uuid.uuid4()), {"reason": REASON})
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    denied = AuditEntry.objects.filter(
        action="child.read_for_break_glass", object_id=child.public_id, outcome="denied"
    )
    assert denied.count() == 1
    # The web form by case reference answers as for a reference that does not exist.
    web = web_client(outsiders[username])
    by_reference = web.post(
        "/children/break-glass/", {"reference": case.reference, "reason": REASON}
    )
    unknown = web.post("/children/break-glass/", {"reference": "KH-0000-000000", "reason": REASON})
    assert by_reference.status_code == unknown.status_code == 422
    assert "No record has this reference." in by_reference.content.decode()
    assert denied.count() == 2
    # Nothing opened, nobody told; the service refuses the same way when reached directly.
    with pytest.raises(NotFound):
        child_break_glass(actor=outsiders[username], child=child, reason=REASON)
    assert not ChildAccessGrant.objects.exists()
    assert not Notification.objects.filter(kind="break_glass").exists()
    assert client.get(f"/api/v1/children/{child.public_id}").status_code == 404


def test_the_inbox_names_who_broke_the_glass_by_name_and_role_in_each_readers_language(
    world, api, held, outsiders
) -> None:
    child, _case = held
    User.objects.filter(username="police2").update(first_name="Omar", last_name="Said")
    User.objects.filter(pk=world.supervisor.pk).update(language="de")
    _allow()
    assert api("police2").post(_url(child.public_id), {"reason": REASON}).status_code == 201
    titles = {
        n.recipient.username: n.title for n in Notification.objects.filter(kind="break_glass")
    }
    assert "Omar Said (Police investigator)" in titles["supervisor2"]
    assert "Omar Said (Polizeiermittler/in) von Agency Two" in titles["supervisor"]
    assert not any("police2" in title for title in titles.values())


def test_an_agreement_opens_the_records_and_the_holder_is_told(
    world, api, held, outsiders, settings
) -> None:
    child, _case = held
    for user in (world.supervisor, outsiders["supervisor2"]):
        user.email = f"{user.username}@example.org"
        user.save()
    _allow()
    client = api("police2")
    opened = client.post(_url(child.public_id), {"reason": REASON})
    assert opened.status_code == 201, opened.content
    assert opened.json()["relationship"] == "break_glass"
    grant = ChildAccessGrant.objects.get(kind="break_glass")
    assert grant.user == outsiders["police2"]
    # The holder's supervisors are told, as are the requester's: a link, never the data.
    told = Notification.objects.filter(kind="break_glass", path=f"/children/{child.public_id}/")
    assert set(told.values_list("recipient__username", flat=True)) == {
        "supervisor",
        "supervisor2",
    }
    holder_note = told.get(recipient=world.supervisor)
    assert "police2" in holder_note.title
    assert "Agency Two" in holder_note.title
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "supervisor2@example.org",
        "supervisor@example.org",
    ]
    for message in mail.outbox:
        assert "Амина" not in message.body
        assert "Барри" not in message.body
        assert str(child.public_id) in message.body
    # Shown on the record, with the agency the access came from, and on the holder's start page.
    page = web_client(world.caseworker).get(f"/children/{child.public_id}/").content.decode()
    assert REASON in page
    assert 'police2 (Police investigator)</span>, <span dir="auto">Agency Two' in page
    home = web_client(world.supervisor).get("/").content.decode()
    assert 'id="break-glass-report"' in home
    assert f"/children/{child.public_id}/" in home
    outside = web_client(outsiders["police2"]).get(f"/children/{child.public_id}/")
    assert "and to the agency that holds this record" in outside.content.decode()
    # Withdrawn: the open access ends with it, and new attempts meet a missing record again.
    _allow(revoke=True)
    grant.refresh_from_db()
    assert grant.ended_at is not None
    assert client.get(f"/api/v1/children/{child.public_id}").status_code == 404
    assert client.post(_url(child.public_id), {"reason": REASON}).status_code == 404
    actions = list(
        AuditEntry.objects.filter(action__startswith="child.break_glass")
        .order_by("id")
        .values_list("action", "actor__username")
    )
    assert actions == [
        ("child.break_glass_agreement", "admin"),
        ("child.break_glass", "police2"),
        ("child.break_glass_agreement_end", "admin"),
    ]


def test_an_agreement_is_for_one_direction_and_one_pair(world, api, held, outsiders) -> None:
    child, _case = held
    third = agency_create(
        name="Agency Three", country="AUT", organisation_type=OrganisationType.NGO
    )
    world.user("police3", RoleCode.POLICE_INVESTIGATOR, third, None)
    other_child = child_register(actor=world.caseworker2, data=ChildIn(given_name="Omar"))
    case_open(actor=world.caseworker2, child=other_child)
    _allow()  # Agency One lets Agency Two in
    assert api("police2").post(_url(child.public_id), {"reason": REASON}).status_code == 201
    # Not Agency Three, and not Agency One into Agency Two's records.
    assert api("police3").post(_url(child.public_id), {"reason": REASON}).status_code == 404
    police = world.user("police", RoleCode.POLICE_INVESTIGATOR, world.agency, None)
    assert (
        api(police.username).post(_url(other_child.public_id), {"reason": REASON}).status_code
        == 404
    )


def test_within_the_agency_nothing_changes(world, api, held) -> None:
    child, _case = held
    world.user("police", RoleCode.POLICE_INVESTIGATOR, world.agency, None)
    opened = api("police").post(_url(child.public_id), {"reason": REASON})
    assert opened.status_code == 201, opened.content
    assert not BreakGlassAgreement.objects.exists()
    told = Notification.objects.filter(kind="break_glass")
    assert list(told.values_list("recipient__username", flat=True)) == ["supervisor"]
    page = web_client(world.supervisor).get(f"/children/{child.public_id}/").content.decode()
    # No agency named beside the holder's own staff.
    assert "police (Police investigator)</span> ·" in page


def test_a_user_without_an_agency_reaches_no_record(world, api, held) -> None:
    child, _case = held
    world.user("roaming", RoleCode.POLICE_INVESTIGATOR, None, None)
    refused = api("roaming").post(_url(child.public_id), {"reason": REASON})
    assert refused.status_code == 404


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"holder": "Nowhere", "requester": "Agency Two", "by": "admin"}, "--holder: no agency"),
        ({"holder": "Agency One", "requester": "", "by": "admin"}, "--requester: name the agency"),
        ({"holder": "Agency One", "requester": "Agency One", "by": "admin"}, "--requester:"),
        ({"holder": "Agency One", "requester": "Agency Two", "by": "caseworker"}, "--by:"),
        ({"holder": "Agency One", "requester": "Agency Two"}, "--by: name the administrator"),
    ],
)
def test_the_command_names_what_is_wrong(world, options, message) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("break_glass_allow", **options)
    assert message in str(caught.value)
    assert caught.value.returncode == 1  # a non-zero exit from the shell
    assert not BreakGlassAgreement.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="child.break_glass").exists()


def test_the_command_allows_once_revokes_once_and_lists(world, capsys) -> None:
    _allow()
    assert "Agency Two may now use break-glass on Agency One's records." in capsys.readouterr().out
    with pytest.raises(CommandError, match="already allows"):
        _allow()
    agreement = BreakGlassAgreement.objects.get()
    assert agreement.created_by == world.admin
    assert (agreement.holder_agency, agreement.requester_agency) == (
        world.agency,
        world.other_agency,
    )
    call_command("break_glass_allow", list=True)
    assert "Agency One allows Agency Two since" in capsys.readouterr().out
    _allow(revoke=True)
    with pytest.raises(CommandError, match="does not allow"):
        _allow(revoke=True)
    agreement.refresh_from_db()
    assert agreement.ended_by == world.admin
    call_command("break_glass_allow", list=True)
    assert "No agency allows break-glass to another." in capsys.readouterr().out
    # Allowed again later: a new agreement, the ended one kept as history.
    _allow()
    assert BreakGlassAgreement.objects.count() == 2
    assert BreakGlassAgreement.objects.filter(ended_at__isnull=True).count() == 1


def _together(*steps) -> list[str]:
    """Run the steps at the same moment, each in its own connection; return how each ended."""
    results: list[str] = []
    barrier = threading.Barrier(len(steps))

    def run(step) -> None:
        barrier.wait()
        try:
            step()
            results.append("ok")
        except ApplicationError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_concurrent_changes_leave_no_access_behind(world, held, outsiders) -> None:
    child, _case = held
    pair = {"holder": world.agency, "requester": world.other_agency}
    allow = lambda: break_glass_agreement_allow(actor=world.admin, **pair)  # noqa: E731
    assert sorted(_together(allow, allow)) == ["conflict", "ok"]
    assert BreakGlassAgreement.objects.filter(ended_at__isnull=True).count() == 1
    # A withdrawal racing a break-glass: either comes first, or ends the access it let in.
    results = _together(
        lambda: child_break_glass(actor=outsiders["police2"], child=child, reason=REASON),
        lambda: break_glass_agreement_end(actor=world.admin, **pair),
    )
    assert "ok" in results
    active = ChildAccessGrant.objects.filter(kind="break_glass", ended_at__isnull=True)
    assert not active.exists()


def test_only_the_holders_administrators_allow_break_glass_to_its_records(world) -> None:
    outsider_admin = world.user("admin2", RoleCode.ADMINISTRATOR, world.other_agency, None)
    with pytest.raises(ApplicationError) as refused:
        break_glass_agreement_allow(
            actor=outsider_admin, holder=world.agency, requester=world.other_agency
        )
    assert refused.value.code == ErrorCode.PERMISSION_DENIED
    assert refused.value.field == "holder"
    assert not BreakGlassAgreement.objects.exists()
