"""Tracing requests: matched as saved, only against children whose record allows tracing;
decisions kept; the steps from a confirmed match to reunification."""

import json

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command

from kinhaven.accounts.enums import RoleCode
from kinhaven.audit.models import AuditEntry
from kinhaven.bestinterests.tests.factories import bid_made
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open
from kinhaven.children.models import Child, ChildAccessGrant
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register, child_update
from kinhaven.conftest import run_worker, web_client
from kinhaven.core.errors import ApplicationError
from kinhaven.notifications.models import Notification
from kinhaven.tracing.engine.compare import FEATURES
from kinhaven.tracing.enums import StepKind
from kinhaven.tracing.explain import current_model
from kinhaven.tracing.index import TRACEABLE_CHILDREN, request_records
from kinhaven.tracing.models import ReunificationStep, TracingMatch, TracingRequest
from kinhaven.tracing.schemas import MAX_REASON, TracingRequestIn
from kinhaven.tracing.services.requests import (
    reunification_step_record,
    tracing_match_decide,
    tracing_request_create,
    tracing_request_search,
)
from kinhaven.tracing.training import decision_pairs

pytestmark = pytest.mark.django_db

# The same boy as registered in Arabic script, and as his mother spells him.
REGISTERED = {
    "given_name": "محمد",
    "family_name": "الحسيني",
    "father_name": "أحمد",
    "mother_name": "فاطمة",
    "sex": "M",
    "date_of_birth": "2010-03-04",
    "nationality": "SYR",
    "place_of_birth": "Homs",
}
SOUGHT = {
    "source": "relative",
    "relationship": "mother",
    "requester_name": "Fatima",
    "given_name": "Mohamed",
    "family_name": "Husseini",
    "father_name": "Ahmed",
    "sex": "M",
    "date_of_birth": "2010-04-03",
    "nationality": "SYR",
    "place_of_birth": "Homs",
    "last_seen_place": "Izmir",
}


@pytest.fixture
def supervisor2(world):
    return world.user("supervisor2", RoleCode.SUPERVISOR, world.other_agency, world.team_two)


def _register(world, actor=None, **changes):
    return child_register(
        actor=actor or world.caseworker2, data=ChildIn.model_validate({**REGISTERED, **changes})
    )


def test_a_request_finds_only_children_whose_record_allows_tracing(
    world, api, django_capture_on_commit_callbacks
) -> None:
    allowed = _register(world, tracing="allowed")
    undecided = _register(world, place_of_birth="Homs", mother_name="Fatma")
    client = api("caseworker")
    response = client.post("/api/v1/tracing-requests", SOUGHT)
    assert response.status_code == 201, response.content
    body = response.json()
    found = {m["child_id"]: m for m in body["matches"]}
    assert str(allowed.public_id) in found
    assert str(undecided.public_id) not in found
    match = found[str(allowed.public_id)]
    assert match["score"] >= 0.5
    assert match["child_name"] is None  # registered by another agency: existence, not identity
    assert match["child_agency"] == world.other_agency.name
    fields = {r["field"]: r for r in match["explanation"]}
    assert fields["names"]["effect"] > 0
    assert fields["date_of_birth"]["level"] == "dob_swapped"
    assert AuditEntry.objects.filter(action="tracing_request.search").exists()
    # Once the other record allows tracing, the open request finds it as it is saved, and the
    # agency that took the request hears of it.
    with django_capture_on_commit_callbacks(execute=True):
        child_update(actor=world.caseworker2, child=undecided, changes=ChildIn(tracing="allowed"))
    assert not Notification.objects.filter(kind="tracing").exists()  # the worker searches
    run_worker()
    request = TracingRequest.objects.get()
    assert set(request.matches.values_list("child_id", flat=True)) == {allowed.pk, undecided.pk}
    assert Notification.objects.filter(recipient=world.caseworker, kind="tracing").exists()
    # Two look-alikes share the odds of being the child sought: the first one's score fell,
    # and the request's own search gives both the scores they got as the record was saved.
    scores = dict(request.matches.values_list("child_id", "score"))
    assert scores[allowed.pk] < match["score"]
    assert scores[allowed.pk] + scores[undecided.pk] < 1
    tracing_request_search(request=request)
    again = dict(request.matches.values_list("child_id", "score"))
    assert again == pytest.approx(scores)
    # A record that stops allowing tracing is no longer found by a new search.
    child_update(actor=world.caseworker2, child=allowed, changes=ChildIn(tracing="refused"))
    record = request_records([request])[0]
    assert allowed.pk not in {f.pk for f in TRACEABLE_CHILDREN.search(record, top=10)}


