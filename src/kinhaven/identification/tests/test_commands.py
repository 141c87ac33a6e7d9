from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kinhaven.identification.selectors import identification_rule_for

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("identification_rules", *args, stdout=out)
    return out.getvalue()


def test_a_country_rule_is_set_and_listed(world) -> None:
    assert identification_rule_for("DEU").country == ""  # the built-in default
    _run(
        "set",
        "--country",
        "deu",
        "--preliminary",
        "caseworker, supervisor",
        "--conclusive",
        "police_investigator",
        "--reflection-until-conclusive",
        "no",
    )
    rule = identification_rule_for("DEU")
    assert (rule.country, rule.conclusive_roles, rule.reflection_until_conclusive) == (
        "DEU",
        ("police_investigator",),
        False,
    )
    assert "DEU" in _run("list")
    with pytest.raises(CommandError, match="conclusive_roles"):
        _run("set", "--preliminary", "caseworker", "--conclusive", "judge",
             "--reflection-until-conclusive", "yes")  # fmt: skip
    with pytest.raises(CommandError, match="country"):
        _run("set", "--country", "XYZ", "--preliminary", "caseworker", "--conclusive",
             "supervisor", "--reflection-until-conclusive", "yes")  # fmt: skip
