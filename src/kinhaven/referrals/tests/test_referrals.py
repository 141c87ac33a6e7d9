import datetime as dt
import re

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import User
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.models import ChildAccessGrant
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import input_validate
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.selectors import deadline_list_for_user
from kinhaven.deadlines.services import deadline_rule_set, deadlines_escalate_due
from kinhaven.notifications.models import Notification
from kinhaven.referrals.models import Referral, Service
from kinhaven.referrals.schemas import MAX_REFERRAL_TEXT, ServiceIn
from kinhaven.referrals.selectors import service_search
from kinhaven.referrals.services import referral_create, referral_transition, service_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def health(world):
    manager = world.user("manager2", RoleCode.SUPERVISOR, world.other_agency, world.team_two)
    return service_create(
        actor=manager,
        data=ServiceIn(
            kind="health", name="Harbour clinic", languages=["ar", "fa"], min_age=6, max_age=18
        ),
    )


@pytest.fixture
def case(world):
    child = child_register(
        actor=world.caseworker,
        data=ChildIn(given_name="Farida", health_notes="Asthma", legal_notes="Asylum claim lodged"),
    )
    return case_open(actor=world.caseworker, child=child)


def _refer(world, case, service, **changes):
    data = {
        "actor": world.caseworker,
        "case": case,
        "service": service,
        "reason": "Medical check after the journey",
        "urgency": "urgent",
        "sections": ["identity", "health"],
        "consent": "child_consent",
        **changes,
    }
    return referral_create(**data)


def test_accepted_referral_shares_only_the_chosen_sections_until_it_ends(
    world, case, health, api
) -> None:
    referral = _refer(world, case, health)
    receiver = api("caseworker2")
    url = f"/api/v1/children/{case.child.public_id}"
    assert receiver.get(url).status_code == 404  # nothing before acceptance
    referral = referral_transition(actor=world.caseworker2, referral=referral, to="accepted")
    answer = receiver.get(url).json()
    assert sorted(answer["sections"]) == ["health", "identity"]
    assert answer["health_notes"] == "Asthma"
    assert "legal_notes" not in answer or answer["legal_notes"] is None
    assert receiver.get(f"/api/v1/cases/{case.public_id}").status_code == 404  # never the case
    referral_transition(actor=world.caseworker2, referral=referral, to="in_progress")
    referral_transition(actor=world.caseworker2, referral=referral, to="completed")
    assert receiver.get(url).status_code == 404
    assert ChildAccessGrant.objects.get().ended_at is not None
    kinds = list(case.events.filter(kind__startswith="referral").values_list("kind", flat=True))
    assert kinds.count("referral_changed") == 3
    assert AuditEntry.objects.filter(action="referral.transition").count() == 3


def test_revoking_removes_access_on_the_next_request(world, case, health) -> None:
    referral = _refer(world, case, health)
    referral_transition(actor=world.caseworker2, referral=referral, to="accepted")
    client = web_client(world.caseworker2)
    page = f"/children/{case.child.public_id}/"
    assert client.get(page).status_code == 200
    with pytest.raises(ApplicationError) as no_reason:
        referral_transition(actor=world.caseworker, referral=referral, to="revoked")
    assert no_reason.value.field == "reason"
    referral_transition(
        actor=world.caseworker, referral=referral, to="revoked", reason="Child moved"
    )
    assert client.get(page).status_code == 404


def test_each_side_makes_only_its_own_moves(world, case, health) -> None:
    referral = _refer(world, case, health)
    with pytest.raises(ApplicationError) as sender_accepts:
        referral_transition(actor=world.caseworker, referral=referral, to="accepted")
    assert sender_accepts.value.code == ErrorCode.PERMISSION_DENIED
    with pytest.raises(ApplicationError) as receiver_revokes:
        referral_transition(actor=world.caseworker2, referral=referral, to="revoked", reason="x")
    assert receiver_revokes.value.code == ErrorCode.PERMISSION_DENIED
    referral_transition(actor=world.caseworker2, referral=referral, to="declined", reason="Full")
    with pytest.raises(ApplicationError) as after_decline:
        referral_transition(actor=world.caseworker2, referral=referral, to="accepted")
    assert after_decline.value.code == ErrorCode.TRANSITION_NOT_ALLOWED


def test_consent_or_a_recorded_override(world, case, health) -> None:
    with pytest.raises(FieldErrors) as caught:
        _refer(world, case, health, consent="override", consent_note="")
    assert "consent_note" in caught.value.errors
    referral = _refer(
        world, case, health, consent="override", consent_note="Life-threatening condition"
    )
    assert referral.consent == "override"


