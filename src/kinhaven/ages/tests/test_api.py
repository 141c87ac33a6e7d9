"""Age assessment over the API: a whole assessment, and the refusals each naming its field or
capability."""

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.ages.models import AgeAssessment
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.grants import child_access_grant
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register

pytestmark = pytest.mark.django_db

REQUEST = {"trigger": "no_document", "reason": "Says 15; no documents; looks older."}
DOCUMENTS = {
    "method": "documents",
    "performed_on": "2026-10-01",
    "performed_by": "A. Caseworker",
    "findings": "No identity document could be found.",
}
PSYCHOSOCIAL = {
    **DOCUMENTS,
    "method": "psychosocial",
    "performed_by": "B. Social worker; C. Psychologist",
    "guardian_present": True,
    "findings": "Development consistent with 15 to 19 years.",
}
MEDICAL = {
    **DOCUMENTS,
    "method": "medical",
    "performed_on": "2026-10-05",
    "performed_by": "Dr D., paediatrician",
    "guardian_present": True,
    "findings": "Examination results.",
    "insufficiency_reason": "The interview left a wide range.",
    "child_consent_on": "2026-10-03",
    "guardian_consent_on": "2026-10-03",
}
DECISION = {
    "min_age": 16,
    "max_age": 19,
    "decided_on": "2026-10-10",
    "authority": "Child protection office",
    "reasons": "The psychosocial assessment, with the benefit of the doubt.",
    "remedy": "Appeal to the district court within 14 days of notice.",
}