def test_changed_details_withdraw_undecided_matches_and_keep_decisions(world, api) -> None:
    boy = _register(world, tracing="allowed")
    brother = _register(world, given_name="Omar", date_of_birth="2010-04", tracing="allowed")
    girl = _register(
        world, given_name="Amina", family_name="Warsame", father_name="Abdi", mother_name="Hodan",
        sex="F", date_of_birth="2013-02-03", nationality="SOM", place_of_birth="Mogadishu",
        tracing="allowed",
    )  # fmt: skip
    client = api("caseworker")
    created = client.post("/api/v1/tracing-requests", {**SOUGHT, "other_names": ["Omar"]})
    found = {m["child_id"]: m for m in created.json()["matches"]}
    assert str(boy.public_id) in found
    assert str(girl.public_id) not in found
    rejected = client.post(
        f"/api/v1/tracing-requests/matches/{found[str(brother.public_id)]['id']}/decision",
        {"decision": "rejected", "note": "His brother, not him"},
    )
    assert rejected.status_code == 200
    request_id = created.json()["id"]
    changed = client.patch(
        f"/api/v1/tracing-requests/{request_id}",
        {"given_name": "Amina", "family_name": "Warsame", "father_name": "Abdi", "sex": "F",
         "date_of_birth": "2013-02-03", "nationality": "SOM", "place_of_birth": "Mogadishu",
         "other_names": []},
    )  # fmt: skip
    assert changed.status_code == 200, changed.content
    now = {m["child_id"]: m for m in changed.json()["matches"]}
    assert str(girl.public_id) in now
    assert str(boy.public_id) not in now  # undecided, and no longer found: withdrawn
    assert not TracingMatch.objects.filter(child=boy).exists()
    assert AuditEntry.objects.filter(action="tracing_match.withdraw").exists()
    # A decision stands whatever the request now says.
    assert TracingMatch.objects.get(child=brother).decision == "rejected"
    emptied = client.patch(
        f"/api/v1/tracing-requests/{request_id}", {"place_of_birth": None, "other_names": None}
    )
    assert emptied.status_code == 200, emptied.content
    request = TracingRequest.objects.get(public_id=request_id)
    assert (request.place_of_birth, request.other_names, request.family_name) == (
        "",
        [],
        "Warsame",
    )


def test_the_agency_that_took_the_request_only_sees_it(world, api) -> None:
    _register(world, tracing="allowed")
    created = api("caseworker").post("/api/v1/tracing-requests", SOUGHT).json()
    url = f"/api/v1/tracing-requests/{created['id']}"
    assert api("caseworker").get(url).status_code == 200
    assert api("caseworker2").get(url).status_code == 404
    assert api("frontline").get(url).status_code == 404  # no tracing capability
    assert api("caseworker2").get("/api/v1/tracing-requests").json() == []
    denied = AuditEntry.objects.filter(action="tracing_request.read", outcome="denied")
    assert denied.count() == 2


def test_bad_requests_name_their_fields(world, api) -> None:
    client = api("caseworker")
    missing = client.post("/api/v1/tracing-requests", {"source": "relative", "given_name": "A"})
    assert missing.status_code == 422
    assert "relationship" in missing.content.decode()
    bad = client.post(
        "/api/v1/tracing-requests",
        {**SOUGHT, "date_of_birth": "2010-13-40", "nationality": "XXX", "source": "rumour"},
    )
    assert bad.status_code == 422
    text = bad.content.decode()
    assert "date_of_birth" in text
    nameless = client.post(
        "/api/v1/tracing-requests", {"source": "relative", "relationship": "mother"}
    )
    assert nameless.status_code == 422
    assert "given_name" in nameless.content.decode()
    assert TracingRequest.objects.count() == 0


