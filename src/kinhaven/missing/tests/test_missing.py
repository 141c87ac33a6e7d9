"""Missing episodes: the confirmed report, those told, the deadlines in hours, the risk criteria as
data, sightings and actions, the child found and the return interview, the counts, the alert PDF
and who may do what."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.utils import translation
from pypdf import PdfReader

from kinhaven.accounts.enums import RoleCode
from kinhaven.audit.models import AuditEntry
from kinhaven.care.schemas import PlacementIn
from kinhaven.care.services import placement_start
from kinhaven.cases.models import Case
from kinhaven.children.models import Child
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.deadlines.models import Deadline
from kinhaven.missing.alert import visual
from kinhaven.missing.models import Episode, RiskCriterion
from kinhaven.missing.schemas import EpisodeReportIn, FoundIn, SightingIn
from kinhaven.missing.selectors import episodes_count_for_child, episodes_count_for_placement
from kinhaven.missing.services import episode_found, episode_report, episode_sighting_record
from kinhaven.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _ago(hours: float) -> str:
    return (time.now() - dt.timedelta(hours=hours)).replace(microsecond=0).isoformat()


REPORT = {
    "last_seen_at": _ago(2),
    "last_seen_place": "Reception centre, north gate",
    "description": "Red jacket, blue jeans",
    "companions": "An older man",
    "circumstances": "Left after dinner",
}


def _report_in(**extra) -> EpisodeReportIn:
    return EpisodeReportIn(**{**REPORT, "confirm": True, **extra})


def _url(child, rest: str = "") -> str:
    return f"/api/v1/children/{child.public_id}/missing{rest}"


def _web_form(data: dict[str, str]) -> dict[str, str]:
    return {f"report-{k}": v for k, v in data.items()}


def test_without_confirmation_nothing_happens_api_and_page(world, child, api) -> None:
    answer = api("caseworker").post(_url(child), REPORT)
    assert answer.status_code == 422
    assert "confirm" in str(answer.json())
    client = web_client(world.caseworker)
    page = client.post(
        f"/children/{child.public_id}/missing/report/", {**_web_form(REPORT), "check": "1"}
    )
    assert page.status_code == 200
    assert "Confirm: report missing" in page.content.decode()
    assert not Episode.objects.exists()
    # A post that is neither the check nor the confirmation (a one-click button) records nothing.
    for extra in ({}, {"confirm": "no"}):
        one_click = client.post(
            f"/children/{child.public_id}/missing/report/", {**_web_form(REPORT), **extra}
        )
        assert one_click.status_code == 422
        assert "Confirm the report" in one_click.content.decode()
    assert not Episode.objects.exists()
    assert not Notification.objects.exists()
    assert not Case.objects.get(child=child).is_missing


def test_every_way_to_report_goes_through_the_confirmation(world, child) -> None:
    """The case page and the child's page only link to the report form (no one-click button),
    the form's button asks for the summary, and the summary's button confirms."""
    client = web_client(world.caseworker)
    case = Case.objects.get(child=child)
    report_path = f"/children/{child.public_id}/missing/"
    for page in (f"/cases/{case.public_id}/", f"/children/{child.public_id}/"):
        html = client.get(page).content.decode()
        assert f'href="{report_path}#report"' in html
        assert f'action="{report_path}report/"' not in html
    form = client.get(report_path).content.decode()
    assert 'name="check"' in form
    assert 'name="confirm"' not in form
    summary = client.post(f"{report_path}report/", {**_web_form(REPORT), "check": "1"})
    assert 'name="confirm" value="yes"' in summary.content.decode()
    assert not Episode.objects.exists()


def test_confirmed_report_tells_the_three_and_starts_deadlines(
    world, child, guardian, police
) -> None:
    client = web_client(world.caseworker)
    form = {**_web_form(REPORT), "report-criteria": ["medical_need"], "confirm": "yes"}
    answer = client.post(f"/children/{child.public_id}/missing/report/", form)
    episode = Episode.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/children/{child.public_id}/missing/{episode.public_id}/"
    assert episode.risk_level == "high"
    assert Case.objects.get(child=child).is_missing
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"police", "guardian", "supervisor"}
    for note in Notification.objects.all():
        assert "Amina" not in note.title
        assert note.path == f"/children/{child.public_id}/missing/{episode.public_id}/"
    due = {d.code: d.due_at - d.starts_at for d in Deadline.objects.filter(case=episode.case)}
    assert due["missing_police_informed_urgent"] == dt.timedelta(hours=1)
    assert due["missing_national_alert"] == dt.timedelta(hours=24)
    page = client.get("/deadlines/").content.decode()
    assert "Police informed of a child missing at high risk" in page


def test_other_risk_gives_the_longer_police_deadline(world, child) -> None:
    episode = episode_report(actor=world.caseworker, child=child, data=_report_in())
    assert episode.risk_level == "medium"
    deadline = Deadline.objects.get(case=episode.case, code="missing_police_informed")
    assert deadline.due_at - deadline.starts_at == dt.timedelta(hours=4)


def test_criteria_as_data_change_the_grading(world, child) -> None:
    RiskCriterion.objects.filter(code="medical_need").update(level="medium")
    RiskCriterion.objects.create(code="no_money", label="No money", level="low")
    episode = episode_report(
        actor=world.caseworker, child=child, data=_report_in(criteria=["medical_need"])
    )
    assert episode.risk_level == "medium"
    RiskCriterion.objects.filter(code="medical_need").update(active=False)
    with pytest.raises(Exception, match="Choose risk criteria"):
        episode_report(
            actor=world.caseworker, child=child, data=_report_in(criteria=["medical_need"])
        )


def test_unknown_criterion_names_the_field_api(world, child, api) -> None:
    answer = api("caseworker").post(_url(child), {**REPORT, "confirm": True, "criteria": ["x"]})
    assert answer.status_code == 422
    assert "criteria" in str(answer.json())
    assert not Episode.objects.exists()


def test_one_open_episode_per_child(world, child, api) -> None:
    assert api("caseworker").post(_url(child), {**REPORT, "confirm": True}).status_code == 201
    again = api("caseworker").post(_url(child), {**REPORT, "confirm": True})
    assert again.status_code == 409
    assert Episode.objects.count() == 1


def test_sightings_actions_found_and_return_interview(world, child, api) -> None:
    placement_start(
        actor=world.caseworker,
        child=child,
        data=PlacementIn(
            kind="kinship", carer_name="Aunt", started_on=time.today(), start_reason="Family"
        ),
    )
    client = api("caseworker")
    body = client.post(_url(child), {**REPORT, "confirm": True}).json()
    one = _url(child, f"/{body['id']}")
    sighting = {"seen_at": _ago(1), "place": "Station", "seen_by": "A driver"}
    assert client.post(f"{one}/sightings", sighting).status_code == 201
    action = {"taken_at": _ago(1), "taken_by": "Officer K", "action": "Checked the station"}
    assert client.post(f"{one}/actions", action).status_code == 201
    police = {"informed_at": _ago(1.5), "officer": "Officer K", "reference": "P-1"}
    assert client.post(f"{one}/police", police).status_code == 200
    alerts = {"national_reference": "N-1", "hotline_reference": "116-1"}
    assert client.post(f"{one}/alerts", alerts).status_code == 200
    found_at = _ago(0.5)
    found = {"found_at": found_at, "found_place": "Park", "found_by": "Police", "state": "well"}
    body = client.post(f"{one}/found", found).json()
    assert body["status"] == "found"
    assert body["rescreening_due"]
    assert body["placement_review_due"]
    assert len(body["sightings"]) == 1
    assert len(body["actions"]) == 1
    deadlines = {d["code"]: d for d in body["deadlines"]}
    assert deadlines["missing_police_informed"]["completed_at"] is not None
    assert deadlines["missing_national_alert"]["completed_at"] is not None
    interview = Deadline.objects.get(code="missing_return_interview")
    assert interview.due_at == dt.datetime.fromisoformat(found_at) + dt.timedelta(hours=72)
    assert not Case.objects.get(child=child).is_missing
    talk = {"held_at": _ago(0.1), "interviewer": "Ms B", "notes": "Talked", "child_views": "Fine"}
    assert client.post(f"{one}/interview", talk).status_code == 200
    interview.refresh_from_db()
    assert interview.completed_at is not None
    episode = Episode.objects.get()
    assert episodes_count_for_child(child=child) == 1
    assert episode.placement is not None
    assert episodes_count_for_placement(placement=episode.placement) == 1


def test_same_words_api_and_page(world, child, api) -> None:
    bad = {**REPORT, "last_seen_place": "  "}
    answer = api("caseworker").post(_url(child), {**bad, "confirm": True})
    api_errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    page = web_client(world.caseworker).post(
        f"/children/{child.public_id}/missing/report/", _web_form(bad)
    )
    assert page.status_code == 422
    page_errors = {k: str(v[0]) for k, v in page.context["report_form"].errors.items()}
    assert page_errors["last_seen_place"] == api_errors["last_seen_place"]


def test_alert_pdf_holds_only_the_alert(world, child) -> None:
    episode = episode_report(actor=world.caseworker, child=child, data=_report_in())
    answer = web_client(world.caseworker).get(
        f"/children/{child.public_id}/missing/{episode.public_id}/alert.pdf"
    )
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    content = _pdf_text(answer.content)
    assert "Amina" in content
    assert "Red jacket" in content
    assert "Haddadsecret" not in content  # the family name is not an alert's
    assert "An older man" not in content  # nor who the child may be with
    assert "Left after dinner" not in content


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("language", ["ru", "uk", "ar"])
def test_the_alert_pdf_speaks_the_readers_language(world, child, language) -> None:
    world.caseworker.language = language
    world.caseworker.save(update_fields=["language"])
    episode = episode_report(actor=world.caseworker, child=child, data=_report_in())
    answer = web_client(world.caseworker).get(
        f"/children/{child.public_id}/missing/{episode.public_id}/alert.pdf"
    )
    assert answer.status_code == 200
    with translation.override(language):
        label = translation.gettext("Description and clothing")
    assert label != "Description and clothing"
    drawn = _pdf_text(answer.content)
    # Arabic is drawn in its joined forms (a reader gives them back in reading order): the same
    # letters once normalised.
    assert unicodedata.normalize("NFKC", label) in unicodedata.normalize("NFKC", drawn)
    assert "Red jacket" in drawn
    if language == "ar":
        assert visual(label) != label  # joined and laid out right to left, not as typed


@pytest.mark.parametrize(("language", "direction"), [("ps", "rtl"), ("bn", "ltr"), ("ru", "ltr")])
def test_the_alert_page_prints_in_a_public_language(world, child, language, direction) -> None:
    episode = episode_report(actor=world.caseworker, child=child, data=_report_in())
    url = f"/children/{child.public_id}/missing/{episode.public_id}/alert/?language={language}"
    answer = web_client(world.caseworker).get(url)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    with translation.override(language):
        title = translation.gettext("MISSING CHILD")
        label = translation.gettext("Description and clothing")
    assert title != "MISSING CHILD"
    assert title in html
    assert label in html
    assert "Red jacket" in html
    assert "Haddadsecret" not in html  # the family name is not an alert's
    assert "Left after dinner" not in html
    entry = AuditEntry.objects.get(action="missing_episode.alert_page")
    assert entry.detail["language"] == language
    bad = web_client(world.caseworker).get(url.replace(language, "xx"))
    assert bad.status_code == 422
    assert web_client(world.caseworker2).get(url).status_code == 404


def test_permissions(world, child, api) -> None:
    episode = episode_report(actor=world.caseworker, child=child, data=_report_in())
    one = f"/children/{child.public_id}/missing/{episode.public_id}/"
    # No relationship: not found.
    assert web_client(world.caseworker2).get(one).status_code == 404
    assert api("caseworker2").get(_url(child, f"/{episode.public_id}")).status_code == 404
    # A role that reads the child but may not write the location section: refused.
    frontline_case = {"seen_at": _ago(1), "place": "X", "seen_by": "Y"}
    answer = api("analyst").post(_url(child, f"/{episode.public_id}/sightings"), frontline_case)
    assert answer.status_code == 404
    guardian_user = world.user("g2", RoleCode.GUARDIAN, world.agency, world.team)
    Child.objects.filter(pk=child.pk).update(guardian=guardian_user)
    answer = api("g2").post(_url(child, f"/{episode.public_id}/sightings"), frontline_case)
    assert answer.status_code == 403


def test_found_service_refuses_a_second_time(world, child) -> None:
    episode = episode_report(actor=world.caseworker, child=child, data=_report_in())
    episode_sighting_record(
        actor=world.caseworker,
        episode=episode,
        data=SightingIn(seen_at=time.now(), place="Bridge", seen_by="A"),
    )
    found = FoundIn(found_at=time.now(), found_place="Home", found_by="B", state="well")
    episode_found(actor=world.caseworker, episode=episode, data=found)
    with pytest.raises(Exception, match="has ended"):
        episode_found(actor=world.caseworker, episode=episode, data=found)


def test_two_records_each_missing_are_not_merged(world, child) -> None:
    from kinhaven.cases.services import case_open
    from kinhaven.children.schemas import ChildIn
    from kinhaven.children.services import child_register
    from kinhaven.core.errors import ApplicationError
    from kinhaven.tracing.services.merges import child_merge

    twin = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina B."))
    case_open(actor=world.caseworker, child=twin)
    for record in (child, twin):
        episode_report(actor=world.caseworker, child=record, data=_report_in())
    with pytest.raises(ApplicationError) as refused:
        child_merge(actor=world.supervisor, kept=child, merged=twin, reason="Same child")
    assert (refused.value.http_status, refused.value.field) == (409, "missing_episode")
    assert Episode.objects.filter(child=twin).count() == 1
