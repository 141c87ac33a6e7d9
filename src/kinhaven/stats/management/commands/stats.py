"""`kinhaven stats`: rebuild, refresh, schedule.

`rebuild` recomputes every case's facts and the cells from them; `refresh` recomputes what time
has changed (what the sweep does); `schedule` makes sure the sweep is waiting for the worker.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kinhaven.core.commands import KinhavenCommand
from kinhaven.stats.facts import facts_refresh_due, stats_rebuild
from kinhaven.stats.tasks import stats_sweep_plan


class Command(KinhavenCommand):
    help = "Keep the statistics' facts and cells up to date."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("rebuild", help="recompute every case's facts and all the cells")
        sub.add_parser("refresh", help="recompute the facts time has changed")
        sub.add_parser("schedule", help="make sure the periodic sweep is waiting")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "rebuild":
            self.stdout.write(f"{stats_rebuild()} cases counted")
        elif verb == "refresh":
            self.stdout.write(f"{facts_refresh_due()} facts changed")
        else:
            planned = stats_sweep_plan()
            self.stdout.write("sweep planned" if planned else "a sweep is already waiting")
