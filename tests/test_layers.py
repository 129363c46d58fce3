"""The layers of the pipeline hold: a stage imports only from the stages below it, and only the command line
knows typer. The contracts are in pyproject.toml (`[tool.importlinter]`); import-linter checks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """import-linter on the package `cjm_cli` found in `source`, with the contracts of `config`."""
    return subprocess.run(
        [str(LINT_IMPORTS), str(config), "--no-cache", "--no-logo"],
        cwd=source,
        env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_package_keeps_its_layers() -> None:
    result = lint_imports(ROOT / "src", ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("core/problems.py", "from ..render.outputs import render_map", "cjm_cli.core is not allowed to import"),
        ("views/words.py", "from ..reports.problems import report", "cjm_cli.views is not allowed to import"),
        ("importers/run.py", "from ..exporters.run import export_file", "cjm_cli.importers is not allowed to import"),
        ("render/html.py", "import typer", "cjm_cli.render.html -> typer"),
    ],
)
def test_an_import_against_the_layers_breaks_the_contract(tmp_path: Path, module: str, line: str, broken: str) -> None:
    shutil.copytree(ROOT / "src" / "cjm_cli", tmp_path / "cjm_cli", ignore=shutil.ignore_patterns("__pycache__"))
    with (tmp_path / "cjm_cli" / module).open("a", encoding="utf-8") as source:
        source.write(f"\n{line}\n")
    result = lint_imports(tmp_path, ROOT / "pyproject.toml")
    assert result.returncode == 1
    assert broken in result.stdout
