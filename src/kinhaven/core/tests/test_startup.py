"""A process that loads the application (every command, the server, the worker) does not load the
libraries only some requests use: each is loaded where it is used."""

from pathlib import Path

from kinhaven.conftest import kinhaven_command

# Each with what loads it when needed: charts, spreadsheets, encoded matching, alert posters,
# PostgreSQL's statements, and what the statistics' noise and the engine's training use.
LOADED_WHEN_USED = (
    "altair",
    "openpyxl",
    "anonlink",
    "reportlab",
    "psycopg",
    "sklearn",
    "scipy",
    "pandas",
    "lightgbm",
    "pyspark",
)

PROBE = """
import importlib, sys
from django.conf import settings
from django.urls import get_resolver
importlib.import_module(settings.ROOT_URLCONF)
get_resolver().url_patterns
print("loaded:" + " ".join(sorted(m for m in {names!r} if m in sys.modules)))
"""


def test_loading_the_application_leaves_the_heavy_libraries_unloaded(tmp_path: Path) -> None:
    result = kinhaven_command(
        "shell", "-c", PROBE.format(names=LOADED_WHEN_USED), KINHAVEN_VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1] == "loaded:"


def test_the_libraries_load_where_they_are_used(tmp_path: Path) -> None:
    """The same probe sees the libraries once the code that uses them is loaded or runs: the
    charts' module, a spreadsheet written."""
    code = (
        "import sys\n"
        "from kinhaven.stats.charts import bar_chart\n"
        "from kinhaven.stats.writers import write_rows\n"
        f"write_rows(__import__('pathlib').Path({str(tmp_path / 'rows.xlsx')!r}), ['a'],"
        " [{'a': '1'}], file_format='xlsx')\n"
        "print('loaded:', 'altair' in sys.modules, 'openpyxl' in sys.modules)\n"
    )
    result = kinhaven_command("shell", "-c", code, KINHAVEN_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1] == "loaded: True True"
