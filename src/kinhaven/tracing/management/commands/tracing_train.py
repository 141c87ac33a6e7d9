"""kinhaven tracing_train --out model.json: fit the match model again, on synthetic data with known
truth and on every decision people made on matches and duplicates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from kinhaven.core.commands import KinhavenCommand
from kinhaven.tracing.engine.model import TrainingExtraMissing
from kinhaven.tracing.engine.synth import FITTED, PROFILES
from kinhaven.tracing.files import output_for_command
from kinhaven.tracing.training import train_with_decisions


class Command(KinhavenCommand):
    help = (
        "Fit the match model on synthetic pairs and on people's decisions; point "
        "KINHAVEN_TRACING_MODEL at the file written to use it (the trees of dedupe's "
        "context step are written beside it, named after it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True)
        parser.add_argument("--registry", type=int, default=20_000)
        parser.add_argument("--queries", type=int, default=6_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--profiles", default=",".join(FITTED),
            help=f"Kinds of synthetic registrations to fit on, of: {', '.join(PROFILES)}.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        output_for_command(options["out"], ())
        if options["registry"] < 100 or options["queries"] < 10:
            raise CommandError(_("--registry must be at least 100 and --queries at least 10."))
        profiles = [name.strip() for name in options["profiles"].split(",") if name.strip()]
        unknown = sorted(set(profiles) - set(PROFILES))
        if unknown or not profiles:
            raise CommandError(
                _("--profiles: choose among %(profiles)s.") % {"profiles": ", ".join(PROFILES)}
            )
        try:
            model, synthetic, decided = train_with_decisions(
                n_registry=options["registry"], n_queries=options["queries"],
                seed=options["seed"], profiles=profiles,
            )  # fmt: skip
        except TrainingExtraMissing as exc:
            raise CommandError(
                _("Training needs scikit-learn: pip install 'kinhaven[train]'.")
            ) from exc
        model.save(
            out,
            trained_on=f"synthetic pairs: {synthetic} (profiles {', '.join(profiles)}); "
            f"decisions: {decided}",
        )
        self.stdout.write(
            _("Model written: %(synthetic)s synthetic pairs and %(decided)s decisions")
            % {"synthetic": f"{synthetic:,}", "decided": f"{decided:,}"}
        )
