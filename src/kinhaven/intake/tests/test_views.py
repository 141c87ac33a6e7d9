import re
import uuid

import pytest
from django.core.cache import cache
from django.test import Client

from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.deadlines.models import Deadline
from kinhaven.intake.enums import Channel
from kinhaven.intake.models import Report
from kinhaven.intake.schemas import ReportIn
from kinhaven.intake.services import report_submit

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.57"


def _form(**extra):
    return {
        "what_happened": "A boy sleeps at the bus station and an older man takes his money.",
        "location": "Bus station",
        "child_sex": "M",
        "accompanied": "unaccompanied",
        "client_token": str(uuid.uuid4()),
        **extra,
    }


def _post(client: Client, data, **headers):
    return client.post("/report/", data, REMOTE_ADDR=ADDRESS, **headers)


def test_the_public_page_needs_no_login_and_stores_the_report(world) -> None:
    client = Client()
    page = client.get("/report/")
    assert page.status_code == 200
    assert b'name="client_token"' in page.content
    response = _post(client, _form(child_given_name="Omid", immediate_danger="on"))
    assert response.status_code == 200
    report = Report.objects.get()
    assert str(report.reference).encode() in response.content
    assert report.channel == Channel.PUBLIC
    assert report.urgency == "immediate_danger"
    assert report.child_given_name == "Omid"
    assert report.submitted_by is None


def test_reloading_the_thank_you_page_sends_nothing_twice(world) -> None:
    data = _form()
    client = Client()
    first = _post(client, data)
    second = _post(client, data)
    assert Report.objects.count() == 1
    reference = str(Report.objects.get().reference).encode()
    assert reference in first.content
    assert reference in second.content


def test_no_address_is_stored_anywhere(world) -> None:
    _post(Client(), _form())
    report = Report.objects.get()
    values = [str(getattr(report, f.attname)) for f in Report._meta.concrete_fields]
    assert not any(ADDRESS in v for v in values)
    # The rate limit keeps a keyed hash under a hashed cache key, never the address.
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]  # LocMemCache's own store
    assert keys
    assert not any(ADDRESS in k for k in keys)


def test_bad_answers_get_422_naming_the_field(world) -> None:
    response = _post(Client(), _form(what_happened="", child_age_estimate="seven"))
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="id_what_happened_error"' in body
    assert 'id="id_child_age_estimate_error"' in body
    assert not Report.objects.exists()


def test_a_report_with_only_what_happened_is_taken(world) -> None:
    response = _post(Client(), {"what_happened": "A girl is begging at the crossing."})
    assert response.status_code == 200
    report = Report.objects.get()
    assert (report.child_sex, report.accompanied, report.client_token) == ("U", "unknown", None)


def test_oversized_reports_are_refused_before_reading(world, settings) -> None:
    settings.KINHAVEN_PUBLIC_REPORT_MAX_BYTES = 2000
    response = _post(Client(), _form(what_happened="x" * 3000))
    assert response.status_code == 413
    assert not Report.objects.exists()


def test_the_honeypot_thanks_robots_and_keeps_nothing(world) -> None:
    response = _post(Client(), _form(website="http://spam.example"))
    assert response.status_code == 200
    assert b"Thank you" in response.content
    assert not Report.objects.exists()


