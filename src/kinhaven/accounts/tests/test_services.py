import datetime as dt

import pytest
from django.test import RequestFactory

from kinhaven.accounts.enums import DEFAULT_ROLE_CAPABILITIES, Capability, RoleCode
from kinhaven.accounts.models import ApiToken, Role
from kinhaven.accounts.services import (
    api_token_issue,
    api_token_user,
    roles_ensure_defaults,
    user_deactivate,
    user_password_set,
)
from kinhaven.audit.models import AuditEntry
from kinhaven.conftest import PASSWORD, otp_code
from kinhaven.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _issue(username: str, password: str = PASSWORD, otp: str | None = None) -> str | None:
    request = RequestFactory().post("/api/v1/auth/token")
    code = otp if otp is not None else otp_code(username)
    return api_token_issue(request=request, username=username, password=password, otp=code)


@pytest.mark.argon2
def test_passwords_are_hashed_with_argon2(world, settings) -> None:
    user = world.user("argon", RoleCode.CASEWORKER, world.agency, None)
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def test_every_demo_role_exists_with_its_capabilities(db) -> None:
    roles = roles_ensure_defaults()
    assert set(roles) == {code.value for code in RoleCode}
    assert Role.objects.get(code="analyst").capabilities == ["stats.view", "stats.export"]
    for code, capabilities in DEFAULT_ROLE_CAPABILITIES.items():
        assert roles[code.value].capabilities == [str(c) for c in capabilities]


def test_roles_are_data_and_changes_apply_on_the_next_check(world) -> None:
    role = world.caseworker.role
    role.capabilities = [c for c in role.capabilities if c != Capability.CHILD_REGISTER]
    role.save()
    world.caseworker.refresh_from_db()
    assert not world.caseworker.has_capability(Capability.CHILD_REGISTER)


def test_token_needs_password_and_second_factor(world, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code below
    assert _issue("caseworker", password="wrong") is None
    assert _issue("nobody") is None
    assert _issue("caseworker", otp="000000") is None
    raw = _issue("caseworker")
    assert raw is not None
    assert api_token_user(raw) == world.caseworker
    assert not ApiToken.objects.filter(digest=raw).exists()  # only the digest is stored


def test_a_code_is_good_once(world) -> None:
    code = otp_code("caseworker")
    assert _issue("caseworker", otp=code) is not None
    assert _issue("caseworker", otp=code) is None


def test_expired_token_is_refused(world) -> None:
    raw = _issue("caseworker")
    assert raw is not None
    ApiToken.objects.update(expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert api_token_user(raw) is None


def test_deactivating_a_user_ends_their_tokens(world) -> None:
    raw = _issue("caseworker")
    assert raw is not None
    with pytest.raises(ApplicationError):
        user_deactivate(actor=world.supervisor, user=world.caseworker)
    user_deactivate(actor=world.admin, user=world.caseworker)
    assert api_token_user(raw) is None
    assert ApiToken.objects.get().revoked_at is not None


def test_an_administrator_deactivates_only_other_accounts_of_their_agency(world) -> None:
    with pytest.raises(ApplicationError) as other_agency:
        user_deactivate(actor=world.admin, user=world.caseworker2)
    assert (other_agency.value.code, other_agency.value.field) == ("permission_denied", "user")
    with pytest.raises(ApplicationError) as own:
        user_deactivate(actor=world.admin, user=world.admin)
    assert own.value.code == "conflict"
    user_deactivate(actor=world.admin, user=world.caseworker)
    # A second deactivation, as by another administrator at the same moment, changes nothing.
    with pytest.raises(ApplicationError) as again:
        user_deactivate(actor=world.admin, user=world.caseworker)
    assert again.value.code == "conflict"
    entries = AuditEntry.objects.filter(action="user.deactivate")
    assert list(entries.values_list("object_id", flat=True)) == [world.caseworker.public_id]
    world.caseworker2.refresh_from_db()
    world.admin.refresh_from_db()
    assert world.caseworker2.is_active
    assert world.admin.is_active


def test_a_password_reset_by_a_user_manager_ends_the_users_tokens(world) -> None:
    raw = _issue("caseworker")
    assert raw is not None
    new = "a-much-better-passphrase-2026"
    with pytest.raises(ApplicationError):
        user_password_set(actor=world.supervisor, user=world.caseworker, password=new)
    assert api_token_user(raw) is not None
    user_password_set(actor=world.admin, user=world.caseworker, password=new)
    world.caseworker.refresh_from_db()
    assert world.caseworker.check_password(new)
    assert api_token_user(raw) is None
    entry = AuditEntry.objects.get(action="user.password_set")
    assert (entry.actor, entry.object_id) == (world.admin, world.caseworker.public_id)
    assert entry.detail == {"tokens_revoked": 1}
    assert new not in str(entry.detail)
