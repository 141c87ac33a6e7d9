"""`kinhaven break_glass_allow --list` lists the agreements of the agencies named, refuses an
agency that does not exist, and refuses what only a change uses."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from kinhaven.accounts.enums import RoleCode
from kinhaven.audit.models import AuditEntry
from kinhaven.children.models import BreakGlassAgreement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        (["--holder", "Nope"], "--holder"),
        (["--requester", "Nope"], "--requester"),
        (["--holder", " "], "--holder"),
        (["--holder", "Agency One", "--by", "admin"], "--by"),
        (["--holder", "Agency One", "--requester", "Agency Two", "--revoke"], "--revoke"),
    ],
)
def test_the_list_refuses_what_it_cannot_use(world, arguments, name) -> None:
    with pytest.raises(CommandError, match=name):
        call_command("break_glass_allow", "--list", *arguments)
    assert not BreakGlassAgreement.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="child.break_glass").exists()


ONE_TO_TWO = "Agency One allows Agency Two since"
TWO_TO_ONE = "Agency Two allows Agency One since"
NONE = "No agreement in force between the agencies named."


@pytest.mark.parametrize(
    ("arguments", "shown"),
    [
        (["--holder", "Agency One"], ONE_TO_TWO),
        (["--holder", "Agency Two"], TWO_TO_ONE),
        (["--requester", "Agency One"], TWO_TO_ONE),
        (["--holder", "Agency Two", "--requester", "Agency One"], TWO_TO_ONE),
        (["--holder", "Agency One", "--requester", "Agency One"], NONE),
    ],
)
def test_the_list_shows_the_named_agencies_agreements_only(world, capsys, arguments, shown) -> None:
    world.user("admin2", RoleCode.ADMINISTRATOR, world.other_agency, None)
    for holder, requester, by in (("One", "Two", "admin"), ("Two", "One", "admin2")):
        call_command("break_glass_allow", "--holder", f"Agency {holder}", "--requester",
                     f"Agency {requester}", "--by", by)  # fmt: skip
    capsys.readouterr()
    call_command("break_glass_allow", "--list", *arguments)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(shown)
