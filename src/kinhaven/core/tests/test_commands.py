"""Kinhaven's commands run Django's system checks before they start, but not the URL
configuration's (core.commands): that would load every view and the whole API."""

from pathlib import Path

from django.core.management import get_commands, load_command_class

from kinhaven.conftest import kinhaven_command
from kinhaven.core.commands import KinhavenCommand

PROBE = """
import sys
from django.core import checks
from django.core.management import load_command_class
from django.core.management.base import SystemCheckError
command = load_command_class("kinhaven.accounts", "agency_add")
command.check()
print("urls loaded:", "kinhaven.config.urls" in sys.modules)
@checks.register(checks.Tags.models)
def broken(**kwargs):
    return [checks.Error("a probe's model error", id="probe.E001")]
try:
    command.check()
except SystemCheckError as exc:
    print("refused:", "probe.E001" in str(exc))
"""


def test_every_command_of_kinhaven_is_a_kinhaven_command() -> None:
    ours = {name: app for name, app in get_commands().items() if app.startswith("kinhaven.")}
    assert len(ours) > 20
    for name, app in ours.items():
        assert isinstance(load_command_class(app, name), KinhavenCommand), name


def test_a_command_checks_all_but_the_urls(tmp_path: Path) -> None:
    result = kinhaven_command("shell", "-c", PROBE, KINHAVEN_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[-3:] == ["urls loaded: False", "refused: True", ""]


def test_a_wrong_set_up_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = kinhaven_command("check", KINHAVEN_VAR_DIR=str(tmp_path), KINHAVEN_ENV="nonsense")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "kinhaven check: the set-up is wrong: KINHAVEN_ENV must be" in result.stderr
