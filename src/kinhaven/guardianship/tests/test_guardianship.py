import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction

from kinhaven.accounts.enums import RoleCode
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.children.validators import PartialDate
from kinhaven.conftest import web_client
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import input_validate
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline
from kinhaven.guardianship.forms import GuardianForm, GuardianHandoverForm
from kinhaven.guardianship.models import GuardianAppointment
from kinhaven.guardianship.schemas import GuardianIn, HandoverIn
from kinhaven.guardianship.services import (
    guardian_appoint,
    guardian_caseload,
    guardian_end,
    guardian_handover,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def guardians(world):
    return [world.user(f"guardian-{i}", RoleCode.GUARDIAN, world.agency, None) for i in range(2)]


@pytest.fixture
def child(world):
    return child_register(actor=world.caseworker, data=ChildIn(given_name="Yonas"))


def test_one_active_guardian_and_a_second_appointment_refused(world, guardians, child) -> None:
    first, second = guardians
    appointment = guardian_appoint(
        actor=world.supervisor, child=child, guardian=first, reason="Court order 12/26"
    )
    child.refresh_from_db()
    assert child.guardian == first
    assert guardian_appoint(actor=world.supervisor, child=child, guardian=first) == appointment
    with pytest.raises(ApplicationError) as caught:
        guardian_appoint(actor=world.supervisor, child=child, guardian=second)
    assert caught.value.code == ErrorCode.CONFLICT
    assert caught.value.field == "guardian"
    assert GuardianAppointment.objects.filter(child=child, ended_at__isnull=True).count() == 1


def test_the_database_refuses_two_active_appointments(world, guardians, child) -> None:
    first, second = guardians
    guardian_appoint(actor=world.supervisor, child=child, guardian=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        GuardianAppointment.objects.create(
            child=child,
            guardian=second,
            appointed_by=world.supervisor,
            appointed_at=child.created_at,
        )


def test_handover_ends_the_first_and_keeps_the_history(world, guardians, child) -> None:
    first, second = guardians
    guardian_appoint(actor=world.supervisor, child=child, guardian=first)
    with pytest.raises(FieldErrors) as caught:
        input_validate(HandoverIn, {"guardian": second.public_id, "reason": " "})
    assert set(caught.value.errors) == {"reason"}
    guardian_handover(actor=world.supervisor, child=child, guardian=second, reason="Moved region")
    child.refresh_from_db()
    assert child.guardian == second
    history = list(GuardianAppointment.objects.filter(child=child).order_by("id"))
    assert [(a.guardian, a.ended_at is None) for a in history] == [(first, False), (second, True)]
    assert history[0].end_reason == "Moved region"
    assert AuditEntry.objects.filter(action="guardian.handover", object_id=child.public_id).exists()


def test_ending_removes_the_guardians_access(world, guardians, child, api) -> None:
    first, _second = guardians
    guardian_appoint(actor=world.supervisor, child=child, guardian=first)
    assert web_client(first).get(f"/children/{child.public_id}/").status_code == 200
    guardian_end(actor=world.supervisor, child=child, reason="Child turned 18")
    assert web_client(first).get(f"/children/{child.public_id}/").status_code == 404
    assert guardian_caseload(guardian=first) == 0


def test_the_caseload_cap(world, guardians, settings) -> None:
    settings.KINHAVEN_GUARDIAN_CASELOAD = 2
    first, _second = guardians
    children = [
        child_register(actor=world.caseworker, data=ChildIn(given_name=f"C{i}")) for i in range(3)
    ]
    for child in children[:2]:
        guardian_appoint(actor=world.supervisor, child=child, guardian=first)
    with pytest.raises(ApplicationError) as caught:
        guardian_appoint(actor=world.supervisor, child=children[2], guardian=first)
    assert caught.value.field == "guardian"
    assert "2" in str(caught.value.message)


def test_only_the_guardian_role_and_the_capability(world, guardians, child) -> None:
    with pytest.raises(ApplicationError) as wrong_role:
        guardian_appoint(actor=world.supervisor, child=child, guardian=world.caseworker)
    assert wrong_role.value.field == "guardian"
    with pytest.raises(ApplicationError) as no_capability:
        guardian_appoint(actor=world.caseworker, child=child, guardian=guardians[0])
    assert no_capability.value.code == ErrorCode.PERMISSION_DENIED


def test_appointment_meets_the_guardian_deadline(world, guardians, child) -> None:
    case = case_open(actor=world.caseworker, child=child)  # starts the guardian's deadline
    guardian_appoint(actor=world.supervisor, child=child, guardian=guardians[0])
    deadline = Deadline.objects.get(case=case, code=DeadlineCode.GUARDIAN_APPOINTMENT)
    assert deadline.outcome == "met"


def test_a_child_left_without_a_guardian_gets_the_appointment_deadline_again(
    world, guardians, child
) -> None:
    case = case_open(actor=world.caseworker, child=child)
    guardian_appoint(actor=world.supervisor, child=child, guardian=guardians[0])
    guardian_end(actor=world.supervisor, child=child, reason="The guardian moved away.")
    running = Deadline.objects.filter(
        case=case, code=DeadlineCode.GUARDIAN_APPOINTMENT, completed_at__isnull=True
    )
    assert running.count() == 1
    started = running.get()
    assert started.hard_due_at is not None  # 15 working days at the latest, as on a new case
    guardian_end(actor=world.supervisor, child=child, reason="Again: no appointment to end.")
    assert running.count() == 1  # ending no appointment starts nothing more
    guardian_appoint(actor=world.supervisor, child=child, guardian=guardians[1])
    assert running.count() == 0
    # An adult (by the record) who leaves guardianship needs no other guardian.
    adult = child_register(
        actor=world.caseworker,
        data=ChildIn(given_name="Selam", date_of_birth=PartialDate(2000, 1, 1)),
    )
    adult_case = case_open(actor=world.caseworker, child=adult, accompanied=True)
    guardian_appoint(actor=world.supervisor, child=adult, guardian=guardians[0])
    guardian_end(actor=world.supervisor, child=adult, reason="Turned 18.")
    assert not Deadline.objects.filter(
        case=adult_case, code=DeadlineCode.GUARDIAN_APPOINTMENT
    ).exists()


def test_api_history_handover_and_refusal(world, guardians, child, api) -> None:
    first, second = guardians
    client = api("supervisor")
    url = f"/api/v1/children/{child.public_id}"
    assert client.post(f"{url}/guardian", {"guardian": str(first.public_id)}).status_code == 200
    refused = client.post(f"{url}/guardian", {"guardian": str(second.public_id)})
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "guardian"
    handed = client.post(
        f"{url}/guardian/handover", {"guardian": str(second.public_id), "reason": "Leave"}
    )
    assert handed.status_code == 200
    history = client.get(f"{url}/guardians").json()
    assert [h["guardian"] for h in history] == [str(second.public_id), str(first.public_id)]
    assert history[1]["end_reason"] == "Leave"


def test_the_child_page_offers_handover_once_a_guardian_is_appointed(
    world, guardians, child
) -> None:
    client = web_client(world.supervisor)
    page = f"/children/{child.public_id}/"
    client.post(f"{page}guardian/", {"guardian": str(guardians[0].public_id)})
    body = client.get(page).content.decode()
    assert 'id="handover"' in body
    assert 'id="guardians"' in body
    client.post(
        f"{page}guardian/handover/", {"guardian": str(guardians[1].public_id), "reason": "Leave"}
    )
    child.refresh_from_db()
    assert child.guardian == guardians[1]


LEFT_OUT = object()


@pytest.mark.parametrize(
    ("change", "field", "message", "limit"),
    [
        ({"reason": LEFT_OUT}, "reason", "This field is required.", None),
        ({"guardian": LEFT_OUT}, "guardian", "This field is required.", None),
        ({"reason": "x" * 2001}, "reason", None, "at most 2000 characters"),
        ({"reason": "Moved\x00"}, "reason", None, None),
    ],
)
def test_the_handover_form_and_the_api_refuse_alike(
    world, guardians, child, api, change, field, message, limit
) -> None:
    first, second = guardians
    guardian_appoint(actor=world.supervisor, child=child, guardian=first)
    given = {"guardian": str(second.public_id), "reason": "Moved region", **change}
    given = {k: v for k, v in given.items() if v is not LEFT_OUT}
    answer = api("supervisor").post(f"/api/v1/children/{child.public_id}/guardian/handover", given)
    assert answer.status_code == 422
    api_errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    form = GuardianHandoverForm(given)
    assert not form.is_valid()
    assert set(form.errors) == set(api_errors) == {field}
    if message:
        assert form.errors[field] == [message]
        assert api_errors[field] == message
    if limit:
        # The same limit; Django and pydantic word it each their own way.
        assert limit in form.errors[field][0]
        assert limit in api_errors[field]
    # The page that takes the form refuses it too, and the guardian stays.
    page = web_client(world.supervisor).post(
        f"/children/{child.public_id}/guardian/handover/", given
    )
    assert [str(m) for m in get_messages(page.wsgi_request)] == [
        "Choose the new guardian and give the reason."
    ]
    child.refresh_from_db()
    assert child.guardian == first


def test_a_blank_reason_is_refused_on_the_reason_by_the_form_and_the_api(
    world, guardians, child, api
) -> None:
    first, second = guardians
    guardian_appoint(actor=world.supervisor, child=child, guardian=first)
    given = {"guardian": str(second.public_id), "reason": "   "}
    answer = api("supervisor").post(f"/api/v1/children/{child.public_id}/guardian/handover", given)
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "reason", "message": "Give the reason for the handover."}
    ]
    form = GuardianHandoverForm(given)
    assert not form.is_valid()
    assert list(form.errors) == ["reason"]


def test_the_forms_build_the_models_the_api_takes(world, guardians, child, api) -> None:
    first, second = guardians
    form = GuardianForm({"guardian": str(first.public_id)})
    assert form.is_valid(), form.errors
    assert form.input == GuardianIn(guardian=first.public_id)
    ending = GuardianForm({"guardian": ""})
    assert ending.is_valid(), ending.errors
    assert ending.input == GuardianIn(guardian=None)
    handover = GuardianHandoverForm({"guardian": str(second.public_id), "reason": " Leave "})
    assert handover.is_valid(), handover.errors
    assert handover.input == HandoverIn(guardian=second.public_id, reason="Leave")
    # A user who is no guardian is not offered by the form, and the API's answer names the field.
    assert list(GuardianForm({"guardian": str(world.caseworker.public_id)}).errors) == ["guardian"]
    refused = api("supervisor").post(
        f"/api/v1/children/{child.public_id}/guardian",
        {"guardian": str(world.caseworker.public_id)},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "guardian", "message": "Choose an active user with the guardian role."}
    ]
