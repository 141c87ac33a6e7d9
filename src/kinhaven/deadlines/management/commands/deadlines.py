"""Deadline rules per country, and escalation after downtime.

kinhaven deadlines rules
kinhaven deadlines set guardian_appointment --country DEU --period 3 --unit working_days \
    --hard-limit 15
kinhaven deadlines escalate
kinhaven deadlines schedule
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser

from kinhaven.core import time
from kinhaven.core.commands import KinhavenCommand, bounded_int, field_most
from kinhaven.core.errors import ApplicationError
from kinhaven.core.validation import validate_country
from kinhaven.deadlines.enums import DeadlineCode, TimeUnit
from kinhaven.deadlines.models import DeadlineRule
from kinhaven.deadlines.services import deadline_rule_set, deadlines_escalate_due
from kinhaven.deadlines.tasks import deadlines_sweep_plan


def _longest(unit: str) -> int:
    """The longest period in `unit` whose due date can always be computed: a timer runs ahead
    from now, a deadline counted back (a permit's renewal) runs back from a date near today, and
    either must stay within Python's dates, with a day to spare for the time zone."""
    today = time.today()
    days = min((dt.date.max - today).days, (today - dt.date.min).days) - 1
    if unit == TimeUnit.HOURS:
        return days * 24
    if unit == TimeUnit.WORKING_DAYS:
        # Five in each whole week: so many working days never span more than `days`.
        return days // 7 * 5
    return days


class Command(KinhavenCommand):
    help = "List or set deadline rules, or escalate every deadline past due."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rules", help="list the rules in force")
        setter = sub.add_parser("set", help="set a rule for a country, within the legal bounds")
        setter.add_argument("code", choices=DeadlineCode.values)
        setter.add_argument("--country", default="", help="ISO 3166-1 alpha-3; blank: the default")
        setter.add_argument(
            "--period", type=bounded_int(1, field_most(DeadlineRule, "period")), required=True
        )
        setter.add_argument("--unit", choices=TimeUnit.values, required=True)
        setter.add_argument(
            "--hard-limit",
            type=bounded_int(1, field_most(DeadlineRule, "hard_limit")),
            default=None,
            dest="hard_limit",
        )
        sub.add_parser("escalate", help="escalate deadlines past due now")
        sub.add_parser("schedule", help="plan the background sweep that escalates every minute")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "rules":
            for rule in DeadlineRule.objects.order_by("code", "country"):
                limit = f", legal limit {rule.hard_limit}" if rule.hard_limit else ""
                country = rule.country or "default"
                self.stdout.write(f"{rule.code:<22} {country:<8} {rule.period} {rule.unit}{limit}")
        elif action == "set":
            country = options["country"]
            if country:
                try:
                    country = validate_country(country, persons=False)
                except ValueError as exc:
                    raise CommandError(f"--country: {exc}") from None
            longest = _longest(options["unit"])
            for option, amount in (
                ("--period", options["period"]),
                ("--hard-limit", options["hard_limit"]),
            ):
                if amount is not None and amount > longest:
                    raise CommandError(f"{option}: must be from 1 to {longest} {options['unit']}.")
            try:
                rule = deadline_rule_set(
                    code=options["code"],
                    country=country,
                    period=options["period"],
                    unit=options["unit"],
                    hard_limit=options["hard_limit"],
                )
            except ApplicationError as exc:
                raise CommandError(
                    f"--{(exc.field or 'code').replace('_', '-')}: {exc.message}"
                ) from None
            self.stdout.write(f"Rule set: {rule}")
        elif action == "schedule":
            planned = deadlines_sweep_plan()
            self.stdout.write(
                "Deadline sweep planned." if planned else "Deadline sweep already planned."
            )
        else:
            self.stdout.write(f"Escalated: {deadlines_escalate_due()}")
