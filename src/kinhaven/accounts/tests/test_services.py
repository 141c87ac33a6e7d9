import datetime as dt

import pytest

from kinhaven.accounts.enums import DEFAULT_ROLE_CAPABILITIES, Capability, RoleCode
from kinhaven.accounts.models import ApiToken, Role
from kinhaven.accounts.services import api_token_issue, api_token_user, roles_ensure_defaults
from kinhaven.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.argon2
def test_passwords_are_hashed_with_argon2(world, settings) -> None:
    user = world.user("argon", RoleCode.CASEWORKER, world.agency, None)
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def test_every_demo_role_exists_with_its_capabilities(db) -> None:
    roles = roles_ensure_defaults()
    assert set(roles) == {code.value for code in RoleCode}
    assert Role.objects.get(code="analyst").capabilities == ["stats.view"]
    for code, capabilities in DEFAULT_ROLE_CAPABILITIES.items():
        assert roles[code.value].capabilities == [str(c) for c in capabilities]


def test_roles_are_data_and_changes_apply_on_the_next_check(world) -> None:
    role = world.caseworker.role
    role.capabilities = [c for c in role.capabilities if c != Capability.CHILD_REGISTER]
    role.save()
    world.caseworker.refresh_from_db()
    assert not world.caseworker.has_capability(Capability.CHILD_REGISTER)


def test_token_needs_the_right_password(world) -> None:
    assert api_token_issue(request=None, username="caseworker", password="wrong") is None
    assert api_token_issue(request=None, username="nobody", password=PASSWORD) is None
    raw = api_token_issue(request=None, username="caseworker", password=PASSWORD)
    assert raw is not None
    assert api_token_user(raw) == world.caseworker
    assert not ApiToken.objects.filter(digest=raw).exists()  # only the digest is stored


def test_expired_token_and_disabled_user_are_refused(world) -> None:
    raw = api_token_issue(request=None, username="caseworker", password=PASSWORD)
    assert raw is not None
    ApiToken.objects.update(expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert api_token_user(raw) is None
    raw = api_token_issue(request=None, username="caseworker", password=PASSWORD)
    assert raw is not None
    world.caseworker.is_active = False
    world.caseworker.save()
    assert api_token_user(raw) is None
