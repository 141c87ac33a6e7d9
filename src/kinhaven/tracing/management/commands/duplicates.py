"""Duplicate records of children in the database.

kinhaven duplicates find       compare every record with every other now
kinhaven duplicates schedule   plan the nightly check in the background worker
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from kinhaven.children.models import Child
from kinhaven.core.commands import KinhavenCommand
from kinhaven.tracing.files import Progress
from kinhaven.tracing.services.duplicates import duplicates_batch
from kinhaven.tracing.tasks import tracing_duplicates_plan


class Command(KinhavenCommand):
    help = "Find possible duplicate records of children now, or plan the nightly check."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("find", help="compare every record with every other now")
        sub.add_parser("schedule", help="plan the nightly check in the background worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "schedule":
            planned = tracing_duplicates_plan()
            self.stdout.write(
                _("Nightly duplicate check planned.")
                if planned
                else _("Nightly duplicate check already planned.")
            )
            return
        total = Child.objects.filter(merged_into__isnull=True).count()
        found = duplicates_batch(progress=Progress(_("records compared"), total))
        self.stdout.write(
            _("%(records)s records compared; %(found)s new possible duplicates")
            % {"records": f"{total:,}", "found": f"{found:,}"}
        )