def test_bad_referrals_name_their_fields(world, case, health) -> None:
    with pytest.raises(FieldErrors) as caught:
        referral_create(
            actor=world.caseworker,
            case=case,
            to_agency=world.agency,
            service_kind="spa",
            reason="",
            urgency="whenever",
            sections=["diary"],
            consent="maybe",
        )
    assert set(caught.value.errors) == {
        "to_agency_id",
        "service_kind",
        "urgency",
        "sections",
        "consent",
        "reason",
    }
    assert not Referral.objects.exists()


def test_only_readable_sections_can_be_shared(world, case, health) -> None:
    police = world.user("police-1", RoleCode.POLICE_INVESTIGATOR, world.agency, world.team)
    with pytest.raises(ApplicationError) as caught:
        _refer(world, case, health, actor=police, sections=["identity", "health"])
    assert caught.value.field == "sections"


def test_the_directory_searches_by_kind_language_age_and_sex(world, health) -> None:
    manager = world.user("manager1", RoleCode.SUPERVISOR, world.agency, world.team)
    service_create(
        actor=manager,
        data=ServiceIn(kind="shelter", name="Girls' house", sexes=["F"], capacity=8),
    )
    assert [s.name for s in service_search(filters={"kind": "health"})] == ["Harbour clinic"]
    assert [s.name for s in service_search(filters={"language": "fa"})] == ["Harbour clinic"]
    assert [s.name for s in service_search(filters={"age": 4})] == ["Girls' house"]
    assert {s.name for s in service_search(filters={"sex": "M"})} == {"Harbour clinic"}
    with pytest.raises(FieldErrors) as caught:
        service_create(
            actor=manager,
            data=input_validate(
                ServiceIn,
                {"kind": "spa", "name": "", "min_age": 9, "max_age": 3, "sexes": ["Q"]},
            ),
        )
    assert set(caught.value.errors) == {"kind", "name", "max_age", "sexes"}
    with pytest.raises(ApplicationError):
        service_create(actor=world.caseworker, data=ServiceIn(kind="health", name="x"))


def test_queues_and_lists_make_a_bounded_number_of_queries(
    world, case, health, api, django_assert_max_num_queries
) -> None:
    for _ in range(3):
        _refer(world, case, health)
    web = web_client(world.caseworker2)
    web.get("/referrals/")
    for _ in range(20):
        _refer(world, case, health)
    with django_assert_max_num_queries(20):
        assert web.get("/referrals/").status_code == 200
    client = api("caseworker")
    client.get("/api/v1/referrals")
    with django_assert_max_num_queries(20):
        body = client.get("/api/v1/referrals", direction="outgoing").json()
    assert body["count"] == 23


def test_the_whole_path_through_the_pages(world, case, health) -> None:
    sender = web_client(world.caseworker)
    form = sender.get(f"/referrals/new/{case.public_id}/").content.decode()
    assert "Harbour clinic" in form
    sent = sender.post(
        f"/referrals/new/{case.public_id}/",
        {
            "service": str(health.public_id),
            "reason": "Check-up",
            "urgency": "normal",
            "sections": ["identity", "health"],
            "consent": "assent_guardian_consent",
        },
    )
    assert sent.status_code == 302
    referral = Referral.objects.get()
    receiver = web_client(world.caseworker2)
    assert "Check-up" in receiver.get(f"/referrals/{referral.public_id}/").content.decode()
    accepted = receiver.post(f"/referrals/{referral.public_id}/transition/", {"to": "accepted"})
    assert accepted.status_code == 302
    child_page = receiver.get(f"/children/{case.child.public_id}/").content.decode()
    assert 'id="section-health"' in child_page
    assert 'id="section-legal"' not in child_page
    bad = sender.post(f"/referrals/new/{case.public_id}/", {"service": str(health.public_id)})
    assert bad.status_code == 422
    assert 'id="id_reason_error"' in bad.content.decode()


