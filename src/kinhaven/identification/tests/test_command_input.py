"""`kinhaven identification_rules set` refuses roles that cannot record an identification
decision and a source it cannot store, by the option's name, before it writes anything."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from kinhaven.accounts.enums import Capability, RoleCode
from kinhaven.accounts.models import Role
from kinhaven.accounts.services import roles_ensure_defaults
from kinhaven.audit.models import AuditEntry
from kinhaven.identification.models import IdentificationRule

pytestmark = pytest.mark.django_db


def _set(preliminary: str, conclusive: str, *extra: str) -> None:
    call_command("identification_rules", "set", "--preliminary", preliminary, "--conclusive",
                 conclusive, "--reflection-until-conclusive", "yes", *extra)  # fmt: skip


def _nothing_written() -> None:
    assert not IdentificationRule.objects.exists()
    assert not AuditEntry.objects.filter(action="identification.rule_set").exists()


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        (["administrator", "supervisor"], "--preliminary"),
        (["caseworker", "auditor"], "--conclusive"),
        (["caseworker", "supervisor, analyst"], "--conclusive"),
        (["caseworker", "supervisor", "--source", "law\x07"], "--source"),
        (["caseworker", "supervisor", "--source", "law\x00"], "--source"),
        (["caseworker", "supervisor", "--source", "x" * 201], "--source"),
    ],
)
def test_bad_input_is_refused_by_name_and_nothing_is_written(arguments, name) -> None:
    roles_ensure_defaults()
    with pytest.raises(CommandError, match=name):
        _set(*arguments)
    _nothing_written()


def test_a_role_the_deployment_took_the_capability_from_is_refused() -> None:
    roles_ensure_defaults()
    role = Role.objects.get(code=RoleCode.SUPERVISOR)
    role.capabilities = [c for c in role.capabilities if c != Capability.IDENTIFICATION_DECIDE]
    role.save()
    with pytest.raises(CommandError, match="--conclusive"):
        _set("caseworker", "supervisor")
    _nothing_written()
