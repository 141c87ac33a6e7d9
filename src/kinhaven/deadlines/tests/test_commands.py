import pytest
from django.core.management import CommandError, call_command

from kinhaven.deadlines.models import DeadlineRule

pytestmark = pytest.mark.django_db


def test_set_a_country_rule_and_list_it(capsys) -> None:
    call_command(
        "deadlines",
        "set",
        "guardian_appointment",
        "--country",
        "deu",
        "--period",
        "2",
        "--unit",
        "working_days",
        "--hard-limit",
        "10",
    )
    rule = DeadlineRule.objects.get(country="DEU", code="guardian_appointment")
    assert (rule.period, rule.hard_limit) == (2, 10)
    call_command("deadlines", "rules")
    assert "guardian_appointment   DEU" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["reflection_period", "--period", "20", "--unit", "days"], "--period: The law requires"),
        (["case_open", "--country", "ZZZ", "--period", "1", "--unit", "hours"], "--country"),
        (["case_open", "--country", "XXA", "--period", "1", "--unit", "hours"], "--country"),
        (
            [
                "guardian_appointment",
                "--period",
                "3",
                "--unit",
                "working_days",
                "--hard-limit",
                "30",
            ],
            "--hard-limit",
        ),
    ],
)
def test_bad_rules_are_refused_with_a_message(arguments, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("deadlines", "set", *arguments)


def test_escalate_reports_what_it_did(capsys) -> None:
    call_command("deadlines", "escalate")
    assert "Escalated: 0" in capsys.readouterr().out


def test_schedule_plans_one_sweep(capsys) -> None:
    call_command("deadlines", "schedule")
    call_command("deadlines", "schedule")
    out = capsys.readouterr().out
    assert "Deadline sweep planned." in out
    assert "already planned" in out