def test_the_answer_is_a_deadline_that_escalates_to_the_receivers_supervisors(
    world, case, health, time_machine
) -> None:
    start = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)  # a Monday
    time_machine.move_to(start, tick=False)
    supervisor2 = world.user("supervisor2", RoleCode.SUPERVISOR, world.other_agency, None)
    referral = _refer(world, case, health, urgency="normal")
    deadline = Deadline.objects.get(referral=referral)
    assert deadline.code == DeadlineCode.REFERRAL_RESPONSE
    assert deadline.agency == world.other_agency
    # Five working days in Austria, where 8 December is a public holiday.
    assert referral.response_due_at == deadline.due_at == start + dt.timedelta(days=8)
    # Both sides see it on their deadline lists; the sender's case shows it too.
    assert list(deadline_list_for_user(user=world.caseworker2)) == [deadline]
    # The sender sees it beside the case's own deadlines (its review, its guardian's).
    assert deadline in deadline_list_for_user(user=world.caseworker)
    time_machine.move_to(deadline.due_at + dt.timedelta(minutes=1), tick=False)
    assert deadlines_escalate_due() >= 1  # the case's own may be due by then too
    overdue = Notification.objects.filter(kind="deadline_overdue")
    assert overdue.get(recipient=supervisor2).path == f"/referrals/{referral.public_id}/"
    assert overdue.filter(recipient=world.caseworker).exists()  # holds the case
    assert case.events.filter(kind="deadline_escalated").exists()
    referral_transition(actor=world.caseworker2, referral=referral, to="accepted")
    deadline.refresh_from_db()
    assert deadline.outcome == "met"
    assert deadline.completed_at is not None


def test_revoking_a_pending_referral_cancels_its_answer_deadline(world, case, health) -> None:
    referral = _refer(world, case, health, urgency="urgent")
    deadline = Deadline.objects.get(referral=referral)
    assert deadline.code == DeadlineCode.REFERRAL_RESPONSE_URGENT
    assert deadline.due_at - deadline.starts_at == dt.timedelta(hours=24)
    referral_transition(
        actor=world.caseworker, referral=referral, to="revoked", reason="Child moved"
    )
    deadline.refresh_from_db()
    assert deadline.outcome == "cancelled"


def test_a_countrys_rule_sets_the_answer_time(world, case, health) -> None:
    deadline_rule_set(
        code="referral_response_urgent",
        country=world.other_agency.country,
        period=4,
        unit="hours",
        hard_limit=None,
    )
    referral = _refer(world, case, health, urgency="urgent")
    deadline = Deadline.objects.get(referral=referral)
    assert referral.response_due_at == deadline.due_at
    assert deadline.due_at - deadline.starts_at == dt.timedelta(hours=4)


def test_a_full_service_takes_no_more_children(world, case, health, api) -> None:
    shelter = service_create(
        actor=User.objects.get(username="manager2"),
        data=ServiceIn(kind="shelter", name="Harbour house", capacity=1),
    )
    first, second = _refer(world, case, shelter), _refer(world, case, shelter)
    shelters = service_search(filters={"kind": "shelter"})
    assert [s.places_free for s in shelters] == [1]
    referral_transition(actor=world.caseworker2, referral=first, to="accepted")
    assert [s.places_free for s in service_search(filters={"kind": "shelter"})] == [0]
    assert not service_search(filters={"kind": "shelter", "with_places": True}).exists()
    assert service_search(filters={"kind": "health", "with_places": True}).exists()  # no cap
    with pytest.raises(ApplicationError) as caught:
        referral_transition(actor=world.caseworker2, referral=second, to="accepted")
    assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "service")
    second.refresh_from_db()
    assert second.status == "pending"
    # Completing the first frees the place.
    referral_transition(actor=world.caseworker2, referral=first, to="completed")
    referral_transition(actor=world.caseworker2, referral=second, to="accepted")
    client = api("caseworker")
    body = client.get("/api/v1/services", kind="shelter").json()
    assert (body["items"][0]["places_taken"], body["items"][0]["places_free"]) == (1, 0)
    assert client.get("/api/v1/services", kind="shelter", with_places="true").json()["count"] == 0


def test_an_agency_changes_its_own_services_only(world, health, api) -> None:
    manager = api("manager2")
    url = f"/api/v1/services/{health.public_id}"
    data = {"kind": "health", "name": "Harbour clinic", "capacity": 30, "languages": ["ar"]}
    changed = manager.put(url, data)
    assert changed.status_code == 200, changed.content
    assert (changed.json()["capacity"], changed.json()["places_free"]) == (30, 30)
    bad = manager.put(url, {**data, "min_age": 40})
    assert bad.status_code == 422
    assert "min_age" in bad.content.decode()
    hidden = manager.put(url, {**data, "active": False})
    assert hidden.json()["active"] is False
    assert not service_search(filters={"kind": "health"}).exists()
    world.user("manager1", RoleCode.SUPERVISOR, world.agency, world.team)
    assert api("manager1").put(url, data).status_code == 404  # another agency's service
    assert AuditEntry.objects.filter(action="service.update").count() == 2
    page = web_client(User.objects.get(username="manager2")).get(
        f"/services/{health.public_id}/edit/"
    )
    assert page.status_code == 200


