"""Identification rules per country: who records which decision, and whether the recovery and
reflection period runs on while the conclusive decision is pending (docs/identification.md).

kinhaven identification_rules list
kinhaven identification_rules set --country AUT --preliminary caseworker,supervisor \
    --conclusive supervisor --reflection-until-conclusive yes
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from pydantic import ValidationError

from kinhaven.accounts.enums import DEFAULT_ROLE_CAPABILITIES, Capability, RoleCode
from kinhaven.accounts.models import Role
from kinhaven.core.commands import KinhavenCommand, model_text
from kinhaven.core.errors import ApplicationError
from kinhaven.core.validation import errors_by_field
from kinhaven.identification.models import IdentificationRule
from kinhaven.identification.rules import DEFAULT_RULE
from kinhaven.identification.schemas import IdentificationRuleIn
from kinhaven.identification.services import identification_rule_set

YES_NO = {"yes": True, "no": False}


def _roles(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def _undeciding(codes: list[str]) -> list[str]:
    """The roles among `codes` that cannot record an identification decision: their capabilities
    (the deployment's, else the default bundle) lack identification.decide, which every decision
    needs besides the rule. Codes of no role are left to the service, which names them."""
    stored = dict(Role.objects.filter(code__in=codes).values_list("code", "capabilities"))
    undeciding = []
    for code in dict.fromkeys(codes):
        if code in stored:
            capabilities = [str(c) for c in stored[code]]
        elif code in RoleCode.values:
            capabilities = [str(c) for c in DEFAULT_ROLE_CAPABILITIES[RoleCode(code)]]
        else:
            continue
        if str(Capability.IDENTIFICATION_DECIDE) not in capabilities:
            undeciding.append(code)
    return undeciding


class Command(KinhavenCommand):
    help = "List or set the identification rules of countries."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="list the rules stored, and the built-in default")
        setter = sub.add_parser("set", help="set a country's rule (blank country: the default)")
        setter.add_argument("--country", default="", help="ISO 3166-1 alpha-3; blank: default")
        setter.add_argument("--preliminary", required=True, help="role codes, comma-separated")
        setter.add_argument("--conclusive", required=True, help="role codes, comma-separated")
        setter.add_argument(
            "--reflection-until-conclusive",
            choices=sorted(YES_NO),
            required=True,
            dest="reflection_until_conclusive",
        )
        setter.add_argument(
            "--source",
            default="",
            type=model_text(IdentificationRule, "source", blank=True),
            help="the law or policy it follows",
        )

    def _show(self, country: str, until: bool, preliminary: Any, conclusive: Any) -> None:
        self.stdout.write(
            f"{country:<8} preliminary: {', '.join(preliminary)}; "
            f"conclusive: {', '.join(conclusive)}; "
            f"reflection until conclusive: {'yes' if until else 'no'}"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._show("built-in", *DEFAULT_RULE[:3])
            for rule in IdentificationRule.objects.order_by("country"):
                self._show(
                    rule.country or "default",
                    rule.reflection_until_conclusive,
                    rule.preliminary_roles,
                    rule.conclusive_roles,
                )
            return
        try:
            data = IdentificationRuleIn(
                country=options["country"],
                reflection_until_conclusive=YES_NO[options["reflection_until_conclusive"]],
                preliminary_roles=_roles(options["preliminary"]),
                conclusive_roles=_roles(options["conclusive"]),
                source=options["source"],
            )
        except ValidationError as exc:
            field, message = next(iter(errors_by_field(exc).items()))
            raise CommandError(f"{field}: {message}") from None
        for option, codes in (
            ("--preliminary", data.preliminary_roles),
            ("--conclusive", data.conclusive_roles),
        ):
            if undeciding := _undeciding(codes):
                raise CommandError(
                    f"{option}: these roles cannot record identification decisions (they lack "
                    f"the capability {Capability.IDENTIFICATION_DECIDE.value}): "
                    f"{', '.join(undeciding)}."
                )
        try:
            rule = identification_rule_set(data=data)
        except ApplicationError as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from None
        self.stdout.write(f"Rule set: {rule}")
