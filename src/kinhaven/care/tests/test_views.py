"""The placement pages: the section of the child's page, the case page, the start form, one
placement's page and its forms, with and without HTMX; the tracks and wards pages."""

import datetime as dt

import pytest

from kinhaven.care.models import Placement
from kinhaven.care.schemas import PlacementIn
from kinhaven.care.services import placement_start
from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _form(prefix: str, data: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}-{name}": value for name, value in data.items()}


def _placement(world, child, shelter) -> Placement:
    return placement_start(
        actor=world.caseworker,
        child=child,
        data=PlacementIn(
            kind="residential",
            service_id=shelter.public_id,
            started_on=dt.date(2026, 11, 2),
            start_reason="Emergency shelter.",
        ),
    )


def test_the_child_is_placed_from_the_childs_page(world, child, shelter) -> None:
    web = web_client(world.caseworker)
    page = web.get(f"/children/{child.public_id}/").content.decode()
    assert 'id="care-section"' in page
    assert "Harbour house" in page
    form = _form(
        "placement",
        {
            "kind": "residential",
            "service_id": str(shelter.public_id),
            "vetting": "vetted",
            "vetting_on": "2026-11-01",
            "safety_plan": "",
            "started_on": "2026-11-02",
            "start_reason": "Emergency shelter.",
        },
    )
    bad = web.post(
        f"/children/{child.public_id}/placements/start/",
        {**form, "placement-start_reason": ""},
        headers=HTMX,
    )
    assert bad.status_code == 422
    assert 'id="id_placement-start_reason_error"' in bad.content.decode()
    done = web.post(f"/children/{child.public_id}/placements/start/", form, headers=HTMX)
    assert done.status_code == 204
    placement = Placement.objects.get()
    assert done.headers["HX-Redirect"].endswith(f"/placements/{placement.public_id}/")
    page = web.get(f"/children/{child.public_id}/").content.decode()
    assert "Current placement" in page
    assert "placement-start" not in page
    case_page = web.get(f"/cases/{placement.case.public_id}/").content.decode()
    assert 'id="case-placement"' in case_page
    assert "Harbour house" in case_page
    # A second current placement meets the database's refusal, as a conflict on the page.
    again = web.post(f"/children/{child.public_id}/placements/start/", form)
    assert again.status_code == 409


def test_visit_vetting_and_end_on_the_placement_page(world, child, shelter, guardian) -> None:
    placement = _placement(world, child, shelter)
    url = f"/children/{child.public_id}/placements/{placement.public_id}/"
    web = web_client(guardian)
    assert web.get(url).status_code == 200
    visit = _form(
        "visit",
        {
            "visited_on": "2026-11-05",
            "visitor": "guardian",
            "visitor_name": "G. Guardian",
            "child_views": "",
            "concerns": "",
        },
    )
    bad = web.post(f"{url}visits/", visit, headers=HTMX)
    assert bad.status_code == 422
    assert 'id="id_visit-child_views_error"' in bad.content.decode()
    ok = web.post(f"{url}visits/", {**visit, "visit-child_views": "Feels safe."}, headers=HTMX)
    assert ok.status_code == 200
    assert "Feels safe." in ok.content.decode()
    tracks = web.get(f"/children/{child.public_id}/tracks/").content.decode()
    assert 'id="track-care"' in tracks
    assert "Feels safe." in tracks
    wards = web.get("/guardian/").content.decode()
    assert "Harbour house" in wards
    assert "last visit 2026-11-05" in wards

    caseworker = web_client(world.caseworker)
    vetting = _form(
        "vetting", {"vetting": "vetted", "vetting_on": "2026-11-06", "safety_plan": "Curfew."}
    )
    assert caseworker.post(f"{url}vetting/", vetting).status_code == 302
    ended = caseworker.post(
        f"{url}end/", _form("end", {"ended_on": "2026-11-20", "end_reason": "Moved."})
    )
    assert ended.status_code == 302
    placement.refresh_from_db()
    assert (placement.vetting, placement.ended_on) == ("vetted", dt.date(2026, 11, 20))
    page = caseworker.get(url).content.decode()
    assert 'data-current="false"' in page
    assert "end-form" not in page


def test_the_care_section_stays_hidden_without_it(world, child, shelter) -> None:
    placement = _placement(world, child, shelter)
    web = web_client(world.frontline)
    page = web.get(f"/children/{child.public_id}/").content.decode()
    assert "care-section" not in page
    assert web.get(f"/children/{child.public_id}/placements/").status_code == 404
    url = f"/children/{child.public_id}/placements/{placement.public_id}/"
    assert web.get(url).status_code == 404
