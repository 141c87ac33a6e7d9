"""Every case gets its deadlines, however it was opened: through the API, on the case page, or
from a report."""

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.cases.models import Case
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline
from kinhaven.guardianship.services import guardian_appoint

pytestmark = pytest.mark.django_db

# With the best-interests assessment every case opens (bestinterests.services.bia_open).
EVERY_CASE = {
    DeadlineCode.GUARDIAN_APPOINTMENT,
    DeadlineCode.CASE_REVIEW,
    DeadlineCode.BEST_INTERESTS_ASSESSMENT,
}


def _codes(case: Case) -> set[str]:
    return set(
        Deadline.objects.filter(case=case, completed_at__isnull=True).values_list("code", flat=True)
    )


@pytest.fixture
def child(world):
    return child_register(actor=world.caseworker, data=ChildIn(given_name="Selam"))


def test_a_case_opened_through_the_api_has_its_guardian_and_review_deadlines(
    world, api, child
) -> None:
    answer = api("caseworker").post("/api/v1/cases", {"child_id": str(child.public_id)})
    assert answer.status_code == 201, answer.content
    case = Case.objects.get(public_id=answer.json()["id"])
    assert _codes(case) == EVERY_CASE
    review = Deadline.objects.get(case=case, code=DeadlineCode.CASE_REVIEW)
    assert (review.due_at - review.starts_at).days == 90


def test_a_case_opened_on_the_page_has_them_too(world, child) -> None:
    page = web_client(world.caseworker).post(
        f"/cases/new/{child.public_id}/", {"summary": "Found at the station."}
    )
    assert page.status_code == 302, page.content
    assert _codes(Case.objects.get(child=child)) == EVERY_CASE


def test_a_child_with_a_guardian_needs_no_appointment_deadline(world, api, child) -> None:
    guardian = world.user("guardian-1", RoleCode.GUARDIAN, world.agency, None)
    guardian_appoint(actor=world.supervisor, child=child, guardian=guardian)
    answer = api("caseworker").post("/api/v1/cases", {"child_id": str(child.public_id)})
    assert answer.status_code == 201, answer.content
    assert _codes(Case.objects.get(public_id=answer.json()["id"])) == {
        DeadlineCode.CASE_REVIEW,
        DeadlineCode.BEST_INTERESTS_ASSESSMENT,
    }