def _errors(response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


@pytest.fixture
def child(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    case_open(actor=world.caseworker, child=child)
    return child


def _base(child) -> str:
    return f"/api/v1/children/{child.public_id}"


def _requested(api, child) -> str:
    response = api("caseworker").post(f"{_base(child)}/age-assessments", REQUEST)
    assert response.status_code == 201, response.content
    return f"{_base(child)}/age-assessments/{response.json()['id']}"


def test_a_whole_assessment_over_the_api(world, api, child) -> None:
    client = api("caseworker")
    one = _requested(api, child)
    assert client.get(f"{_base(child)}/age").json()["basis"] == "pending"
    assert client.post(f"{one}/steps", DOCUMENTS).status_code == 201
    assert client.post(f"{one}/steps", PSYCHOSOCIAL).status_code == 201
    body = client.post(f"{one}/steps", MEDICAL).json()
    assert [s["method"] for s in body["steps"]] == ["documents", "psychosocial", "medical"]
    assert body["status"] == "in_progress"

    decided = client.post(f"{one}/decision", DECISION)
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert body["decision"]["min_age"] == 16
    assert body["range"] == {"min_age": 16, "max_age": 19}
    assert body["treated_as_child"] is True

    child_body = client.get(_base(child)).json()
    assert child_body["age_estimate_years"] == 16
    assert child_body["age_estimated_on"] == "2026-10-10"
    standing = client.get(f"{_base(child)}/age").json()
    assert standing == {
        "treated_as_child": True,
        "basis": "assessed_child",
        "on_appeal": False,
        "recorded_age": 16,
        "recorded_on": "2026-10-10",
        "range": {"min_age": 16, "max_age": 19},
        "assessment_id": body["id"],
    }

    notice = {
        "recipient": "child",
        "notified_on": "2026-10-11",
        "language": "prs",
        "means": "orally_and_in_writing",
        "interpreter": True,
    }
    body = client.post(f"{one}/notifications", notice).json()
    assert body["notices"][0]["language"] == "prs"
    assert body["notices"][0]["of"] == "decision"

    listed = client.get(f"{_base(child)}/age-assessments").json()
    assert [a["id"] for a in listed] == [body["id"]]
    assert client.get(one).json()["status"] == "decided"


def test_a_medical_examination_first_is_refused_with_422_naming_the_method(
    world, api, child
) -> None:
    one = _requested(api, child)
    response = api("caseworker").post(f"{one}/steps", MEDICAL)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    assert "method" in _errors(response)
    assert not AgeAssessment.objects.get().steps.exists()


@pytest.mark.parametrize("missing", ["child_consent_on", "guardian_consent_on"])
def test_a_medical_examination_without_consent_is_refused(world, api, child, missing) -> None:
    one = _requested(api, child)
    api("caseworker").post(f"{one}/steps", PSYCHOSOCIAL)
    payload = {k: v for k, v in MEDICAL.items() if k != missing}
    response = api("caseworker").post(f"{one}/steps", payload)
    assert response.status_code == 422
    assert missing in _errors(response)
    assert AgeAssessment.objects.get().steps.count() == 1


@pytest.mark.parametrize("method", ["psychosocial", "medical"])
def test_a_method_with_the_child_and_no_guardian_present_is_refused(
    world, api, child, method
) -> None:
    one = _requested(api, child)
    api("caseworker").post(f"{one}/steps", DOCUMENTS)
    payload = {**(MEDICAL if method == "medical" else PSYCHOSOCIAL), "guardian_present": False}
    response = api("caseworker").post(f"{one}/steps", payload)
    assert response.status_code == 422, response.content
    assert "guardian_present" in _errors(response)
    assert list(AgeAssessment.objects.get().steps.values_list("method", flat=True)) == ["documents"]


def test_documents_are_examined_without_the_guardian(world, api, child) -> None:
    one = _requested(api, child)
    response = api("caseworker").post(f"{one}/steps", {**DOCUMENTS, "guardian_present": False})
    assert response.status_code == 201, response.content
    assert response.json()["steps"][0]["guardian_present"] is False


def test_documents_that_did_not_settle_the_age_are_no_decision(world, api, child) -> None:
    client = api("caseworker")
    one = _requested(api, child)
    client.post(f"{one}/steps", DOCUMENTS)
    refused = client.post(f"{one}/decision", DECISION)
    assert refused.status_code == 409, refused.content
    assert "status" in _errors(refused)
    assert "psychosocial" in refused.json()["message"]
    assert client.get(one).json()["status"] == "in_progress"
    client.post(f"{one}/steps", {**DOCUMENTS, "settles_age": True})
    assert client.post(f"{one}/decision", DECISION).status_code == 200


def test_a_reversed_range_is_422_and_changes_nothing(world, api, child) -> None:
    one = _requested(api, child)
    api("caseworker").post(f"{one}/steps", DOCUMENTS)
    response = api("caseworker").post(f"{one}/decision", {**DECISION, "min_age": 19, "max_age": 16})
    assert response.status_code == 422
    assert "min_age" in _errors(response)
    assessment = AgeAssessment.objects.get()
    assert (assessment.status, assessment.min_age) == ("in_progress", None)


def test_a_role_that_does_not_decide_gets_403_naming_the_capability(world, api, child) -> None:
    one = _requested(api, child)
    api("caseworker").post(f"{one}/steps", DOCUMENTS)
    response = api("frontline").post(f"{one}/decision", DECISION)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "age.decide" in response.json()["message"]
    assert AgeAssessment.objects.get().decided_on is None
    # The hotline does not see children at all: the assessment is not found.
    assert api("hotline").post(f"{one}/decision", DECISION).status_code == 404


def test_an_appeal_keeps_the_person_a_child_until_it_is_decided(world, api, child) -> None:
    client = api("caseworker")
    one = _requested(api, child)
    client.post(f"{one}/steps", PSYCHOSOCIAL)
    client.post(f"{one}/decision", {**DECISION, "min_age": 18, "max_age": 22})
    assert client.get(f"{_base(child)}/age").json()["treated_as_child"] is False

    appeal = {"lodged_on": "2026-10-12", "lodged_by": "The guardian", "grounds": "Wrong method."}
    response = client.post(f"{one}/appeals", appeal)
    assert response.status_code == 201, response.content
    assert response.json()["treated_as_child"] is True
    standing = client.get(f"{_base(child)}/age").json()
    assert (standing["treated_as_child"], standing["basis"]) == (True, "appeal_pending")

    decision = {
        "outcome": "changed",
        "min_age": 17,
        "max_age": 20,
        "decided_on": "2026-11-02",
        "reasons": "The court weighed the school records.",
    }
    # A decision on an appeal says how it can be challenged in turn, as the first one does.
    refused = client.post(f"{one}/appeal-decision", decision)
    assert refused.status_code == 422
    assert "remedy" in _errors(refused)
    decision["remedy"] = "A further appeal to the regional court within 14 days."
    body = client.post(f"{one}/appeal-decision", decision).json()
    assert body["status"] == "appeal_decided"
    assert body["appeals"][0]["remedy"] == decision["remedy"]
    assert body["decision"]["min_age"] == 18
    assert body["appeals"][0]["range"] == {"min_age": 17, "max_age": 20}
    standing = client.get(f"{_base(child)}/age").json()
    assert standing["basis"] == "assessed_child"
    assert (standing["on_appeal"], standing["recorded_age"]) == (True, 17)


def test_an_appeal_decision_confirming_gives_no_range(world, api, child) -> None:
    client = api("caseworker")
    one = _requested(api, child)
    client.post(f"{one}/steps", DOCUMENTS)
    client.post(f"{one}/decision", DECISION)
    client.post(f"{one}/appeals", {"lodged_on": "2026-10-12", "lodged_by": "C", "grounds": "G"})
    response = client.post(
        f"{one}/appeal-decision",
        {
            "outcome": "confirmed",
            "min_age": 15,
            "decided_on": "2026-11-02",
            "reasons": "R",
            "remedy": "Appeal",
        },
    )
    assert response.status_code == 422
    assert "min_age" in _errors(response)
    response = client.post(
        f"{one}/appeal-decision",
        {"outcome": "changed", "decided_on": "2026-11-02", "reasons": "R", "remedy": "Appeal"},
    )
    assert "min_age" in _errors(response)


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("", {"trigger": "no_document", "reason": ""}, "reason"),
        ("", {"reason": "Doubt"}, "trigger"),
        ("", {**REQUEST, "shoe_size": 38}, "shoe_size"),
        ("/steps", {**DOCUMENTS, "performed_on": "2999-01-01"}, "performed_on"),
        ("/steps", {**DOCUMENTS, "method": "bones"}, "method"),
        ("/steps", {**DOCUMENTS, "findings": "\x00"}, "findings"),
        ("/decision", {**DECISION, "max_age": "old"}, "max_age"),
        ("/decision", {**DECISION, "min_age": 30, "max_age": 31}, "min_age"),
        ("/decision", {**DECISION, "remedy": ""}, "remedy"),
        ("/notifications", {"recipient": "child", "notified_on": "2026-10-11"}, "language"),
    ],
)
def test_bad_input_is_422_naming_the_field(world, api, child, path, payload, field) -> None:
    base = f"{_base(child)}/age-assessments"
    if path:
        base = _requested(api, child)
    response = api("caseworker").post(f"{base}{path}", payload)
    assert response.status_code == 422, response.content
    assert field in _errors(response)


