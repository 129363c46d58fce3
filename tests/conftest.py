"""Shared helpers: write maps to real files and run the real CLI on them."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent

# cjm speaks the language the environment asks for (core/i18n.py); the tests and their golden files expect English
# whatever the locale of whoever runs them. Tests of the language set it themselves.
for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"
EXAMPLES = ROOT / "examples"

MINIMAL = """\
cjm: 1
title: Minimal
"""

# A two-stage grid, quick to draw: for tests that render or watch maps.
SMALL_MAP = """\
cjm: 1
title: Shop
journey:
  stages:
    - {id: find, name: Find, actions: [Search]}
    - {id: buy, name: Buy, actions: [Pay]}
"""

# git run on a test repository: with a fixed identity, and neither the user's nor the system's configuration.
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def copy_example(name: str, target: Path) -> Path:
    """The example map `name` copied to `target`, with the shared files the examples include (examples/shared/)
    beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(EXAMPLES / name, target)
    shutil.copytree(EXAMPLES / "shared", target.parent / "shared", dirs_exist_ok=True)
    return target


def git(repository: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=repository, env=GIT_ENV, check=True, capture_output=True)


@pytest.fixture
def write_map(tmp_path: Path) -> Callable[..., Path]:
    """Write YAML text (dedented) to a file and return its path."""

    def write(text: str, name: str = "map.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


class Run:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


@pytest.fixture
def cjm() -> Callable[..., Run]:
    """Run the `cjm` command line in-process; returns exit code, stdout and stderr."""

    def run(*args: str | Path, stdin: bytes | str | None = None, env: dict[str, str] | None = None) -> Run:
        runner = CliRunner(env={"GITHUB_ACTIONS": "", "NO_COLOR": "", **(env or {})})
        result = runner.invoke(app, [str(a) for a in args], input=stdin, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the golden files in tests/golden/ from the current output instead of comparing",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME, or rewrite the file under --update-goldens."""
    update = bool(request.config.getoption("--update-goldens"))

    def check(name: str, actual: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if update:
            path.parent.mkdir(exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="")
            return
        assert path.exists(), f"no golden file {path.name}; create it with: pytest --update-goldens"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, (
            f"{name} differs from its golden file; if the change is intended: pytest --update-goldens"
        )

    return check
