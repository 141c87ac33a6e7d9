"""Create an agency: `kinhaven agency_add NAME --country AUT --type SocialServices`."""

from __future__ import annotations

from typing import Any

import pycountry
from django.core.management.base import CommandError, CommandParser

from kinhaven.accounts.enums import OrganisationType
from kinhaven.accounts.models import Agency, Team
from kinhaven.accounts.services import agency_create
from kinhaven.core.commands import KinhavenCommand, model_text
from kinhaven.core.validation import validate_country


class Command(KinhavenCommand):
    help = "Create an agency."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", type=model_text(Agency, "name"))
        parser.add_argument("--country", required=True, help="ISO 3166-1 alpha-3")
        parser.add_argument(
            "--type", required=True, dest="organisation_type", choices=OrganisationType.values
        )
        parser.add_argument(
            "--region", default="", help="ISO 3166-2 subdivision of the country (statistics)"
        )
        parser.add_argument(
            "--team",
            action="append",
            default=[],
            type=model_text(Team, "name"),
            help="a team to create (once each)",
        )
        parser.add_argument(
            "--public-reports",
            action="store_true",
            help="this agency triages reports from the public reporting page",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The types of the arguments (model_text) have trimmed and checked the name and teams.
        name = options["name"]
        teams: list[str] = options["team"]
        if len(set(teams)) != len(teams):
            raise CommandError("--team: a team name is given more than once; give each once.")
        if Agency.objects.filter(name=name).exists():
            raise CommandError("name: an agency with this name exists already.")
        try:
            country = validate_country(options["country"], persons=False)
        except ValueError as exc:
            raise CommandError(f"--country: {exc}") from None
        region = options["region"].strip().upper()
        if region and not _region_of(country, region):
            raise CommandError("--region: give an ISO 3166-2 subdivision of the agency's country.")
        agency = agency_create(
            name=name,
            country=country,
            organisation_type=OrganisationType(options["organisation_type"]),
            teams=teams,
            receives_public_reports=options["public_reports"],
            region=region,
        )
        self.stdout.write(f"Agency created: {agency.public_id}")


def _region_of(country: str, region: str) -> bool:
    """Whether `region` is a subdivision of the country (ISO 3166-2, as pycountry lists them)."""
    found = pycountry.subdivisions.get(code=region)  # type: ignore[no-untyped-call]
    home = pycountry.countries.get(alpha_3=country)
    return found is not None and home is not None and found.country_code == home.alpha_2