def test_the_rate_limit_refuses_clearly_and_counts_per_address(world, settings) -> None:
    settings.KINHAVEN_PUBLIC_REPORT_RATE = "3/h"
    client = Client()
    statuses = [_post(client, _form()).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = _post(client, _form())
    assert b"Too many reports" in refused.content
    other = client.post("/report/", _form(), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200
    assert Report.objects.count() == 4


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(world, settings) -> None:
    settings.KINHAVEN_PUBLIC_REPORT_RATE = "2/h"
    settings.KINHAVEN_TRUSTED_PROXIES = frozenset({"10.0.0.2"})
    client = Client()

    def post(forwarded: str) -> int:
        return client.post(
            "/report/", _form(), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    # A spoofed first hop does not help: the proxy appends the real address last.
    assert [post("1.1.1.1, 198.51.100.1"), post("2.2.2.2, 198.51.100.1")] == [200, 200]
    assert post("3.3.3.3, 198.51.100.1") == 429
    assert post("198.51.100.2") == 200
    # An untrusted sender's header is ignored.
    untrusted = [
        client.post("/report/", _form(), REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=f"9.9.9.{i}")
        for i in range(3)
    ]
    assert [r.status_code for r in untrusted] == [200, 200, 429]


def test_without_a_receiving_agency_the_page_says_so(world) -> None:
    world.agency.receives_public_reports = False
    world.agency.save()
    response = Client().get("/report/")
    assert response.status_code == 503
    assert b"hotline" in response.content


def _report(world, **data):
    report, _ = report_submit(
        channel=Channel.PUBLIC,
        data=ReportIn.model_validate({"what_happened": "Seen at the market.", **data}),
    )
    return report


def test_the_queue_shows_urgent_reports_first(world) -> None:
    concern = _report(world)
    urgent = _report(world, immediate_danger=True)
    body = web_client(world.hotline).get("/reports/").content.decode()
    assert body.index(urgent.reference) < body.index(concern.reference)


def test_the_queue_makes_a_bounded_number_of_queries(world, django_assert_max_num_queries) -> None:
    client = web_client(world.caseworker)
    for _ in range(3):
        _report(world, immediate_danger=True)
    client.get("/reports/")
    for _ in range(30):
        _report(world, exploitation_types=["ChildLabour"])
    with django_assert_max_num_queries(25):
        response = client.get("/reports/")
    assert response.status_code == 200


def test_the_frontline_quick_form_needs_only_minutes(world) -> None:
    client = web_client(world.frontline)
    response = client.post(
        "/reports/new/frontline/",
        {
            "what_happened": "Arrived alone on the night bus.",
            "child_given_name": "Nigist",
            "child_sex": "F",
            "child_languages": ["ti", "am"],
            "accompanied": "unaccompanied",
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.public_id}/"
    assert report.channel == Channel.FRONTLINE
    assert report.child_languages == ["ti", "am"]
    # Completed later by the same responder.
    edit = client.post(
        f"/reports/{report.public_id}/edit/",
        {
            "what_happened": report.what_happened,
            "child_given_name": "Nigist",
            "child_family_name": "Haile",
            "child_sex": "F",
            "child_languages": ["ti"],
            "accompanied": "unaccompanied",
            "child_age_estimate": "12",
        },
    )
    assert edit.status_code == 302
    report.refresh_from_db()
    assert (report.child_family_name, report.child_age_estimate) == ("Haile", 12)


def test_hotline_form_rejects_unknown_languages_naming_the_field(world) -> None:
    response = web_client(world.hotline).post(
        "/reports/new/hotline/",
        {
            "what_happened": "Caller saw a child begging.",
            "child_languages": ["klingon"],
            "child_sex": "U",
            "accompanied": "unknown",
        },
    )
    assert response.status_code == 422
    assert 'id="id_child_languages_error"' in response.content.decode()


def test_triage_screening_decision_and_conversion_through_the_pages(world) -> None:
    report = _report(world, child_given_name="Bilal", child_age_estimate=15)
    operator = web_client(world.hotline)
    base = f"/reports/{report.public_id}/"
    response = operator.post(
        base + "triage/", {"urgency": "suspected_trafficking", "age_status": "presumed_child"}
    )
    assert response.status_code == 302
    response = operator.post(
        base + "screening/", {"indicators": ["dr_job", "dr_wages", "ex_no_pay", "ex_hours"]}
    )
    assert response.status_code == 302
    page = operator.get(base).content.decode()
    assert "Possible victim: decide on identification" in page
    assert 'id="decide"' not in page  # the operator may not decide
    caseworker = web_client(world.caseworker)
    bad = caseworker.post(base + "decision/", {"trafficking_status": "PossibleVictimOfTrafficking"})
    assert bad.status_code == 422
    assert 'id="id_decision_reasons_error"' in bad.content.decode()
    decided = caseworker.post(
        base + "decision/",
        {
            "trafficking_status": "PossibleVictimOfTrafficking",
            "decision_body_type": "NonPoliceGovernmentalOrganization",
            "decision_body_name": "City child protection",
            "decision_reasons": "Deceived about the job; unpaid work.",
        },
    )
    assert decided.status_code == 302
    # One decision before the case: the form is gone until the case is open.
    assert 'id="decide"' not in caseworker.get(base).content.decode()
    assert caseworker.get(base + "convert/").status_code == 200
    converted = caseworker.post(base + "convert/", {"child": "new"})
    assert converted.status_code == 302
    report.refresh_from_db()
    assert converted["Location"] == f"/cases/{report.case.public_id}/"
    case_page = caseworker.get(converted["Location"]).content.decode()
    assert "End of the recovery and reflection period" in case_page
    assert "Guardian appointed" in case_page


def test_duplicate_candidates_are_shown_before_a_case_is_opened(world) -> None:
    existing = child_register(
        actor=world.caseworker,
        data=ChildIn.model_validate({"given_name": "Bilal", "date_of_birth": "2011"}),
    )
    report = _report(world, child_given_name="Bilal", child_age_estimate=15)
    client = web_client(world.caseworker)
    client.post(
        f"/reports/{report.public_id}/triage/",
        {"urgency": "concern", "age_status": "presumed_child"},
    )
    page = client.get(f"/reports/{report.public_id}/convert/").content.decode()
    assert str(existing.public_id) in page
    response = client.post(
        f"/reports/{report.public_id}/convert/", {"child": str(existing.public_id)}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.child == existing


def test_duty_roster_moves_new_reports(world) -> None:
    client = web_client(world.supervisor)
    response = client.post("/reports/duty/", {"on_duty": [str(world.other_team.public_id)]})
    assert response.status_code == 302
    assert _report(world).team == world.other_team


def test_report_pages_answer_404_outside_the_agency(world) -> None:
    report = _report(world)
    assert web_client(world.caseworker2).get(f"/reports/{report.public_id}/").status_code == 404


def test_deadlines_dashboard_marks_late_ones(world, time_machine) -> None:
    report = _report(world, immediate_danger=True)
    client = web_client(world.caseworker)
    body = client.get("/deadlines/").content.decode()
    assert "Triage of an urgent report" in body
    assert "state overdue" not in body
    deadline = Deadline.objects.get(report=report, code="report_triage_urgent")
    time_machine.move_to(deadline.due_at, tick=False)
    time_machine.shift(60)
    client = web_client(world.caseworker)
    late = client.get("/deadlines/?state=overdue").content.decode()
    assert re.search(r'class="deadline overdue"', late)


def test_the_hotline_form_comes_in_sections_and_the_frontline_form_stays_short(world) -> None:
    html = web_client(world.hotline).get("/reports/new/hotline/").content.decode()
    headings = re.findall(r'<section class="form-section">\s*<h2>([^<]+)</h2>', html)
    assert headings == ["What happened", "The child", "Who reports"]
    assert html.index("What happened</h2>") < html.index('id="id_what_happened"')
    assert html.index("The child</h2>") < html.index('id="id_child_given_name"')
    assert html.index("Who reports</h2>") < html.index('id="id_reporter_name"')
    # A reception point's form is short: one list, no sections.
    frontline = web_client(world.frontline).get("/reports/new/frontline/").content.decode()
    assert 'class="form-section"' not in frontline
    assert 'id="id_child_given_name"' in frontline
