"""kinhaven dedupe RECORDS.csv --out OUT.csv"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from kinhaven.core.commands import KinhavenCommand
from kinhaven.tracing.engine.dedupe import THRESHOLD, dedupe
from kinhaven.tracing.files import (
    ENGINE_HELP,
    MASTER_HELP,
    STRICT_HELP,
    Progress,
    check_for_command,
    output_for_command,
    read_for_command,
    spark_for_command,
    write_rows,
)


class Command(KinhavenCommand):
    # Work on files alone: none of the web application's checks is needed here.
    requires_system_checks = ()
    help = "Group the records of RECORDS.csv that are the same child: id, cluster_id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("records")
        parser.add_argument("--out", required=True)
        parser.add_argument("--strict", action="store_true", help=STRICT_HELP)
        parser.add_argument(
            "--engine", choices=("default", "spark"), default="default", help=ENGINE_HELP
        )
        parser.add_argument("--spark-master", default="local[*]", help=MASTER_HELP)
        parser.add_argument("--threshold", type=float, default=THRESHOLD)

    def handle(self, *args: Any, **options: Any) -> None:
        threshold = options["threshold"]
        if not 0 < threshold < 1:
            raise CommandError(_("--threshold must be between 0 and 1."))
        path, strict, errors = options["records"], options["strict"], self.stderr.write
        output_for_command(options["out"], (path,))
        if options["engine"] == "spark":
            # The executors read the file; it is checked here first, and no record is kept.
            unknowns = check_for_command(path, strict=strict, errors=errors)
            from kinhaven.tracing.engine.spark import dedupe_spark

            with spark_for_command(options["spark_master"]) as session:
                clusters = dedupe_spark(path, threshold=threshold, spark=session)
        else:
            rows, unknowns = read_for_command(path, strict=strict, errors=errors)
            progress = Progress(_("records compared"), len(rows))
            clusters = dedupe(rows, threshold=threshold, progress=progress)
        write_rows(options["out"], ("id", "cluster_id"), clusters)
        count = len({c for _r, c in clusters})
        self.stdout.write(
            _("%(records)s records in %(clusters)s clusters")
            % {"records": f"{len(clusters):,}", "clusters": f"{count:,}"}
        )
        if unknowns:
            self.stdout.write(unknowns.summary())
