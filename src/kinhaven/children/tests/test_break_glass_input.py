"""Break-glass: the web form and the API check the request with one input model, and refuse the
same input on the same field."""

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.cases.services import case_open
from kinhaven.children.models import ChildAccessGrant
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db

LEFT_OUT = object()
SHORT = "Write why you need this record now (at least 10 characters)."


@pytest.fixture
def child(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Амина"))
    case_open(actor=world.caseworker, child=child)
    return child


@pytest.fixture
def police(world):
    return world.user("police", RoleCode.POLICE_INVESTIGATOR, world.agency, None)


def _refusals(police, api, child, reason):
    """The errors by field of the web form and of the API, each answered 422."""
    given = {} if reason is LEFT_OUT else {"reason": reason}
    web = web_client(police).post(
        "/children/break-glass/", {"reference": child.cases.get().reference, **given}
    )
    answer = api("police").post(f"/api/v1/children/{child.public_id}/break-glass", given)
    assert web.status_code == answer.status_code == 422, (web.status_code, answer.content)
    assert not ChildAccessGrant.objects.exists()
    api_errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    return {k: list(v) for k, v in web.context["form"].errors.items()}, api_errors


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        (LEFT_OUT, "This field is required."),
        ("urgent", SHORT),
        # The reason counts once its spaces are trimmed.
        ("     urgent     ", SHORT),
    ],
)
def test_the_form_and_the_api_refuse_alike(world, api, child, police, reason, message) -> None:
    form_errors, api_errors = _refusals(police, api, child, reason)
    assert form_errors == {"reason": [message]}
    assert api_errors == {"reason": message}


@pytest.mark.parametrize(
    ("reason", "limit"),
    [("x" * 2001, "at most 2000 characters"), ("Child in danger\x00", None), ("   ", None)],
)
def test_the_form_and_the_api_refuse_on_the_same_field(
    world, api, child, police, reason, limit
) -> None:
    form_errors, api_errors = _refusals(police, api, child, reason)
    assert set(form_errors) == set(api_errors) == {"reason"}
    if limit:
        # The same limit; Django and pydantic word it each their own way.
        assert limit in form_errors["reason"][0]
        assert limit in api_errors["reason"]


def test_the_form_builds_the_apis_reason(world, api, child, police) -> None:
    response = web_client(police).post(
        "/children/break-glass/",
        {"reference": f"  {child.cases.get().reference} ", "reason": "  Found at the station  "},
    )
    assert response.status_code == 302
    assert ChildAccessGrant.objects.get().reason == "Found at the station"
    opened = api("police").post(
        f"/api/v1/children/{child.public_id}/break-glass", {"reason": "  Found at the station  "}
    )
    assert opened.status_code == 201
    assert {g.reason for g in ChildAccessGrant.objects.all()} == {"Found at the station"}
