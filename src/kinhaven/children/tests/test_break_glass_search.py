"""Break-glass from a name search: a user who carries break-glass and has no relationship to the
child finds them by name (POST, audited, minimal results), picks one, and gets the
time-limited access only with a written reason, reported as any break-glass."""

import pytest
from django.core.management import call_command

from kinhaven.accounts.enums import RoleCode
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.models import ChildAccessGrant
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.notifications.models import Notification

pytestmark = pytest.mark.django_db

PAGE = "/children/break-glass/"
FILE = {
    "given_name": "Amina",
    "family_name": "Barrysecret",
    "date_of_birth": "2012-03-04",
    "health_notes": "Asthma; inhaler",
}
REASON = "Child reported in danger at the border tonight"


@pytest.fixture
def held(world):
    child = child_register(actor=world.caseworker, data=ChildIn.model_validate(FILE))
    case = case_open(actor=world.caseworker, child=child)
    return child, case


@pytest.fixture
def police(world):
    """Of the agency holding the record, with break-glass, and no relationship to the child."""
    return world.user("police", RoleCode.POLICE_INVESTIGATOR, world.agency, None)


def _searches(user) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(actor=user, action="child.list", purpose="break_glass"))


def test_a_name_search_finds_the_child_with_minimal_results_audited(world, held, police) -> None:
    child, case = held
    web = web_client(police)
    assert web.get(f"/children/{child.public_id}/").status_code == 404
    page = web.post(PAGE, {"q": "amina barrysecret", "search": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{child.public_id}"' in html
    assert "Amina Barrysecret" in html
    assert "born 2012" in html
    assert world.agency.name in html
    # Nothing of the file: not the day of birth, the health notes, the case.
    for hidden in ("2012-03-04", "Asthma", case.reference):
        assert hidden not in html
    (search,) = _searches(police)
    assert search.object_ids == [str(child.public_id)]
    # The words searched are never kept.
    assert "amina" not in str(search.detail).lower()
    assert not ChildAccessGrant.objects.exists()


def test_the_access_opens_only_with_the_reason(world, held, police) -> None:
    child, _case = held
    web = web_client(police)
    pick = {"q": "Amina", "pick-reference": str(child.public_id)}
    for reason in ("", "urgent"):
        refused = web.post(PAGE, {**pick, "pick-reason": reason})
        assert refused.status_code == 422
        assert 'id="pick-reason-error"' in refused.content.decode()
    # The list stays to pick from, and each showing of it is audited.
    assert f'value="{child.public_id}" checked' in refused.content.decode()
    assert len(_searches(police)) == 2
    assert not ChildAccessGrant.objects.exists()
    unpicked = web.post(PAGE, {"q": "Amina", "pick-reason": REASON})
    assert unpicked.status_code == 422
    assert 'id="pick-reference-error"' in unpicked.content.decode()
    opened = web.post(PAGE, {**pick, "pick-reason": REASON})
    assert opened.status_code == 302
    assert opened["Location"] == f"/children/{child.public_id}/"
    grant = ChildAccessGrant.objects.get(kind="break_glass", user=police)
    assert grant.reason == REASON
    assert grant.expires_at is not None
    assert AuditEntry.objects.filter(
        action="child.break_glass", purpose="break_glass", object_id=child.public_id
    ).exists()
    assert Notification.objects.filter(recipient=world.supervisor, kind="break_glass").exists()
    assert web.get(f"/children/{child.public_id}/").status_code == 200


def test_an_empty_search_names_the_field(world, police) -> None:
    page = web_client(police).post(PAGE, {"q": "  ", "search": "1"})
    assert page.status_code == 422
    assert 'id="q-error"' in page.content.decode()
    assert not _searches(police)


def test_another_agency_finds_the_child_only_where_the_holder_agreed(world, held) -> None:
    child, _case = held
    outsider = world.user("police2", RoleCode.POLICE_INVESTIGATOR, world.other_agency, None)
    web = web_client(outsider)
    before = web.post(PAGE, {"q": "Amina", "search": "1"}).content.decode()
    assert str(child.public_id) not in before
    assert 'id="break-glass-none"' in before
    # A tampered pick of a record out of reach answers like no such record.
    tampered = web.post(
        PAGE, {"q": "Amina", "pick-reference": str(child.public_id), "pick-reason": REASON}
    )
    assert tampered.status_code == 422
    assert "Pick a child from the list." in tampered.content.decode()
    assert not ChildAccessGrant.objects.exists()
    call_command("break_glass_allow", holder="Agency One", requester="Agency Two", by="admin")
    after = web.post(PAGE, {"q": "Amina", "search": "1"}).content.decode()
    assert f'value="{child.public_id}"' in after
    shown = [e.object_ids for e in sorted(_searches(outsider), key=lambda e: e.pk)]
    assert shown == [[], [], [str(child.public_id)]]


def test_without_break_glass_there_is_no_search(world, held) -> None:
    page = web_client(world.caseworker2).post(PAGE, {"q": "Amina", "search": "1"})
    assert page.status_code == 403
    assert not AuditEntry.objects.filter(purpose="break_glass").exists()


def test_the_api_finds_by_name_then_opens_with_the_reason(world, api, held, police) -> None:
    child, case = held
    client = api("police")
    found = client.post("/api/v1/children/break-glass/search", {"q": "Amina"})
    assert found.status_code == 200
    assert found.json() == {
        "results": [
            {
                "id": str(child.public_id),
                "name": "Amina Barrysecret",
                "birth_year": 2012,
                "agency": world.agency.name,
            }
        ],
        "more": False,
    }
    assert case.reference not in found.content.decode()
    (search,) = _searches(police)
    assert search.object_ids == [str(child.public_id)]
    empty = client.post("/api/v1/children/break-glass/search", {"q": " "})
    assert empty.status_code == 422
    assert [e["field"] for e in empty.json()["errors"]] == ["q"]
    url = f"/api/v1/children/{child.public_id}/break-glass"
    unexplained = client.post(url, {})
    assert unexplained.status_code == 422
    assert [e["field"] for e in unexplained.json()["errors"]] == ["reason"]
    assert not ChildAccessGrant.objects.exists()
    assert client.post(url, {"reason": REASON}).status_code == 201
    assert ChildAccessGrant.objects.filter(kind="break_glass", user=police).exists()


def test_the_api_search_needs_break_glass(world, api, held) -> None:
    assert (
        api("caseworker2").post("/api/v1/children/break-glass/search", {"q": "Amina"}).status_code
        == 403
    )
    assert not AuditEntry.objects.filter(purpose="break_glass").exists()