def test_decisions_are_kept_and_lead_to_reunification(world, api, supervisor2) -> None:
    child = _register(world, tracing="allowed")
    other = _register(
        world, given_name="Omar", father_name="Khaled", date_of_birth="2011", tracing="allowed"
    )
    client = api("caseworker")
    created = client.post("/api/v1/tracing-requests", {**SOUGHT, "other_names": ["Omar"]}).json()
    matches = {m["child_id"]: m for m in created["matches"]}
    right = matches[str(child.public_id)]
    url = "/api/v1/tracing-requests/matches/{}/decision"
    if str(other.public_id) in matches:
        wrong = matches[str(other.public_id)]
        unexplained = client.post(url.format(wrong["id"]), {"decision": "rejected"})
        assert unexplained.status_code == 422
        assert "note" in unexplained.content.decode()
        rejected = client.post(
            url.format(wrong["id"]), {"decision": "rejected", "note": "Mother saw the photo"}
        )
        assert rejected.json()["decision"] == "rejected"
    confirmed = client.post(url.format(right["id"]), {"decision": "confirmed"})
    assert confirmed.status_code == 200, confirmed.content
    assert [s["kind"] for s in confirmed.json()["steps"]] == list(StepKind.values)
    assert (
        client.post(url.format(right["id"]), {"decision": "rejected", "note": "x"}).status_code
        == 409
    )
    request = TracingRequest.objects.get()
    assert request.status == "matched"
    # The agency holding the child is told, and from now on works on the request too.
    assert Notification.objects.filter(recipient=supervisor2, kind="tracing").exists()
    assert (
        api("supervisor2").get(f"/api/v1/tracing-requests/{request.public_id}").status_code == 200
    )
    # Steps in order; a step out of order is refused.
    steps = "/api/v1/tracing-requests/matches/{}/steps/{}"
    early = client.post(steps.format(right["id"], "reunification"), {"outcome": "done"})
    assert early.status_code == 409
    # Reunification needs a current best-interests determination (bestinterests.tests).
    bid_made(child, world.caseworker2, supervisor2)
    for kind in StepKind.values:
        done = api("supervisor2").post(steps.format(right["id"], kind), {"outcome": "done"})
        assert done.status_code == 200, done.content
    request.refresh_from_db()
    assert request.status == "reunified"
    assert ReunificationStep.objects.filter(done_at__isnull=False).count() == len(StepKind)
    # Every decision is kept, with the features that made its score, to train on.
    x, y, groups = decision_pairs()
    assert len(y) == TracingMatch.objects.exclude(decision="pending").count() >= 1
    assert y.sum() == 1
    assert x.shape[0] == len(y) == len(groups)


