"""Placements over the API: the child placed, a second current placement refused (409), the
history kept, visits with the child's views, and the guardian's tracks view and wards."""

from typing import Any

import pytest

from kinhaven.care.models import PlacementVisit

pytestmark = pytest.mark.django_db

SHELTER = {"kind": "residential", "started_on": "2026-11-02", "start_reason": "Emergency."}
KINSHIP = {
    "kind": "kinship",
    "carer_name": "Fatima (aunt)",
    "vetting": "vetted",
    "vetting_on": "2026-11-10",
    "safety_plan": "Weekly calls with the caseworker.",
    "started_on": "2026-11-12",
    "start_reason": "A relative can care for her.",
}
VISIT = {
    "visited_on": "2026-11-05",
    "visitor": "guardian",
    "visitor_name": "G. Guardian",
    "child_views": "Feels safe; wants to go to school.",
    "concerns": "",
}


def _errors(response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def _base(child) -> str:
    return f"/api/v1/children/{child.public_id}/placements"


def _placed(api, child, shelter) -> dict[str, Any]:
    response = api("caseworker").post(
        _base(child), {**SHELTER, "service_id": str(shelter.public_id)}
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def test_a_second_current_placement_is_refused_and_the_history_kept(
    world, api, child, shelter
) -> None:
    client = api("caseworker")
    first = _placed(api, child, shelter)
    assert first["current"] is True
    assert first["service"]["name"] == "Harbour house"

    second = client.post(_base(child), KINSHIP)
    assert second.status_code == 409, second.content
    assert second.json()["code"] == "conflict"
    assert "placement" in _errors(second)

    ended = client.post(
        f"{_base(child)}/{first['id']}/end",
        {"ended_on": "2026-11-12", "end_reason": "Moved to her aunt."},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["current"] is False
    again = client.post(
        f"{_base(child)}/{first['id']}/end", {"ended_on": "2026-11-12", "end_reason": "Twice."}
    )
    assert again.status_code == 409

    assert client.post(_base(child), KINSHIP).status_code == 201
    rows = client.get(_base(child)).json()
    assert [(r["kind"], r["current"]) for r in rows] == [
        ("kinship", True),
        ("residential", False),
    ]
    assert rows[1]["end_reason"] == "Moved to her aunt."


def test_bad_input_names_the_field(world, api, child, shelter) -> None:
    client = api("caseworker")
    response = client.post(
        _base(child), {"kind": "residential", "started_on": "2026-11-02", "start_reason": "x"}
    )
    assert response.status_code == 422
    assert set(_errors(response)) == {"service_id"}
    response = client.post(_base(child), {**KINSHIP, "carer_name": "", "vetting_on": None})
    assert response.status_code == 422
    assert set(_errors(response)) == {"carer_name"}
    response = client.post(_base(child), {**SHELTER, "service_id": str(child.public_id)})
    assert response.status_code == 422
    assert set(_errors(response)) == {"service_id"}
    placement = _placed(api, child, shelter)
    response = client.post(
        f"{_base(child)}/{placement['id']}/visits", {**VISIT, "child_views": " "}
    )
    assert response.status_code == 422
    assert set(_errors(response)) == {"child_views"}


def test_visits_show_on_the_guardians_tracks_view(world, api, child, shelter, guardian) -> None:
    placement = _placed(api, child, shelter)
    client = api("guardian")
    visit = client.post(f"{_base(child)}/{placement['id']}/visits", VISIT)
    assert visit.status_code == 201, visit.content
    assert PlacementVisit.objects.get().visitor == "guardian"

    tracks = client.get(f"/api/v1/children/{child.public_id}/tracks").json()
    care = tracks["alternative_care"]
    assert care["readable"] is True
    assert care["current"]["id"] == placement["id"]
    assert care["current"]["visits"][0]["child_views"] == VISIT["child_views"]

    wards = client.get("/api/v1/guardian/wards").json()
    assert wards[0]["placement"] == {
        "kind": "residential",
        "carer": "Harbour house",
        "started_on": "2026-11-02",
        "last_visit_on": "2026-11-05",
    }


def test_who_may_place(world, api, child, shelter) -> None:
    # A frontline responder sees the child but not the care section: nothing listed, no access.
    placement = _placed(api, child, shelter)
    frontline = api("frontline")
    assert frontline.get(_base(child)).json() == []
    assert frontline.get(f"{_base(child)}/{placement['id']}").status_code == 404
    assert frontline.post(_base(child), KINSHIP).status_code == 403
    # Another agency's caseworker does not see the child at all.
    assert api("caseworker2").get(f"{_base(child)}/{placement['id']}").status_code == 404
