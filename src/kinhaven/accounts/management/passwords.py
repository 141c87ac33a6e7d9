"""A new password for a command, never taken as an argument (it would stay in shell history and
process lists): from KINHAVEN_NEW_PASSWORD, typed twice at a terminal, or one line on standard
input."""

from __future__ import annotations

import getpass
import os
import sys

from django.core.management.base import CommandError

NONE_GIVEN = (
    "password: none given. Set KINHAVEN_NEW_PASSWORD, type it at a terminal, or give it as one "
    "line on standard input."
)


def new_password() -> str:
    """The password the operator gives, or CommandError naming what to do."""
    given = os.environ.get("KINHAVEN_NEW_PASSWORD")
    if given:
        return given
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise CommandError(NONE_GIVEN)
        return line
    try:
        first = getpass.getpass("Password: ")
        if not first:
            raise CommandError(NONE_GIVEN)
        again = getpass.getpass("Password (again): ")
    except (EOFError, KeyboardInterrupt):
        raise CommandError(NONE_GIVEN) from None
    if again != first:
        raise CommandError("password: the two entries differ; nothing was changed.")
    return first