def test_a_confirmed_match_opens_nothing_of_the_childs_file_to_the_requester(
    world, api, supervisor2
) -> None:
    # Agency B holds the child; agency A took the request. Finding the child tells A that B
    # has them and lets both work on the reunification, never A into B's file.
    child = _register(world, tracing="allowed")
    case = case_open(actor=world.caseworker2, child=child)
    guardian_before = Child.objects.get(pk=child.pk).guardian_id

    def requester_shut_out() -> None:
        for user in (world.caseworker, world.supervisor):
            client, web = api(user.username), web_client(user)
            assert client.get(f"/api/v1/children/{child.public_id}").status_code == 404
            assert client.get(f"/api/v1/cases/{case.public_id}").status_code == 404
            assert web.get(f"/children/{child.public_id}/").status_code == 404
            assert web.get(f"/cases/{case.public_id}/").status_code == 404
        assert not ChildAccessGrant.objects.filter(child=child).exists()
        assert list(Case.objects.filter(child=child)) == [case]
        assert Child.objects.get(pk=child.pk).guardian_id == guardian_before

    client = api("caseworker")
    created = client.post("/api/v1/tracing-requests", SOUGHT).json()
    match = {m["child_id"]: m for m in created["matches"]}[str(child.public_id)]
    requester_shut_out()
    confirmed = client.post(
        f"/api/v1/tracing-requests/matches/{match['id']}/decision", {"decision": "confirmed"}
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["child_name"] is None  # still existence, not identity
    requester_shut_out()
    bid_made(child, world.caseworker2, supervisor2)
    # Every step to reunification, by either agency, leaves the file where it was.
    steps = f"/api/v1/tracing-requests/matches/{match['id']}/steps/{{}}"
    for i, kind in enumerate(StepKind.values):
        by = client if i % 2 == 0 else api("supervisor2")
        assert by.post(steps.format(kind), {"outcome": "done"}).status_code == 200
        requester_shut_out()
    assert TracingRequest.objects.get().status == "reunified"


def test_a_stopped_step_closes_the_request(world) -> None:
    child = _register(world, tracing="allowed")
    request = tracing_request_create(
        actor=world.caseworker, data=TracingRequestIn.model_validate(SOUGHT)
    )
    match = request.matches.get(child=child)
    tracing_match_decide(actor=world.caseworker, match=match, decision="confirmed")
    reunification_step_record(
        actor=world.caseworker, match=match, kind="verification", outcome="done"
    )
    with pytest.raises(ApplicationError) as caught:
        reunification_step_record(
            actor=world.caseworker, match=match, kind="child_views", outcome="stopped"
        )
    assert caught.value.field == "note"
    reunification_step_record(
        actor=world.caseworker,
        match=match,
        kind="child_views",
        outcome="stopped",
        note="The child does not want contact",
    )
    request.refresh_from_db()
    assert request.status == "closed"
    assert request.closed_reason == "The child does not want contact"


def test_the_web_pages_record_and_decide(world) -> None:
    _register(world, tracing="allowed")
    client = web_client(world.caseworker)
    form = client.get("/tracing/new/")
    assert form.status_code == 200
    bad = client.post("/tracing/new/", {**SOUGHT, "relationship": ""})
    assert bad.status_code == 422
    response = client.post("/tracing/new/", {**SOUGHT, "age_estimate_years": ""})
    assert response.status_code == 302, response.content
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "A child registered by Agency Two" in html
    assert "Names" in html
    match = TracingMatch.objects.get()
    decided = client.post(
        f"/tracing/matches/{match.public_id}/decision/", {"decision": "confirmed", "note": ""}
    )
    assert decided.status_code == 302
    match.refresh_from_db()
    assert match.decision == "confirmed"
    step = client.post(
        f"/tracing/matches/{match.public_id}/steps/verification/", {"outcome": "done"}
    )
    assert step.status_code == 302
    assert ReunificationStep.objects.get(match=match, kind="verification").outcome == "done"
    listing = client.get("/tracing/")
    assert "Mohamed Husseini" in listing.content.decode()


@pytest.mark.training
def test_decisions_train_a_model_the_application_then_uses(world, tmp_path, settings) -> None:
    child = _register(world, tracing="allowed")
    request = tracing_request_create(
        actor=world.caseworker, data=TracingRequestIn.model_validate(SOUGHT)
    )
    tracing_match_decide(
        actor=world.caseworker, match=request.matches.get(child=child), decision="confirmed"
    )
    out = tmp_path / "model.json"
    call_command("tracing_train", "--out", str(out), "--registry", "2000", "--queries", "300")
    data = json.loads(out.read_text())
    assert "decisions: 1" in data["trained_on"]
    assert len(data["coef"]) == len(data["features"])
    # How candidates are cut before scoring is fitted too: rarer shared names and an agreeing
    # date of birth keep a candidate.
    assert data["candidate_name_weight"] > 0
    assert data["candidate_coef"]["dob_exact"] > data["candidate_coef"].get("dob_far", 0)
    # And what a registry's other records say of two of them: trees, in files beside it.
    assert data["context_rounds"] == ["model.context1.txt", "model.context2.txt"]
    assert all((tmp_path / name).stat().st_size for name in data["context_rounds"])
    with pytest.raises(CommandError):
        call_command("tracing_train", "--out", str(tmp_path / "no" / "model.json"))
    settings.KINHAVEN_TRACING_MODEL = str(out)
    assert current_model().intercept == pytest.approx(data["intercept"], abs=1e-5)
    assert len(current_model().context_rounds) == 2
    name_weight, weights = current_model().candidate_ranking()
    assert name_weight == pytest.approx(data["candidate_name_weight"], abs=1e-5)
    assert weights[FEATURES.index("dob_exact")] == pytest.approx(
        data["candidate_coef"]["dob_exact"], abs=1e-5
    )


def _api_errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def _flash(response) -> str:
    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    return message


@pytest.fixture
def match(world) -> TracingMatch:
    child = _register(world, tracing="allowed")
    request = tracing_request_create(
        actor=world.caseworker, data=TracingRequestIn.model_validate(SOUGHT)
    )
    return request.matches.get(child=child)


TOO_LONG = "x" * (MAX_REASON + 1)
TOO_LONG_SAID = f"Ensure this value has at most {MAX_REASON} characters (it has {len(TOO_LONG)})."
REQUIRED = "This field is required."
NUL = "Null characters are not allowed."


def _refused_alike(api_response, page_response, field: str, said: str) -> None:
    """The page says a refusal of its form after the field's label, a refusal of the service
    alone; the API names the field and says the same message."""
    assert _flash(page_response) == said
    assert _api_errors(api_response) == {field: said.rsplit(": ", 1)[-1]}


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        ({}, "reason", f"Reason: {REQUIRED}"),
        ({"reason": TOO_LONG}, "reason", f"Reason: {TOO_LONG_SAID}"),
        ({"reason": "Found\x00"}, "reason", f"Reason: {NUL}"),
    ],
)
def test_closing_a_request_is_refused_alike_by_the_page_and_the_api(
    world, api, match, body, field, said
) -> None:
    request = match.request
    by_api = api("caseworker").post(f"/api/v1/tracing-requests/{request.public_id}/closure", body)
    by_page = web_client(world.caseworker).post(f"/tracing/{request.public_id}/close/", body)
    _refused_alike(by_api, by_page, field, said)
    request.refresh_from_db()
    assert request.status == "open"


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        ({"decision": "rejected"}, "note", "Say why this is not the child sought."),
        ({"decision": "rejected", "note": "  "}, "note", "Say why this is not the child sought."),
        ({"decision": "maybe"}, "decision", "Confirm or reject."),
        ({"decision": "rejected", "note": TOO_LONG}, "note", f"Reasons: {TOO_LONG_SAID}"),
        ({"decision": "rejected", "note": "No\x00"}, "note", f"Reasons: {NUL}"),
    ],
)
def test_a_decision_is_refused_alike_by_the_page_and_the_api(
    world, api, match, body, field, said
) -> None:
    by_api = api("caseworker").post(
        f"/api/v1/tracing-requests/matches/{match.public_id}/decision", body
    )
    page = web_client(world.caseworker)
    by_page = page.post(f"/tracing/matches/{match.public_id}/decision/", body)
    _refused_alike(by_api, by_page, field, said)
    match.refresh_from_db()
    assert match.decision == "pending"


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        ({}, "outcome", f"Outcome: {REQUIRED}"),
        ({"outcome": "stopped"}, "note", "Say why reunification stops here."),
        ({"outcome": "done", "note": TOO_LONG}, "note", f"Note: {TOO_LONG_SAID}"),
        ({"outcome": "done", "note": "Met\x00"}, "note", f"Note: {NUL}"),
    ],
)
def test_a_step_is_refused_alike_by_the_page_and_the_api(
    world, api, match, body, field, said
) -> None:
    tracing_match_decide(actor=world.caseworker, match=match, decision="confirmed")
    path = f"/tracing-requests/matches/{match.public_id}/steps/verification"
    by_api = api("caseworker").post(f"/api/v1{path}", body)
    by_page = web_client(world.caseworker).post(
        f"/tracing/matches/{match.public_id}/steps/verification/", body
    )
    # The page shows itself again, the error under the step's field, in the API's status.
    assert by_page.status_code == 422
    assert f'id="id_{field}_error"><p>{said.rsplit(": ", 1)[-1]}<' in by_page.content.decode()
    assert _api_errors(by_api) == {field: said.rsplit(": ", 1)[-1]}
    assert not ReunificationStep.objects.filter(match=match, done_at__isnull=False).exists()
