"""`kinhaven retention`: rule-set, rules, due, run, hold, lift, schedule.

`rule-set` sets how long a kind of record is kept in a country (with where the period comes
from); `rules` lists them; `due` lists what is due for erasure (kind, id, rule, date) without
erasing; `run` erases it (`--dry-run`: says what it would erase); `hold` and `lift` place and
lift a legal hold on a child's file or a report; `schedule` makes sure the daily run is waiting
for the worker.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from kinhaven.children.models import Child
from kinhaven.core.commands import KinhavenCommand
from kinhaven.core.errors import ApplicationError
from kinhaven.intake.models import Report
from kinhaven.retention.enums import RecordKind
from kinhaven.retention.models import LegalHold, RetentionRule
from kinhaven.retention.services import (
    hold_lift,
    hold_place,
    retention_due,
    retention_run,
    rule_set,
)
from kinhaven.retention.tasks import retention_sweep_plan


class Command(KinhavenCommand):
    help = "Retention rules, legal holds and the erasure of what is due."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        rule = sub.add_parser("rule-set", help="set how long a kind of record is kept")
        rule.add_argument("--kind", required=True, choices=RecordKind.values)
        rule.add_argument("--country", required=True, help="ISO 3166-1 alpha-3, or *")
        rule.add_argument("--years-after-majority", type=int)
        rule.add_argument("--months-after-closure", type=int)
        rule.add_argument("--source", required=True, help="the law or policy the period is from")
        sub.add_parser("rules", help="list the rules")
        sub.add_parser("due", help="list what is due for erasure")
        run = sub.add_parser("run", help="erase what is due")
        run.add_argument("--dry-run", action="store_true")
        hold = sub.add_parser("hold", help="place a legal hold")
        which = hold.add_mutually_exclusive_group(required=True)
        which.add_argument("--child")
        which.add_argument("--report")
        hold.add_argument("--reason", required=True)
        lift = sub.add_parser("lift", help="lift a legal hold")
        lift.add_argument("hold")
        sub.add_parser("schedule", help="make sure the daily run is waiting")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        try:
            if verb == "rule-set":
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
                if options["child"]:
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