def test_the_service_form_checks_what_the_api_checks(world, health) -> None:
    manager = User.objects.get(username="manager2")
    web = web_client(manager)
    fields = {
        "kind": "shelter",
        "name": "Harbour house",
        "languages": ["ar", "zz"],
        "min_age": "12",
    }
    response = web.post("/services/new/", {**fields, "max_age": "6"})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"languages", "max_age"}
    assert errors["max_age"] == ["The upper age is below the lower one."]
    assert not Service.objects.filter(name="Harbour house").exists()
    response = web.post("/services/new/", {**fields, "languages": ["ar"], "max_age": "17"})
    assert response.status_code == 302
    house = Service.objects.get(name="Harbour house")
    assert (house.languages, house.min_age, house.max_age) == (["ar"], 12, 17)
    edit = f"/services/{house.public_id}/edit/"
    assert web.post(edit, {"kind": "shelter", "name": " Harbour house "}).status_code == 302
    house.refresh_from_db()
    assert (house.name, house.active, house.min_age) == ("Harbour house", False, None)


def _api_errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def _referral_bodies(case, health, **changes):
    """The same referral as the API's body and as the page's form; None leaves a field out."""
    fields = {
        "reason": "Medical check after the journey",
        "urgency": "urgent",
        "sections": ["identity", "health"],
        "consent": "child_consent",
        **changes,
    }
    fields = {name: value for name, value in fields.items() if value is not None}
    by_api = {"case_id": str(case.public_id), "service_id": str(health.public_id), **fields}
    return by_api, {"service": str(health.public_id), **fields}


REQUIRED = "This field is required."
NUL = "Null characters are not allowed."
TOO_LONG = "x" * (MAX_REFERRAL_TEXT + 1)
TOO_LONG_SAID = (
    f"Ensure this value has at most {MAX_REFERRAL_TEXT} characters (it has {len(TOO_LONG)})."
)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"urgency": None}, "urgency", REQUIRED),
        ({"consent": None}, "consent", REQUIRED),
        ({"reason": None}, "reason", REQUIRED),
        ({"reason": TOO_LONG}, "reason", TOO_LONG_SAID),
        ({"reason": "Check-up\x00"}, "reason", NUL),
        ({"consent_note": TOO_LONG}, "consent_note", TOO_LONG_SAID),
        ({"reason_code": "Holiday"}, "reason_code", "Choose why the child is referred."),
    ],
)
def test_the_referral_form_and_the_api_refuse_alike(
    world, case, health, api, changes, field, message
) -> None:
    by_api, by_page = _referral_bodies(case, health, **changes)
    api_errors = _api_errors(api("caseworker").post("/api/v1/referrals", by_api))
    response = web_client(world.caseworker).post(f"/referrals/new/{case.public_id}/", by_page)
    assert response.status_code == 422
    page_errors = {name: str(e[0]) for name, e in response.context["form"].errors.items()}
    assert api_errors == page_errors == {field: message}
    assert not Referral.objects.exists()


# The page says a refusal of its form after the field's label, a refusal of the move alone.
REASON = "Reason (required to decline or revoke)"


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        ({"to": "declined"}, "reason", REQUIRED),
        ({"to": "declined", "reason": "   "}, "reason", REQUIRED),
        ({"reason": "Full"}, "to", f"Next step: {REQUIRED}"),
        ({"to": "declined", "reason": TOO_LONG}, "reason", f"{REASON}: {TOO_LONG_SAID}"),
        ({"to": "declined", "reason": "Full\x00"}, "reason", f"{REASON}: {NUL}"),
    ],
)
def test_a_move_is_refused_alike_by_the_page_and_the_api(
    world, case, health, api, body, field, said
) -> None:
    referral = _refer(world, case, health)
    by_api = api("caseworker2").post(f"/api/v1/referrals/{referral.public_id}/transitions", body)
    page = web_client(world.caseworker2)
    response = page.post(f"/referrals/{referral.public_id}/transition/", body)
    # The page comes back with the error at its field, and in the summary at the top.
    assert response.status_code == 422
    form_errors = {
        name: str(e[0]) for name, e in response.context["transition_form"].errors.items()
    }
    message = said.rsplit(": ", 1)[-1]
    assert _api_errors(by_api) == form_errors == {field: message}
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'id="id_{field}_error"' in html
    referral.refresh_from_db()
    assert referral.status == "pending"


