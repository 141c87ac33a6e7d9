import pytest

from kinhaven.accounts.models import User
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open, case_update
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register, child_update
from kinhaven.children.validators import PartialDate
from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(world):
    return child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))


def test_open_case_transition_note_and_missing_on_the_web(world, child) -> None:
    client = web_client(world.caseworker)
    response = client.post(
        f"/cases/new/{child.public_id}/",
        {"summary": "Arrived alone.", "assigned_to": str(world.caseworker.public_id)},
    )
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.public_id}/"
    client.post(f"/cases/{case.public_id}/transition/", {"to": "assessment"})
    client.post(f"/cases/{case.public_id}/notes/", {"body": "Met the child."})
    case.refresh_from_db()
    assert case.status == "assessment"
    page = client.get(f"/cases/{case.public_id}/").content.decode()
    assert "Met the child." in page


def test_refused_transition_shows_the_error(world, child) -> None:
    case = case_open(actor=world.caseworker, child=child)
    client = web_client(world.caseworker)
    response = client.post(f"/cases/{case.public_id}/transition/", {"to": "closed"})
    assert response.status_code == 422
    assert "reason" in response.context["transition_form"].errors
    case.refresh_from_db()
    assert case.status == "reported"


def test_case_list_filters_by_status_and_name(world, child) -> None:
    case = case_open(actor=world.caseworker, child=child)
    reference = str(case.reference)
    other = child_register(actor=world.caseworker, data=ChildIn(given_name="Omar"))
    case_open(actor=world.caseworker, child=other)
    client = web_client(world.caseworker)
    page = client.post("/cases/", {"q": "amina"}).content.decode()
    assert reference in page
    assert "Omar" not in page
    page = client.post("/cases/", {"status": "closed"}).content.decode()
    assert reference not in page


def test_home_lists_my_open_cases(world, child) -> None:
    reference = str(case_open(actor=world.caseworker, child=child).reference)
    assert reference in web_client(world.caseworker).get("/").content.decode()
    assert reference not in web_client(world.teammate).get("/").content.decode()


def test_edit_case_validates_assignee(world, child) -> None:
    case = case_open(actor=world.caseworker, child=child)
    client = web_client(world.caseworker)
    response = client.post(
        f"/cases/{case.public_id}/edit/",
        {"summary": "x", "assigned_to": str(world.caseworker2.public_id)},
    )
    assert response.status_code == 422
    assert "assigned_to" in response.context["form"].errors


def test_the_timeline_names_the_fields_changed_in_the_readers_language(world, child) -> None:
    case = case_open(actor=world.caseworker, child=child, summary="Arrived alone.")
    child_update(
        actor=world.caseworker,
        child=child,
        changes=ChildIn(family_name="Barry", date_of_birth=PartialDate(2012)),
    )
    case_update(actor=world.caseworker, case=case, summary="Now in care.")
    client = web_client(world.caseworker)
    timeline = client.get(f"/cases/{case.public_id}/").content.decode().split('id="timeline"')[1]
    assert "(date of birth, family name)" in timeline
    assert "(summary)" in timeline
    assert "date_of_birth" not in timeline
    assert "family_name" not in timeline
    User.objects.filter(pk=world.caseworker.pk).update(language="de")
    timeline = client.get(f"/cases/{case.public_id}/").content.decode().split('id="timeline"')[1]
    assert "Familienname)" in timeline
    assert "(Zusammenfassung)" in timeline
