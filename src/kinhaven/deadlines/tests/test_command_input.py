"""`kinhaven deadlines set` refuses a period or a legal limit the database cannot store or from
which no due date can be computed, by the option's name, before it writes anything."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from kinhaven.audit.models import AuditEntry
from kinhaven.deadlines.models import DeadlineRule

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        (["case_review", "--period", "3", "--unit", "days", "--hard-limit", HUGE], "--hard-limit"),
        (["case_review", "--period", HUGE, "--unit", "days"], "--period"),
        (["case_review", "--period", "2147483648", "--unit", "days"], "--period"),
        # Stored, but no date is that many units ahead of (or back from) today.
        (["case_review", "--period", "1000000", "--unit", "days"], "--period"),
        (["case_review", "--period", "600000", "--unit", "working_days"], "--period"),
        (["report_triage", "--period", "100000000", "--unit", "hours"], "--period"),
        (
            ["case_review", "--period", "3", "--unit", "hours", "--hard-limit", "20000000"],
            "--hard-limit",
        ),
    ],
)
def test_a_period_out_of_range_is_refused_by_name(arguments, name) -> None:
    before = list(DeadlineRule.objects.order_by("pk").values())  # the defaults migrations seed
    with pytest.raises(CommandError, match=name):
        call_command("deadlines", "set", *arguments)
    assert list(DeadlineRule.objects.order_by("pk").values()) == before
    assert not AuditEntry.objects.filter(action="deadline.rule_set").exists()
