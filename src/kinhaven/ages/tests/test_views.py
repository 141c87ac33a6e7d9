"""The age assessment pages: the section of the child's page, the request, one assessment's page
and its forms, with and without HTMX."""

import datetime as dt

import pytest

from kinhaven.ages.models import AgeAssessment
from kinhaven.ages.schemas import AgeRequestIn, AgeStepIn
from kinhaven.ages.services import age_assessment_request, age_assessment_step_add
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def child(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    case_open(actor=world.caseworker, child=child)
    return child


def _assessment(world, child, *, with_step: bool = False):
    assessment = age_assessment_request(
        actor=world.caseworker,
        child=child,
        data=AgeRequestIn(trigger="statements", reason="Two different ages given."),
    )
    if with_step:
        age_assessment_step_add(
            actor=world.caseworker,
            assessment=assessment,
            data=AgeStepIn(
                method="psychosocial",
                performed_on=dt.date(2026, 10, 1),
                performed_by="B. Social worker",
                guardian_present=True,
                findings="Between 16 and 19.",
            ),
        )
    return assessment


def _url(child, assessment, action: str = "") -> str:
    path = f"/children/{child.public_id}/age-assessments/{assessment.public_id}/"
    return f"{path}{action}/" if action else path


def test_the_childs_page_shows_the_age_section(world, child) -> None:
    page = web_client(world.caseworker).get(f"/children/{child.public_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="age-assessment"' in html
    assert 'data-basis="not_assessed"' in html
    assert 'id="age-request"' in html
    # A frontline responder of the team sees the section and may ask; the form is theirs too.
    _assessment(world, child)
    case = child.cases.get()
    case.assigned_to = world.frontline
    case.save()
    html = web_client(world.frontline).get(f"/children/{child.public_id}/").content.decode()
    assert 'data-basis="pending"' in html


def test_a_request_from_the_page_opens_the_assessment(world, child) -> None:
    client = web_client(world.caseworker)
    response = client.post(
        f"/children/{child.public_id}/age-assessments/request/",
        {"request-trigger": "no_document", "request-reason": "No papers."},
    )
    assessment = AgeAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url(child, assessment)
    page = client.get(_url(child, assessment))
    assert page.status_code == 200
    assert 'id="step-form"' in page.content.decode()


def test_a_request_without_a_reason_shows_the_error_in_place(world, child) -> None:
    client = web_client(world.caseworker)
    url = f"/children/{child.public_id}/age-assessments/request/"
    response = client.post(url, {"request-trigger": "no_document"}, headers=HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith("<section")
    assert 'id="id_request-reason_error"' in html
    ok = client.post(
        url, {"request-trigger": "no_document", "request-reason": "Doubt."}, headers=HTMX
    )
    assert ok.status_code == 204
    assert ok["HX-Redirect"] == _url(child, AgeAssessment.objects.get())


def test_a_medical_examination_first_is_refused_on_the_page(world, child) -> None:
    assessment = _assessment(world, child)
    response = web_client(world.caseworker).post(
        _url(child, assessment, "steps"),
        {
            "step-method": "medical",
            "step-performed_on": "2026-10-05",
            "step-performed_by": "Dr D.",
            "step-guardian_present": "on",
            "step-findings": "Results.",
            "step-insufficiency_reason": "No documents.",
            "step-child_consent_on": "2026-10-03",
            "step-guardian_consent_on": "2026-10-03",
        },
    )
    assert response.status_code == 422
    assert 'id="id_step-method_error"' in response.content.decode()
    assert not assessment.steps.exists()


def test_a_psychosocial_assessment_without_the_guardian_is_refused_on_the_page(
    world, child
) -> None:
    assessment = _assessment(world, child)
    response = web_client(world.caseworker).post(
        _url(child, assessment, "steps"),
        {
            "step-method": "psychosocial",
            "step-performed_on": "2026-10-01",
            "step-performed_by": "B. Social worker",
            "step-findings": "Between 16 and 19.",
        },
    )
    assert response.status_code == 422
    assert 'id="id_step-guardian_present_error"' in response.content.decode()
    assert not assessment.steps.exists()


def test_deciding_with_htmx_swaps_the_record(world, child) -> None:
    assessment = _assessment(world, child, with_step=True)
    response = web_client(world.caseworker).post(
        _url(child, assessment, "decision"),
        {
            "decision-min_age": "16",
            "decision-max_age": "19",
            "decision-decided_on": "2026-10-10",
            "decision-reasons": "Interview.",
            "decision-remedy": "Appeal within 14 days.",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="age-assessment-record"')
    assert 'id="age-benefit"' in html
    assert 'id="notice-form"' in html
    assert 'id="appeal-form"' in html
    child.refresh_from_db()
    assert child.age_estimate_years == 16


def test_a_reversed_range_on_the_page_is_422(world, child) -> None:
    assessment = _assessment(world, child, with_step=True)
    response = web_client(world.caseworker).post(
        _url(child, assessment, "decision"),
        {
            "decision-min_age": "19",
            "decision-max_age": "16",
            "decision-decided_on": "2026-10-10",
            "decision-reasons": "Interview.",
            "decision-remedy": "Appeal.",
        },
    )
    assert response.status_code == 422
    assert 'id="id_decision-min_age_error"' in response.content.decode()


def test_a_frontline_responder_sees_no_decision_form_and_is_refused(world, child) -> None:
    assessment = _assessment(world, child, with_step=True)
    case = child.cases.get()
    case.assigned_to = world.frontline
    case.save()
    client = web_client(world.frontline)
    page = client.get(_url(child, assessment)).content.decode()
    assert 'id="decision-form"' not in page
    assert 'id="withdrawal-form"' in page
    refused = client.post(_url(child, assessment, "decision"), {"decision-min_age": "16"})
    assert refused.status_code == 403
    assert "age.decide" in refused.content.decode()


def test_the_pages_are_hidden_from_those_who_do_not_see_the_child(world, child) -> None:
    assessment = _assessment(world, child)
    for user in (world.caseworker2, world.hotline):
        client = web_client(user)
        assert client.get(_url(child, assessment)).status_code == 404
        assert client.get(f"/children/{child.public_id}/age-assessments/").status_code == 404
