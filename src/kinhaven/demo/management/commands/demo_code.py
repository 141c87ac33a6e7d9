"""Print the current TOTP code of a demo account: `kinhaven demo_code caseworker`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]  # no type marker

from kinhaven.accounts.otp import current_code, demo_secret
from kinhaven.core.commands import KinhavenCommand


class Command(KinhavenCommand):
    help = "Print the current second-factor code of a demo account (demo accounts only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        secret = demo_secret(username)
        # Only accounts whose device holds the public demo secret: never a real account's code.
        if not TOTPDevice.objects.filter(
            user__username=username, confirmed=True, key=secret.hex()
        ).exists():
            raise CommandError("USERNAME: not a demo account.")
        self.stdout.write(current_code(secret))
