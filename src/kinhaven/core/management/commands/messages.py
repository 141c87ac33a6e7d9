from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from kinhaven.core.catalogs import catalogs_check, catalogs_compile, catalogs_update
from kinhaven.core.commands import KinhavenCommand
from kinhaven.core.markers import unmarked_strings


class Command(KinhavenCommand):
    help = "Keep the translation catalogs up to date, compiled and complete."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("update", help="add the strings the code marks to every catalog")
        sub.add_parser("compile", help="compile the catalogs for the server")
        sub.add_parser(
            "check",
            help="fail on a user-facing string not marked for translation, or a marked one a "
            "language lacks",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "update":
            catalogs_update()
            self.stdout.write("catalogs updated")
        elif verb == "compile":
            self.stdout.write(f"{catalogs_compile()} catalogs compiled")
        else:
            problems = [str(found) for found in unmarked_strings()] + catalogs_check()
            for problem in problems:
                self.stderr.write(problem)
            if problems:
                raise CommandError(f"{len(problems)} translation problems")
            self.stdout.write("every string is marked and translated")
