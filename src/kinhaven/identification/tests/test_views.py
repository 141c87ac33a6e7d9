"""The identification section of the child's page: what it shows, and the form that records a
decision, in place (HTMX) or as a plain form."""

from __future__ import annotations

import pytest

from kinhaven.conftest import web_client
from kinhaven.identification.models import IdentificationDecision
from kinhaven.identification.services import identification_decide
from kinhaven.identification.tests.conftest import decision_data, decision_in

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _form(**changes) -> dict[str, object]:
    data = decision_data(**changes)
    data["evidence_kinds"] = list(data["evidence_kinds"])
    return data


def test_the_child_page_shows_the_status_the_chain_and_the_form(world, case) -> None:
    identification_decide(actor=world.caseworker, child=case.child, data=decision_in())
    page = web_client(world.caseworker).get(f"/children/{case.child.public_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="identification"' in html
    assert 'id="identification-chain"' in html
    assert "Possible victim (reasonable grounds)" in html
    assert "PossibleVictimOfTrafficking\n" not in html
    assert 'id="reflection-period"' in html
    assert "It does not end before the conclusive decision" in html
    assert 'hx-post="/children/' in html


def test_the_form_is_for_those_who_record_decisions(world, case) -> None:
    html = web_client(world.frontline).get(f"/children/{case.child.public_id}/").content.decode()
    # A frontline responder reads neither the legal section nor records decisions.
    assert 'id="identification"' not in html
    identification_decide(actor=world.caseworker, child=case.child, data=decision_in())
    page = web_client(world.caseworker).get(f"/children/{case.child.public_id}/identification/")
    assert page.status_code == 200
    assert 'id="identification-record"' in page.content.decode()


def test_recording_in_place_returns_the_section(world, case) -> None:
    client = web_client(world.caseworker)
    path = f"/children/{case.child.public_id}/identification/decisions/"
    response = client.post(path, _form(), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section id="identification"')
    assert "<html" not in html
    assert IdentificationDecision.objects.count() == 1
    bad = client.post(path, _form(reasons=""), headers=HTMX)
    assert bad.status_code == 422
    assert 'id="id_reasons_error"' in bad.content.decode()
    # The next decision must be the conclusive one, which the caseworker may not record.
    refused = client.post(path, _form(), headers=HTMX)
    assert refused.status_code == 409
    assert 'id="id_stage_error"' in refused.content.decode()
    assert IdentificationDecision.objects.count() == 1


def test_recording_without_htmx_redirects_to_the_child(world, case) -> None:
    client = web_client(world.caseworker)
    path = f"/children/{case.child.public_id}/identification/decisions/"
    response = client.post(path, _form())
    assert response.status_code == 302
    assert response["Location"] == f"/children/{case.child.public_id}/#identification"
    bad = client.post(path, _form(outcome="ActualVictimOfTrafficking", stage="preliminary"))
    assert bad.status_code == 422
    assert "<html" in bad.content.decode()
    refused = web_client(world.frontline).post(path, _form())
    assert refused.status_code == 403