def test_the_page_offers_the_moves_with_the_reasons_limit(world, case, health) -> None:
    referral = _refer(world, case, health)
    page = web_client(world.caseworker2).get(f"/referrals/{referral.public_id}/")
    html = page.content.decode()
    # Nothing is chosen for the user: the first option is empty, none is selected but it.
    assert '<select name="to" id="id_to" required><option value="" selected>' in html
    assert html.split("<main")[1].count(" selected>") == 1
    assert re.search(rf'<textarea name="reason"[^>]*maxlength="{MAX_REFERRAL_TEXT}"', html)


def test_the_reason_is_coded_as_htcds_codes_it(world, case, health, api) -> None:
    by_api, by_page = _referral_bodies(case, health, reason_code="MigrationOrChangeOfLocation")
    answer = api("caseworker").post("/api/v1/referrals", by_api)
    assert answer.status_code == 201, answer.content
    assert answer.json()["reason_code"] == "MigrationOrChangeOfLocation"
    by_api, by_page = _referral_bodies(case, health)
    page = web_client(world.caseworker).post(f"/referrals/new/{case.public_id}/", by_page)
    assert page.status_code == 302
    codes = sorted(Referral.objects.values_list("reason_code", flat=True))
    assert codes == ["AdditionalServicesRequired", "MigrationOrChangeOfLocation"]


# What an independent probe found: choices pre-set for the user, and too little to decide.


def test_the_referral_form_presets_no_consent(world, case, health) -> None:
    html = web_client(world.caseworker).get(f"/referrals/new/{case.public_id}/").content.decode()
    consent = html.split('name="consent"')[1].split("</select>")[0]
    assert consent.count("<option") == 4  # an empty choice, then the three kinds
    assert '<option value="" selected>' in consent
    assert consent.count("selected") == 1


def test_the_senders_next_step_is_chosen_never_preset(world, case, health) -> None:
    referral = _refer(world, case, health)
    referral_transition(actor=world.caseworker2, referral=referral, to="accepted")
    html = web_client(world.caseworker).get(f"/referrals/{referral.public_id}/").content.decode()
    select = html.split('<select name="to"')[1].split("</select>")[0]
    assert '<option value="" selected>' in select
    assert '<option value="revoked">' in select  # offered, not selected
    assert select.count("selected") == 1
    empty = web_client(world.caseworker).post(
        f"/referrals/{referral.public_id}/transition/", {"to": "", "reason": "x"}
    )
    assert empty.status_code == 422
    assert empty.context["transition_form"].errors == {"to": [REQUIRED]}
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_the_receiver_sees_enough_to_decide_and_no_more_than_is_shared(world, case, health):
    case.child.sex = "F"
    case.child.birth_year = time.today().year - 13  # 12 or 13: the band 12 to 14
    case.child.save()
    receiver = web_client(world.caseworker2)
    shared = _refer(world, case, health, sections=["identity", "health"], urgency="urgent")
    html = receiver.get(f"/referrals/{shared.public_id}/").content.decode()
    assert 'id="referral-age">12 to 14 years<' in html
    assert 'id="referral-sex">Female<' in html
    assert 'id="referral-needs">Health — The child needs services we do not give<' in html
    assert 'id="referral-urgency">Urgent<' in html
    assert "Farida" not in html
    assert case.reference not in html
    assert f"/children/{case.child.public_id}/" not in html  # not shared yet
    health_only = _refer(world, case, health, sections=["health"])
    html = receiver.get(f"/referrals/{health_only.public_id}/").content.decode()
    assert 'id="referral-age">Not shared<' in html
    assert 'id="referral-sex">Not shared<' in html


def test_the_lists_show_the_child_and_the_case_as_far_as_the_reader_may_see(
    world, case, health
) -> None:
    case.child.sex = "F"
    case.child.birth_year = time.today().year - 13
    case.child.save()
    referral = _refer(world, case, health)
    sender = web_client(world.caseworker).get("/referrals/").content.decode()
    row = sender.split('id="outgoing"')[1].split("</table>")[0]
    assert "Farida" in row
    assert case.reference in row
    receiver = web_client(world.caseworker2)
    row = receiver.get("/referrals/").content.decode().split('id="incoming"')[1]
    row = row.split("</table>")[0]
    assert "12 to 14 years, Female" in row
    assert "Farida" not in row
    assert case.reference not in row
    referral_transition(actor=world.caseworker2, referral=referral, to="accepted")
    row = receiver.get("/referrals/").content.decode().split('id="incoming"')[1]
    row = row.split("</table>")[0]
    assert f"/children/{case.child.public_id}/" in row
    assert "Farida" in row  # the identity section is shared now
    assert case.reference not in row  # never the referring agency's case
