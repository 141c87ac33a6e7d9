"""`kinhaven retention`: rule-set, rules, due, run, hold, lift, schedule.

`rule-set` sets how long a kind of record is kept in a country (with where the period comes
from); `rules` lists them; `due` lists what is due for erasure (kind, id, rule, date) without
erasing; `run` erases it (`--dry-run`: says what it would erase); `hold` and `lift` place and
lift a legal hold on a child's file or a report; `schedule` makes sure the daily run is waiting
for the worker.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser

from kinhaven.children.models import Child
from kinhaven.core import time
from kinhaven.core.commands import (
    KinhavenCommand,
    bounded_int,
    field_most,
    model_text,
    uuid_argument,
)
from kinhaven.core.errors import ApplicationError
from kinhaven.core.validation import validate_country
from kinhaven.intake.models import Report
from kinhaven.retention.enums import ANY_COUNTRY, RecordKind
from kinhaven.retention.models import LegalHold, RetentionRule
from kinhaven.retention.services import (
    MAJORITY,
    hold_lift,
    hold_place,
    retention_due,
    retention_run,
    rule_set,
)
from kinhaven.retention.tasks import retention_sweep_plan

# The period each kind of record is kept for, by its option; the other option does not apply.
PERIOD_OPTION = {
    RecordKind.CLOSED_CASE: "--years-after-majority",
    RecordKind.REPORT_WITHOUT_CASE: "--months-after-closure",
}


def _most_years() -> int:
    """The most years after 18 a rule may keep a child's file: what the field holds, and no more
    than keeps the erasure date of a child born today within Python's dates (year 9999)."""
    return min(
        field_most(RetentionRule, "years_after_majority"), dt.MAXYEAR - time.today().year - MAJORITY
    )


def _country(text: str) -> str:
    """An ISO 3166-1 alpha-3 code (upper case), or * for every country; the country an agency
    works in, never one of the codes for a person's nationality (XXA, stateless)."""
    code = text.strip()
    if code == ANY_COUNTRY:
        return code
    try:
        return validate_country(code, persons=False)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc} Or * for every country.") from None


class Command(KinhavenCommand):
    help = "Retention rules, legal holds and the erasure of what is due."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        rule = sub.add_parser("rule-set", help="set how long a kind of record is kept")
        rule.add_argument("--kind", required=True, choices=RecordKind.values)
        rule.add_argument(
            "--country", required=True, type=_country, help="ISO 3166-1 alpha-3, or *"
        )
        rule.add_argument("--years-after-majority", type=bounded_int(0, _most_years()))
        rule.add_argument(
            "--months-after-closure",
            type=bounded_int(0, field_most(RetentionRule, "months_after_closure")),
        )
        rule.add_argument(
            "--source",
            required=True,
            type=model_text(RetentionRule, "source"),
            help="the law or policy the period is from",
        )
        sub.add_parser("rules", help="list the rules")
        sub.add_parser("due", help="list what is due for erasure")
        run = sub.add_parser("run", help="erase what is due")
        run.add_argument("--dry-run", action="store_true")
        hold = sub.add_parser("hold", help="place a legal hold")
        which = hold.add_mutually_exclusive_group(required=True)
        which.add_argument("--child", type=uuid_argument)
        which.add_argument("--report", type=uuid_argument)
        hold.add_argument("--reason", required=True, type=model_text(LegalHold, "reason"))
        lift = sub.add_parser("lift", help="lift a legal hold")
        lift.add_argument("hold", type=uuid_argument)
        sub.add_parser("schedule", help="make sure the daily run is waiting")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        try:
            if verb == "rule-set":
                self._one_period(options)
                rule = rule_set(
                    kind=options["kind"],
                    country=options["country"],
                    source=options["source"],
                    years_after_majority=options["years_after_majority"],
                    months_after_closure=options["months_after_closure"],
                )
                self.stdout.write(f"rule {rule.country} {rule.kind} set")
            elif verb == "rules":
                for r in RetentionRule.objects.order_by("country", "kind"):
                    period = (
                        f"{r.years_after_majority} years after 18"
                        if r.kind == RecordKind.CLOSED_CASE
                        else f"{r.months_after_closure} months after closure"
                    )
                    self.stdout.write(f"{r.country} {r.kind}: {period} ({r.source})")
            elif verb in {"due", "run"}:
                items = (
                    retention_due() if verb == "due" else retention_run(dry_run=options["dry_run"])
                )
                for item in items:
                    self.stdout.write(
                        f"{item.kind} {item.record.public_id} due {item.due_on} "
                        f"({item.rule.country} rule)"
                    )
                done = "due" if verb == "due" or options.get("dry_run") else "erased"
                self.stdout.write(f"{len(items)} {done}")
            elif verb == "hold":
                child = report = None
                if options["child"] is not None:
                    child = Child.objects.filter(public_id=options["child"]).first()
                    if child is None:
                        raise CommandError("--child: no such child.")
                else:
                    report = Report.objects.filter(public_id=options["report"]).first()
                    if report is None:
                        raise CommandError("--report: no such report.")
                hold = hold_place(child=child, report=report, reason=options["reason"])
                self.stdout.write(f"hold {hold.public_id} placed")
            elif verb == "lift":
                found = LegalHold.objects.filter(public_id=options["hold"]).first()
                if found is None:
                    raise CommandError("No such hold.")
                hold_lift(found)
                self.stdout.write("hold lifted")
            else:
                planned = retention_sweep_plan()
                self.stdout.write("daily run planned" if planned else "daily run already waiting")
        except ApplicationError as exc:
            field = f" ({exc.field})" if exc.field else ""
            raise CommandError(f"{exc.message}{field}") from None
        except ValueError as exc:
            raise CommandError("Give ids as UUIDs.") from exc

    @staticmethod
    def _one_period(options: dict[str, Any]) -> None:
        """Refuse the period option that does not apply to the kind of record."""
        needed = PERIOD_OPTION[RecordKind(options["kind"])]
        for option in PERIOD_OPTION.values():
            given = options[option.removeprefix("--").replace("-", "_")] is not None
            if given and option != needed:
                raise CommandError(
                    f"{option}: does not apply to {options['kind']}; give {needed} only."
                )
