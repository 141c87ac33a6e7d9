"""People are shown by name and role, and only people who work on cases are offered where a
case, a conference, an action or a step is given to someone."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import User
from kinhaven.accounts.selectors import casework_people
from kinhaven.cases.services import case_assignable_users, case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.referrals.services import transfer_create

pytestmark = pytest.mark.django_db


def _render(user: object) -> str:
    return Template('{% load people %}{{ who|person|default:"—" }}').render(Context({"who": user}))


@pytest.fixture
def others(world):
    """The roles that do not work on cases, in the caseworker's agency, beside its staff."""
    return {
        role: world.user(f"{role.value}-1", role, world.agency, None)
        for role in (
            RoleCode.NATIONAL_COORDINATOR,
            RoleCode.AUDITOR,
            RoleCode.GUARDIAN,
            RoleCode.POLICE_INVESTIGATOR,
        )
    }


def test_a_person_reads_as_name_and_role_or_username_without_a_name(world) -> None:
    User.objects.filter(pk=world.caseworker.pk).update(first_name="Amira", last_name="Haddad")
    world.caseworker.refresh_from_db()
    assert _render(world.caseworker) == "Amira Haddad (Caseworker)"
    assert _render(world.supervisor) == "supervisor (Supervisor)"
    assert _render(None) == "—"


def test_only_people_who_work_on_cases_are_offered(world, others) -> None:
    offered = set(casework_people().values_list("username", flat=True))
    assert {"caseworker", "supervisor", "frontline", "guardian-1", "police_investigator-1"} <= (
        offered
    )
    refused = {"admin", "analyst", "hotline", "national_coordinator-1", "auditor-1"}
    assert not offered & refused
    assignable = {u.username for u in case_assignable_users(actor=world.supervisor)}
    assert "caseworker" in assignable
    assert not assignable & refused


def test_the_conference_page_offers_casework_staff_by_name_and_role(world, others) -> None:
    User.objects.filter(pk=world.teammate.pk).update(first_name="Yusuf", last_name="Demir")
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Samira"))
    case = case_open(actor=world.caseworker, child=child)
    page = web_client(world.caseworker).get(f"/cases/{case.public_id}/conferences/new/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Yusuf Demir (Caseworker)" in html
    assert "guardian-1 (Guardian)" in html
    for name in ("admin (", "analyst (", "hotline (", "national_coordinator-1", "auditor-1"):
        assert name not in html


def test_sections_and_roles_read_as_labels() -> None:
    text = "{% load people %}{{ codes|sections }} · {{ role|role }}"
    html = Template(text).render(Context({"codes": ["health", "identity"], "role": "auditor"}))
    assert html == "Health, Identity · Auditor"


def _options(html: str, name: str) -> list[str]:
    """The labels a page's select offers, in order."""
    select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_case_plan_offers_casework_staff_by_name_and_role(world, others, api) -> None:
    User.objects.filter(pk=world.teammate.pk).update(first_name="Yusuf", last_name="Demir")
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Samira"))
    case = case_open(actor=world.caseworker, child=child)
    page = web_client(world.caseworker).get(f"/cases/{case.public_id}/plan/")
    assert page.status_code == 200
    offered = _options(page.content.decode(), "action-owner_id")
    assert offered[0] == "—"
    assert "Yusuf Demir (Caseworker)" in offered
    assert "supervisor (Supervisor)" in offered
    assert all(label.endswith(")") for label in offered[1:])
    for name in ("admin", "analyst", "hotline", "national_coordinator-1", "auditor-1"):
        assert not any(label.startswith(name) for label in offered), name
    # The API refuses an owner the page does not offer.
    answer = api("caseworker").post(
        f"/api/v1/cases/{case.public_id}/plan/actions",
        {
            "description": "Enrol at school",
            "owner_id": str(world.admin.public_id),
            "due_on": time.today().isoformat(),
        },
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["owner_id"]


def test_a_transfer_is_taken_by_casework_staff_picked_by_name_and_role(world) -> None:
    b = world.other_agency
    zorn = world.user("aaa-zorn", RoleCode.CASEWORKER, b, world.team_two)
    bakr = world.user("zzz-bakr", RoleCode.CASEWORKER, b, world.team_two)
    User.objects.filter(pk=zorn.pk).update(first_name="Yara", last_name="Zorn")
    User.objects.filter(pk=bakr.pk).update(first_name="Anna", last_name="Bakr")
    world.user("admin-b", RoleCode.ADMINISTRATOR, b, None)
    receiver = world.user("supervisor-b", RoleCode.SUPERVISOR, b, None)
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Samira"))
    case = case_open(actor=world.caseworker, child=child)
    transfer = transfer_create(
        actor=world.caseworker,
        case=case,
        to_agency=b,
        reasons="The family moved to the other district.",
        needs=["education"],
        urgency="normal",
        consent="child",
    )
    page = web_client(receiver).get(f"/transfers/{transfer.public_id}/")
    assert page.status_code == 200
    offered = _options(page.content.decode(), "assigned_to")[1:]
    # By the label, not by username; never a role that does not work on cases.
    assert offered.index("Anna Bakr (Caseworker)") < offered.index("Yara Zorn (Caseworker)")
    assert "caseworker2 (Caseworker)" in offered
    assert all(label.endswith(")") for label in offered)
    assert not any(label.startswith("admin-b") for label in offered)
