"""kinhaven dedupe RECORDS.csv --out OUT.csv"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kinhaven.tracing.engine.dedupe import THRESHOLD, dedupe
from kinhaven.tracing.files import STRICT_HELP, Progress, read_for_command, write_rows


class Command(BaseCommand):
    # Work on files alone: the checks of the web application's set-up are not needed here and
    # take a second.
    requires_system_checks = ()
    help = "Group the records of RECORDS.csv that are the same child: id, cluster_id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("records")
        parser.add_argument("--out", required=True)
        parser.add_argument("--strict", action="store_true", help=STRICT_HELP)
        parser.add_argument("--threshold", type=float, default=THRESHOLD)

    def handle(self, *args: Any, **options: Any) -> None:
        threshold = options["threshold"]
        if not 0 < threshold < 1:
            raise CommandError(_("--threshold must be between 0 and 1."))
        rows, unknowns = read_for_command(
            options["records"], strict=options["strict"], errors=self.stderr.write
        )
        progress = Progress(_("records compared"), len(rows))
        clusters = dedupe(rows, threshold=threshold, progress=progress)
        write_rows(options["out"], ("id", "cluster_id"), clusters)
        count = len({c for _r, c in clusters})
        self.stdout.write(
            _("%(records)s records in %(clusters)s clusters")
            % {"records": f"{len(rows):,}", "clusters": f"{count:,}"}
        )
        if unknowns:
            self.stdout.write(unknowns.summary())
