import datetime as dt
import uuid

import pytest

from kinhaven.conftest import ApiClient
from kinhaven.core import time
from kinhaven.intake.models import Report

pytestmark = pytest.mark.django_db

REPORT = {
    "what_happened": "Partner shelter: a girl arrived with bruises and no documents.",
    "child_given_name": "Leyla",
    "child_sex": "F",
    "child_age_estimate": 15,
    "child_languages": ["fa"],
    "accompanied": "unaccompanied",
    "exploitation_types": ["SexualExploitation"],
}


def _errors(response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_partner_systems_submit_reports_once_per_token(world, api) -> None:
    token = str(uuid.uuid4())
    first = api("caseworker").post("/api/v1/reports", {**REPORT, "client_token": token})
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["channel"] == "partner"
    assert body["urgency"] == "suspected_trafficking"
    assert body["reference"].startswith("R-")
    again = api("caseworker").post("/api/v1/reports", {**REPORT, "client_token": token})
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"child_given_name": "x"}, "what_happened"),
        ({**REPORT, "what_happened": ""}, "what_happened"),
        ({**REPORT, "child_nationality": "Atlantis"}, "child_nationality"),
        ({**REPORT, "child_age_estimate": "fifteen"}, "child_age_estimate"),
        ({**REPORT, "child_date_of_birth": "2030-01-01"}, "child_date_of_birth"),
        ({**REPORT, "urgency": "whenever"}, "urgency"),
        ({**REPORT, "exploitation_types": ["Pickpocketing"]}, "exploitation_types"),
        ({**REPORT, "shoe_size": 38}, "shoe_size"),
        ({**REPORT, "client_token": "not-a-uuid"}, "client_token"),
        ({**REPORT, "location": "\x00"}, "location"),
    ],
)
def test_bad_reports_get_422_naming_the_field(world, api, payload, field) -> None:
    response = api("caseworker").post("/api/v1/reports", payload)
    assert response.status_code == 422, response.content
    assert field in _errors(response)
    assert not Report.objects.exists()


def test_malformed_and_oversized_bodies_are_refused(world, api) -> None:
    client = api("caseworker")
    broken = client.client.post(
        "/api/v1/reports", "{not json", content_type="application/json", headers=client.headers
    )
    assert broken.status_code in {400, 422}
    huge = client.post("/api/v1/reports", {**REPORT, "what_happened": "x" * 1_100_000})
    assert huge.status_code == 413
    assert not Report.objects.exists()


def test_roles_without_the_capability_get_403(world, api) -> None:
    assert api("analyst").post("/api/v1/reports", REPORT).status_code == 403
    assert api(None).post("/api/v1/reports", REPORT).status_code == 401


