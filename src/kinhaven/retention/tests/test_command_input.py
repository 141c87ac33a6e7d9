"""`kinhaven retention` refuses bad input by the argument's name, before it writes anything."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinhaven.audit.models import AuditEntry
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.retention.models import LegalHold, RetentionRule

pytestmark = pytest.mark.django_db

SOURCE = "National child protection records regulation (test policy)"
HUGE = "99999999999999999999"


def _nothing_written() -> None:
    assert not RetentionRule.objects.exists()
    assert not LegalHold.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="retention.").exists()


def _rule(kind: str, *extra: str) -> list[str]:
    return ["rule-set", "--kind", kind, "--country", "AUT", "--source", SOURCE, *extra]


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        # The check constraint (>= 0), the field's limit (32767), the number's size, and the
        # erasure date, which must stay a date.
        (_rule("closed_case", "--years-after-majority", "-5"), "--years-after-majority"),
        (_rule("closed_case", "--years-after-majority", HUGE), "--years-after-majority"),
        (_rule("closed_case", "--years-after-majority", "100000"), "--years-after-majority"),
        (_rule("closed_case", "--years-after-majority", "32767"), "--years-after-majority"),
        (_rule("report_without_case", "--months-after-closure", "-1"), "--months-after-closure"),
        (_rule("report_without_case", "--months-after-closure", "32768"), "--months-after-closure"),
        (_rule("report_without_case", "--months-after-closure", HUGE), "--months-after-closure"),
        # The period of the other kind of record.
        (
            _rule("closed_case", "--years-after-majority", "5", "--months-after-closure", "6"),
            "--months-after-closure",
        ),
        (
            _rule("report_without_case", "--months-after-closure", "6",
                  "--years-after-majority", "5"),
            "--years-after-majority",
        ),
        (
            ["rule-set", "--kind", "closed_case", "--country", "QQQ", "--source", SOURCE,
             "--years-after-majority", "5"],
            "--country",
        ),
        (
            ["rule-set", "--kind", "closed_case", "--country", "XXA", "--source", SOURCE,
             "--years-after-majority", "5"],
            "--country",
        ),
        (
            ["rule-set", "--kind", "closed_case", "--country", "A" * 5000, "--source", SOURCE,
             "--years-after-majority", "5"],
            "--country",
        ),
        (
            ["rule-set", "--kind", "closed_case", "--country", "AUT", "--source", "x" * 5000,
             "--years-after-majority", "5"],
            "--source",
        ),
        (
            ["rule-set", "--kind", "closed_case", "--country", "AUT", "--source", "law\x00",
             "--years-after-majority", "5"],
            "--source",
        ),
        (["hold", "--child", "not-a-uuid", "--reason", "court"], "--child"),
        (["hold", "--child", "", "--reason", "court"], "--child"),
        (["hold", "--report", "x" * 5000, "--reason", "court"], "--report"),
        (["lift", "not-a-uuid"], "argument hold"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_by_name_and_nothing_is_written(arguments, name) -> None:
    with pytest.raises(CommandError, match=name):
        call_command("retention", *arguments)
    _nothing_written()


def test_a_reason_with_control_characters_is_refused(world) -> None:
    child = child_register(
        actor=world.caseworker,
        data=ChildIn.model_validate({"given_name": "Zahra", "family_name": "Canarysurname"}),
    )
    with pytest.raises(CommandError, match="--reason"):
        call_command("retention", "hold", "--child", str(child.public_id), "--reason", "a\x00b")
    _nothing_written()
