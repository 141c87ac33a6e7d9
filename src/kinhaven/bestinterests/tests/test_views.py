"""The child's page shows the best-interests section to those who read the care section; the
best-interests page lists every version and determination and takes the writes, refusing bad
input with the API's words."""

from typing import Any

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.audit.models import AuditEntry
from kinhaven.bestinterests.models import (
    AssessmentVersion,
    BestInterestsAssessment,
    BestInterestsDetermination,
)
from kinhaven.bestinterests.tests.factories import (
    MEMBERS,
    VERSION,
    assessment_of,
    bid_form_body,
    bid_made,
    determination_data,
    version_approved,
)
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db


def test_the_childs_page_shows_the_determination_and_its_dissent(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    bid = bid_made(child, world.caseworker, world.supervisor)
    page = web_client(world.caseworker).get(f"/children/{child.public_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="best-interests"' in html
    assert "Too early: the child is still in trauma therapy." in html
    assert "Dissents" in html
    assert "Current" in html
    entry = AuditEntry.objects.filter(action="best_interests_determination.list").last()
    assert entry is not None
    assert str(bid.public_id) in [str(i) for i in entry.object_ids]


def test_the_review_date_shows_on_the_deadlines_page(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    bid = bid_made(child, world.caseworker, world.supervisor)
    page = web_client(world.supervisor).get("/deadlines/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Review of a best-interests determination" in html
    assert f"<time>{bid.review_on.isoformat()} 23:59</time>" in html


# The best-interests page -----------------------------------------------------------------------

HTMX = {"HX-Request": "true"}


def _page(child: Any) -> str:
    return f"/children/{child.public_id}/best-interests/"


def _form(prefix: str, data: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}-{name}": value for name, value in data.items()}


@pytest.fixture
def child(world) -> Any:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    assessment_of(child, world.caseworker)
    return child


def _assessment(child: Any) -> BestInterestsAssessment:
    return BestInterestsAssessment.objects.get(child=child)


def _record_url(child: Any) -> str:
    return f"{_page(child)}assessments/{_assessment(child).public_id}/versions/"


def _version(child: Any, number: int) -> AssessmentVersion:
    return AssessmentVersion.objects.get(assessment__child=child, number=number)


def _submit(client: Any, child: Any, number: int) -> Any:
    return client.post(f"{_page(child)}versions/{_version(child, number).public_id}/submit/")


def _decide(client: Any, child: Any, number: int, **data: str) -> Any:
    url = f"{_page(child)}versions/{_version(child, number).public_id}/decision/"
    return client.post(url, _form("decision", data))


def test_the_page_shows_the_versions_and_the_determinations_and_audits_them(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    bid = bid_made(child, world.caseworker, world.supervisor)
    page = web_client(world.caseworker).get(_page(child))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="version-1"' in html
    assert "Approved" in html
    assert VERSION["family_relationships"] in html
    assert "In person, through an interpreter" in html
    assert VERSION["heard_with"] in html
    assert VERSION["guardian_view"] in html
    assert "Too early: the child is still in trauma therapy." in html
    assert f"review by {bid.review_on.isoformat()}" in html
    assert "Family reunification" in html
    # The assessor sees no determination form; nor any version form while none is open.
    assert 'id="bid-form"' not in html
    assert 'id="version-form"' in html
    entry = AuditEntry.objects.filter(action="best_interests_determination.list").last()
    assert entry is not None
    assert [str(i) for i in entry.object_ids] == [str(bid.public_id)]
    listed = AuditEntry.objects.filter(action="best_interests_assessment.list").last()
    assert listed is not None
    assert [str(i) for i in listed.object_ids] == [str(_assessment(child).public_id)]


def test_a_version_is_recorded_submitted_sent_back_and_approved(world, child) -> None:
    worker, boss = web_client(world.caseworker), web_client(world.supervisor)
    sent = worker.post(_record_url(child), _form("version", VERSION))
    assert sent.status_code == 302
    assert sent["Location"] == _page(child)
    assert _version(child, 1).status == "draft"
    # One version in the works: no form for another, and a button to submit it.
    html = worker.get(_page(child)).content.decode()
    assert 'id="version-form"' not in html
    assert 'id="submit-form"' in html
    assert _submit(worker, child, 1).status_code == 302
    assert _version(child, 1).status == "submitted"
    assert "waits for approval" in worker.get(f"/children/{child.public_id}/").content.decode()
    # The caseworker does not approve; the supervisor sends it back with reasons.
    assert 'id="decision-form"' not in worker.get(_page(child)).content.decode()
    missing = _decide(boss, child, 1, decision="send_back", reasons="")
    assert missing.status_code == 422
    assert "Say why it is sent back." in missing.content.decode()
    back = _decide(boss, child, 1, decision="send_back", reasons="Health domain is thin.")
    assert back.status_code == 302
    assert _version(child, 1).sent_back_reasons == "Health domain is thin."
    html = worker.get(_page(child)).content.decode()
    assert "Health domain is thin." in html
    # The new version's form holds the content of the one sent back.
    assert f">\n{VERSION['health']}</textarea>" in html
    assert (
        worker.post(
            _record_url(child), _form("version", {**VERSION, "health": "Seen by a doctor."})
        ).status_code
        == 302
    )
    assert _version(child, 1).health == VERSION["health"]
    assert _version(child, 2).health == "Seen by a doctor."
    assert _submit(worker, child, 2).status_code == 302
    assert _decide(boss, child, 2, decision="approve").status_code == 302
    assert _version(child, 2).status == "approved"
    assert _version(child, 2).decided_by == world.supervisor
    # Decided already (a second tab): the refusal stands on top of the page.
    late = _decide(boss, child, 2, decision="approve")
    assert late.status_code == 409
    assert 'id="bi-errors"' in late.content.decode()
    assert "This version is not waiting for approval." in late.content.decode()


def test_with_htmx_the_record_swaps_in_place(world, child) -> None:
    client = web_client(world.caseworker)
    sent = client.post(_record_url(child), _form("version", VERSION), headers=HTMX)
    assert sent.status_code == 200
    html = sent.content.decode()
    assert 'id="bi-record"' in html
    assert "Version recorded." in html
    assert "<html" not in html
    submit = f"{_page(child)}versions/{_version(child, 1).public_id}/submit/"
    assert client.post(submit, headers=HTMX).status_code == 200
    again = client.post(submit, headers=HTMX)
    assert again.status_code == 409
    assert "<html" not in again.content.decode()
    assert "Only a draft version is submitted for approval." in again.content.decode()


def test_invalid_input_and_a_second_version_in_the_works_are_refused(world, child) -> None:
    client = web_client(world.caseworker)
    bad = client.post(_record_url(child), _form("version", {**VERSION, "heard_language": ""}))
    assert bad.status_code == 422
    assert "Record the language the child was heard in." in bad.content.decode()
    assert not AssessmentVersion.objects.filter(assessment__child=child).exists()
    assert client.post(_record_url(child), _form("version", VERSION)).status_code == 302
    # Posted from a page opened before (the form is no longer offered): a conflict.
    twice = client.post(_record_url(child), _form("version", VERSION))
    assert twice.status_code == 409
    assert "in the works already" in twice.content.decode()


def test_the_one_who_submitted_a_version_does_not_approve_it(world, child) -> None:
    boss = web_client(world.supervisor)
    assert boss.post(_record_url(child), _form("version", VERSION)).status_code == 302
    assert _submit(boss, child, 1).status_code == 302
    own = _decide(boss, child, 1, decision="approve")
    assert own.status_code == 403
    assert "Someone other than the one who asked approves it." in own.content.decode()
    assert _version(child, 1).status == "submitted"


def test_a_determination_with_a_dissent_through_the_panel_rows(world, child) -> None:
    version_approved(child, world.caseworker, world.supervisor)
    boss = web_client(world.supervisor)
    html = boss.get(_page(child)).content.decode()
    assert 'id="bid-form"' in html
    sent = boss.post(f"{_page(child)}determinations/", bid_form_body(MEMBERS))
    assert sent.status_code == 302, sent.content.decode()
    bid = BestInterestsDetermination.objects.get(child=child)
    members = list(bid.members.all())
    assert [m.position for m in members] == ["agree", "agree", "dissent"]
    assert members[2].reasons == MEMBERS[2]["reasons"]
    assert bid.purposes == ["family_reunification"]
    html = boss.get(_page(child)).content.decode()
    assert f"review by {bid.review_on.isoformat()}" in html
    assert MEMBERS[2]["reasons"] in html
    assert "Dissents" in html


def test_a_panel_of_two_disciplines_is_refused_naming_the_members(world, child) -> None:
    version_approved(child, world.caseworker, world.supervisor)
    two = [{**m, "discipline": "legal"} for m in MEMBERS[:2]]
    sent = web_client(world.supervisor).post(f"{_page(child)}determinations/", bid_form_body(two))
    assert sent.status_code == 422
    html = sent.content.decode()
    assert 'id="members-error"' in html
    assert "The panel brings at least 3 different disciplines." in html
    assert not BestInterestsDetermination.objects.exists()


def test_a_dissent_without_reasons_is_refused_on_its_row(world, child) -> None:
    version_approved(child, world.caseworker, world.supervisor)
    silent = [*MEMBERS[:2], {**MEMBERS[2], "reasons": ""}]
    sent = web_client(world.supervisor).post(
        f"{_page(child)}determinations/", bid_form_body(silent)
    )
    assert sent.status_code == 422
    html = sent.content.decode()
    assert 'id="id_members-2-reasons_error"' in html
    assert "A dissent needs its reasons." in html
    assert not BestInterestsDetermination.objects.exists()


def test_a_determination_without_an_approved_assessment_is_a_conflict(world, child) -> None:
    sent = web_client(world.supervisor).post(
        f"{_page(child)}determinations/", bid_form_body(MEMBERS)
    )
    assert sent.status_code == 409
    assert "there is none" in sent.content.decode()


def test_the_assessor_does_not_determine(world, child) -> None:
    second = world.user("supervisor2", RoleCode.SUPERVISOR, world.agency, world.team)
    version_approved(child, world.supervisor, second)
    sent = web_client(world.supervisor).post(
        f"{_page(child)}determinations/", bid_form_body(MEMBERS)
    )
    assert sent.status_code == 403
    assert "not by the one who wrote the assessment" in sent.content.decode()


def test_without_the_capability_or_the_care_section_no_forms(world, child) -> None:
    version = version_approved(child, world.caseworker, world.supervisor)
    worker = web_client(world.caseworker)
    html = worker.get(_page(child)).content.decode()
    assert 'id="bid-form"' not in html
    assert 'id="decision-form"' not in html
    refused = worker.post(f"{_page(child)}determinations/", bid_form_body(MEMBERS))
    assert refused.status_code == 403
    decide = worker.post(
        f"{_page(child)}versions/{version.public_id}/decision/",
        _form("decision", {"decision": "approve"}),
    )
    assert decide.status_code == 403
    # The frontline responder sees the child but not its care section; another agency sees
    # neither.
    for user in (world.frontline, world.caseworker2):
        client = web_client(user)
        assert client.get(_page(child)).status_code == 404
        assert client.post(_record_url(child), _form("version", VERSION)).status_code == 404
        assert client.post(
            f"{_page(child)}determinations/", bid_form_body(MEMBERS)
        ).status_code in (403, 404)
    assert not BestInterestsDetermination.objects.exists()


@pytest.mark.parametrize(
    ("members", "row_field"),
    [
        pytest.param([{**m, "discipline": "legal"} for m in MEMBERS], None, id="one-discipline"),
        pytest.param([*MEMBERS[:2], {**MEMBERS[2], "reasons": ""}], "reasons", id="silent"),
    ],
)
def test_the_api_and_the_page_refuse_the_same_panel_with_the_same_words(
    world, api, child, members, row_field
) -> None:
    version_approved(child, world.caseworker, world.supervisor)
    body = {**determination_data().model_dump(mode="json"), "members": members}
    answer = api("supervisor").post(
        f"/api/v1/children/{child.public_id}/best-interests/determinations", body
    )
    page = web_client(world.supervisor).post(
        f"{_page(child)}determinations/", bid_form_body(members)
    )
    assert answer.status_code == page.status_code == 422
    errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    # The API names the member's field by its place (members.2.reasons); the page the row's
    # field (members-2-reasons), with the message above the rows too.
    field = f"members.2.{row_field}" if row_field else "members"
    assert list(errors) == [field]
    form = page.context["bid_form"]
    assert form.members_errors == [errors[field]]
    if row_field:
        assert form.member_rows.forms[2].errors[row_field] == [errors[field]]
        assert 'id="id_members-2-reasons_error"' in page.content.decode()


def test_the_api_and_the_page_refuse_the_same_version_with_the_same_words(
    world, api, child
) -> None:
    bad = {**VERSION, "heard_how": "not_heard", "child_views": ""}
    answer = api("caseworker").post(
        f"/api/v1/children/{child.public_id}/best-interests/assessments/"
        f"{_assessment(child).public_id}/versions",
        bad,
    )
    page = web_client(world.caseworker).post(_record_url(child), _form("version", bad))
    assert answer.status_code == page.status_code == 422
    errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    form = page.context["entries"][0]["version_form"]
    assert {k: [str(m) for m in v] for k, v in form.errors.items()} == {
        k: [v] for k, v in errors.items()
    }
