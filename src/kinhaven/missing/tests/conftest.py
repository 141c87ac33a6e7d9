import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.cases.services import case_open
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register


@pytest.fixture
def child(world):
    child = child_register(
        actor=world.caseworker, data=ChildIn(given_name="Amina", family_name="Haddadsecret")
    )
    case_open(actor=world.caseworker, child=child)
    return child


@pytest.fixture
def guardian(world, child):
    user = world.user("guardian", RoleCode.GUARDIAN, world.other_agency, None)
    Child.objects.filter(pk=child.pk).update(guardian=user)
    child.refresh_from_db()
    return user


@pytest.fixture
def police(world):
    return world.user("police", RoleCode.POLICE_INVESTIGATOR, world.agency, None)
