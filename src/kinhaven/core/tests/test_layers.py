"""The layer contract (pyproject.toml, import-linter) holds, and would catch a back import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3]
PYPROJECT = SRC.parent / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(  # noqa: S603  # our own tool with fixed arguments
        [str(LINT_IMPORTS), "--config", str(PYPROJECT), "--no-cache"],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def copied_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    shutil.copytree(
        SRC / "kinhaven",
        src / "kinhaven",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "locale", "*.json"),
    )
    return src


def test_the_code_keeps_its_layers(copied_src: Path) -> None:
    result = _lint(copied_src)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(
    ("module", "back_import", "message"),
    [
        (
            "core",
            "from kinhaven.cases import models",
            "kinhaven.core is not allowed to import kinhaven.cases",
        ),
        (
            "children",
            "import kinhaven.tracing.selectors",
            "kinhaven.children is not allowed to import kinhaven.tracing",
        ),
        (
            "audit",
            "from kinhaven.accounts import models",
            "kinhaven.audit is not allowed to import kinhaven.accounts",
        ),
        (
            "cases",
            "from kinhaven.web import views",
            "kinhaven.cases is not allowed to import kinhaven.web",
        ),
    ],
)
def test_a_back_import_breaks_the_contract(
    copied_src: Path, tmp_path: Path, module: str, back_import: str, message: str
) -> None:
    src = tmp_path / "src"
    shutil.copytree(copied_src, src)
    (src / "kinhaven" / module / "back_import_probe.py").write_text(back_import + "\n")
    result = _lint(src)
    assert result.returncode != 0
    assert message in result.stdout
