import pytest

from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register


@pytest.fixture
def child(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    case_open(actor=world.caseworker, child=child)
    return child
