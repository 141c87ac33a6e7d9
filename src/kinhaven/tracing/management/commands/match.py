"""kinhaven match REGISTRY.csv QUERIES.csv --top K --out OUT.csv"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from kinhaven.core.commands import KinhavenCommand, bounded_int
from kinhaven.tracing.engine.matcher import SCORED, Registry
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
    help = (
        "Match children in QUERIES.csv against REGISTRY.csv: for each query, the best K "
        "registered records with the probability that they are the same child."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("registry")
        parser.add_argument("queries")
        parser.add_argument(
            "--top",
            type=bounded_int(1, SCORED),
            default=10,
            help=f"how many records to give for each query (at most {SCORED}, those scored)",
        )
        parser.add_argument("--out", required=True)
        parser.add_argument("--strict", action="store_true", help=STRICT_HELP)
        parser.add_argument(
            "--engine", choices=("default", "spark"), default="default", help=ENGINE_HELP
        )
        parser.add_argument("--spark-master", default="local[*]", help=MASTER_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        top = options["top"]
        output_for_command(options["out"], (options["registry"], options["queries"]))
        strict, errors = options["strict"], self.stderr.write
        if options["engine"] == "spark":
            # The executors read the files; they are checked here first, and no record is kept.
            registry_unknown, query_unknown = (
                check_for_command(options[name], strict=strict, errors=errors)
                for name in ("registry", "queries")
            )
            from kinhaven.tracing.engine.spark import match_spark

            with spark_for_command(options["spark_master"]) as session:
                matches = match_spark(
                    options["registry"], options["queries"], top=top, spark=session
                )
            n_queries = query_unknown.records
        else:
            registry_rows, registry_unknown = read_for_command(
                options["registry"], strict=strict, errors=errors
            )
            query_rows, query_unknown = read_for_command(
                options["queries"], strict=strict, errors=errors
            )
            registry = Registry(registry_rows)
            matches = registry.match(
                query_rows, top=top, progress=Progress(_("queries matched"), len(query_rows))
            )
            n_queries = len(query_rows)
        write_rows(
            options["out"],
            ("query_id", "record_id", "score", "rank"),
            [(m.query_id, m.record_id, f"{m.score:.6f}", m.rank) for m in matches],
        )
        self.stdout.write(
            _("%(matches)s matches for %(queries)s queries")
            % {"matches": f"{len(matches):,}", "queries": f"{n_queries:,}"}
        )
        for unknowns in (registry_unknown, query_unknown):
            if unknowns:
                self.stdout.write(unknowns.summary())