def test_the_whole_path_through_the_api(world, api, time_machine) -> None:
    operator, caseworker = api("hotline"), api("caseworker")
    report_id = operator.post("/api/v1/reports", REPORT).json()["id"]
    base = f"/api/v1/reports/{report_id}"
    queue = caseworker.get("/api/v1/reports").json()
    assert [r["id"] for r in queue["items"]] == [report_id]
    triaged = operator.post(base + "/triage", {"urgency": "immediate_danger"})
    assert triaged.status_code == 200, triaged.content
    codes = [i["code"] for i in operator.get("/api/v1/reports/indicators").json()]
    assert "dr_job" in codes
    screened = operator.post(
        base + "/screening", {"indicators": ["dr_job", "dr_travel", "ex_sexual", "ex_no_pay"]}
    )
    assert screened.json()["screening"]["suggestion"] == "possible_victim"
    assert (
        operator.post(
            base + "/decision",
            {
                "trafficking_status": "PossibleVictimOfTrafficking",
                "decision_body_type": "NonPoliceGovernmentalOrganization",
                "decision_body_name": "City child protection",
                "decision_reasons": "Recruitment and exploitation indicators.",
            },
        ).status_code
        == 403
    )
    decided = caseworker.post(
        base + "/decision",
        {
            "trafficking_status": "PossibleVictimOfTrafficking",
            "decision_body_type": "NonPoliceGovernmentalOrganization",
            "decision_body_name": "City child protection",
            "decision_reasons": "Recruitment and exploitation indicators.",
        },
    )
    assert decided.status_code == 200
    assert caseworker.get(base + "/candidates").json() == []
    converted = caseworker.post(base + "/conversion", {})
    assert converted.status_code == 201, converted.content
    case_id = converted.json()["case_id"]
    case = caseworker.get(f"/api/v1/cases/{case_id}").json()
    assert case["status"] == "possible_victim"
    deadlines = caseworker.get("/api/v1/deadlines").json()["items"]
    assert {d["code"] for d in deadlines} >= {"guardian_appointment", "reflection_period"}
    reflection = next(d for d in deadlines if d["code"] == "reflection_period")
    assert reflection["state"] == "due"
    completion = {"note": "Temporary residence granted on the child's situation."}
    # The decision on the report is the child's preliminary decision; the period does not end
    # before the conclusive one (the default identification rule).
    child_id = converted.json()["child_id"]
    identification = caseworker.get(f"/api/v1/children/{child_id}/identification").json()
    assert identification["status"] == "PossibleVictimOfTrafficking"
    assert identification["reflection_period"]["held"] is True
    held = caseworker.post(f"/api/v1/deadlines/{reflection['id']}/completion", completion)
    assert held.status_code == 409
    assert set(_errors(held)) == {"deadline"}
    conclusive = api("supervisor").post(
        f"/api/v1/children/{child_id}/identification",
        {
            "stage": "conclusive",
            "outcome": "ActualVictimOfTrafficking",
            "organisation": "NonPoliceGovernmentalOrganization",
            "authority": "City child protection",
            "person_name": "A. Supervisor",
            "person_role": "Head of unit",
            "decided_on": time.today().isoformat(),
            "reasons": "Exploitation established.",
            "evidence": "Interview and the report.",
        },
    )
    assert conclusive.status_code == 201, conclusive.content
    # The period lasts at least 30 days (CETS 197 Art. 13), whatever was decided meanwhile.
    early = caseworker.post(f"/api/v1/deadlines/{reflection['id']}/completion", completion)
    assert early.status_code == 409
    assert set(_errors(early)) == {"deadline"}
    due = dt.datetime.fromisoformat(reflection["due_at"])
    time_machine.move_to(due + dt.timedelta(hours=1), tick=False)
    caseworker = ApiClient("caseworker")  # a token of that day: the first has expired
    done = caseworker.post(f"/api/v1/deadlines/{reflection['id']}/completion", completion)
    assert done.status_code == 200
    assert done.json()["state"] == "met"
    assert caseworker.post(base + "/conversion", {}).status_code == 409


def test_conversion_conflict_names_the_child_field(world, api) -> None:
    caseworker = api("caseworker")
    caseworker.post("/api/v1/children", {"given_name": "Leyla", "date_of_birth": "2011"})
    report_id = caseworker.post("/api/v1/reports", REPORT).json()["id"]
    base = f"/api/v1/reports/{report_id}"
    caseworker.post(base + "/triage", {"urgency": "concern"})
    candidates = caseworker.get(base + "/candidates").json()
    assert len(candidates) == 1
    conflict = caseworker.post(base + "/conversion", {})
    assert conflict.status_code == 409
    assert "child_id" in _errors(conflict)
    unknown = caseworker.post(base + "/conversion", {"child_id": str(uuid.uuid4())})
    assert unknown.status_code == 422
    linked = caseworker.post(base + "/conversion", {"child_id": candidates[0]["id"]})
    assert linked.json()["child_id"] == candidates[0]["id"]


def test_other_agencies_get_404(world, api) -> None:
    report_id = api("caseworker").post("/api/v1/reports", REPORT).json()["id"]
    other = api("caseworker2")
    assert other.get(f"/api/v1/reports/{report_id}").status_code == 404
    assert (
        other.post(f"/api/v1/reports/{report_id}/triage", {"urgency": "concern"}).status_code == 404
    )
    assert other.get("/api/v1/reports").json()["count"] == 0


def test_triage_names_a_bad_team_and_urgency(world, api) -> None:
    caseworker = api("caseworker")
    report_id = caseworker.post("/api/v1/reports", REPORT).json()["id"]
    base = f"/api/v1/reports/{report_id}/triage"
    assert "team_id" in _errors(
        caseworker.post(base, {"urgency": "concern", "team_id": str(world.team_two.public_id)})
    )
    assert "urgency" in _errors(caseworker.post(base, {"urgency": "later"}))


def test_frontline_completes_its_report_through_the_api(world, api) -> None:
    frontline = api("frontline")
    report_id = frontline.post("/api/v1/reports", {"what_happened": "Alone at the border."}).json()[
        "id"
    ]
    patched = frontline.patch(f"/api/v1/reports/{report_id}", {"child_given_name": "Aram"})
    assert patched.status_code == 200
    assert patched.json()["child_given_name"] == "Aram"
    assert patched.json()["what_happened"] == "Alone at the border."
