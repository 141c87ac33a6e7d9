"""A new capability or a new kind of case event is code only: no migration.

A release that adds one has it in its enums before the models are built. The script below does
the same in a process of its own (an enum member added, a kind registered, before
django.setup()), then asks makemigrations whether the models' state changed: had a field taken
its choices from the enum or the registry, it would have.
"""

import os
import subprocess
import sys

SCRIPT = """
from django.db import models

import kinhaven.accounts.enums as accounts_enums
import kinhaven.timeline.enums as timeline_enums


def extended(choices, name, value, label):
    members = [(m.name, (m.value, m.label)) for m in choices]
    return models.TextChoices(choices.__name__, [*members, (name, (value, label))])


accounts_enums.Capability = extended(
    accounts_enums.Capability, "INTERPRETER_BOOK", "interpreter.book", "Book interpreters"
)
timeline_enums.CaseEventKind = extended(
    timeline_enums.CaseEventKind, "INTERPRETER_BOOKED", "interpreter_booked", "Interpreter booked"
)
timeline_enums.event_kind_register("interpreter_cancelled", "Interpreter cancelled")

import django

django.setup()
from django.core.management import call_command

call_command("makemigrations", "--check", "--dry-run", verbosity=1)
"""


def test_a_new_capability_or_event_kind_needs_no_migration(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KINHAVEN_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(DJANGO_SETTINGS_MODULE="kinhaven.config.settings", KINHAVEN_VAR_DIR=str(tmp_path))
    result = subprocess.run(  # noqa: S603  # our own script, fixed arguments
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
