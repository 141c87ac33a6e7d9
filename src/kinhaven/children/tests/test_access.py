import uuid

import pytest

from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.access import access_child_by_id
from kinhaven.children.schemas import ChildIn
from kinhaven.children.selectors import child_list_for_user
from kinhaven.children.services import child_register
from kinhaven.core.errors import NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned_child(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Юлия"))
    case_open(actor=world.caseworker, child=child)
    return child


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("caseworker", True),  # assigned caseworker
        ("teammate", True),  # same team
        ("supervisor", True),  # supervisor of the agency
        ("other_team_worker", False),  # same agency, another team
        ("caseworker2", False),  # another agency
        ("analyst", False),  # aggregates only
        ("admin", False),  # no child data
    ],
)
def test_visibility_of_a_child_with_a_case(world, assigned_child, who, visible) -> None:
    user = getattr(world, who)
    listed = assigned_child in child_list_for_user(user=user)
    assert listed is visible
    if visible:
        assert access_child_by_id(user, assigned_child.public_id) == assigned_child
    else:
        with pytest.raises(NotFound):
            access_child_by_id(user, assigned_child.public_id)


def test_hidden_and_missing_records_answer_the_same(world, assigned_child) -> None:
    with pytest.raises(NotFound) as hidden:
        access_child_by_id(world.caseworker2, assigned_child.public_id)
    with pytest.raises(NotFound) as missing:
        access_child_by_id(world.caseworker2, uuid.uuid4())
    with pytest.raises(NotFound) as malformed:
        access_child_by_id(world.caseworker2, "not-a-uuid")
    assert str(hidden.value) == str(missing.value) == str(malformed.value)


def test_every_access_is_audited_allowed_and_denied(world, assigned_child) -> None:
    access_child_by_id(world.caseworker, assigned_child.public_id)
    with pytest.raises(NotFound):
        access_child_by_id(world.caseworker2, assigned_child.public_id)
    entries = AuditEntry.objects.filter(action="child.read", object_id=assigned_child.public_id)
    assert [(e.actor and e.actor.username, e.outcome) for e in entries] == [
        ("caseworker", "allowed"),
        ("caseworker2", "denied"),
    ]


def test_child_without_case_is_seen_by_registrant_team_and_supervisor(world) -> None:
    child = child_register(actor=world.frontline, data=ChildIn(given_name="Omar"))
    assert child in child_list_for_user(user=world.frontline)
    assert child in child_list_for_user(user=world.caseworker)  # same team
    assert child in child_list_for_user(user=world.supervisor)
    assert child not in child_list_for_user(user=world.other_team_worker)
    assert child not in child_list_for_user(user=world.caseworker2)


def test_once_a_case_exists_only_case_scope_counts(world) -> None:
    child = child_register(actor=world.frontline, data=ChildIn(given_name="Omar"))
    case_open(actor=world.supervisor, child=child, assigned_to=world.other_team_worker)
    assert child in child_list_for_user(user=world.other_team_worker)
    assert child not in child_list_for_user(user=world.frontline)


def test_deactivated_user_sees_nothing_on_the_next_request(world, assigned_child) -> None:
    world.caseworker.is_active = False
    world.caseworker.save()
    assert not child_list_for_user(user=world.caseworker).exists()