def test_a_medical_examinations_findings_are_for_those_who_read_health(world, api, child) -> None:
    client = api("caseworker")
    one = _requested(api, child)
    client.post(f"{one}/steps", PSYCHOSOCIAL)
    client.post(f"{one}/steps", MEDICAL)
    # The police of another agency, to whom the identity section is shared by referral.
    world.user("police", RoleCode.POLICE_INVESTIGATOR, world.other_agency, world.team_two)
    child_access_grant(
        actor=world.caseworker, child=child, agency=world.other_agency, sections=["identity"]
    )
    steps = api("police").get(one).json()["steps"]
    assert [s["findings"] for s in steps] == [PSYCHOSOCIAL["findings"], None]
    assert client.get(one).json()["steps"][1]["findings"] == MEDICAL["findings"]
    # They read it; they may not write it.
    assert api("police").post(f"{one}/steps", DOCUMENTS).status_code == 403


def test_an_assessment_answers_only_under_its_own_child(world, api, child) -> None:
    one = _requested(api, child)
    other = child_register(actor=world.caseworker, data=ChildIn(given_name="Bilal"))
    wrong = one.replace(str(child.public_id), str(other.public_id))
    assert api("caseworker").get(wrong).status_code == 404
    assert api("caseworker2").get(one).status_code == 404
    denied = AuditEntry.objects.filter(action="age_assessment.read", outcome="denied")
    assert denied.count() == 2


def test_reads_are_audited(world, api, child) -> None:
    one = _requested(api, child)
    api("caseworker").get(one)
    api("caseworker").get(f"{_base(child)}/age-assessments")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"age_assessment.read", "age_assessment.list", "age_assessment.request"} <= actions
