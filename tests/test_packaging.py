"""The source distribution holds what the tests read, so that they run from an unpacked sdist as from a clone."""

from __future__ import annotations

import tomllib

from conftest import ROOT

# Everything outside tests/ that a test (or scripts/test.sh, which runs ruff and mypy on them) reads.
READ_BY_TESTS = [
    ".ci/run",
    ".dockerignore",
    ".pre-commit-hooks.yaml",
    "CHANGELOG.md",
    "CONTRIBUTING.md",
    "Dockerfile",
    "LICENSE",
    "README.md",
    "action.yml",
    "benchmarks/render_speed.py",
    "docs/format.md",
    "docs/release.md",
    "examples/sales-system.yaml",
    "requirements-run.lock",
    "requirements.lock",
    "schemas/cjm.schema.json",
    "scripts/check-maps.sh",
    "scripts/examples.sh",
    "scripts/install-cjm.sh",
    "scripts/lock.sh",
    "scripts/setup.sh",
    "scripts/test-lowest.sh",
    "scripts/test-newest.sh",
    "scripts/test.sh",
    "src/cjm_cli/cli/__init__.py",
    "tests/fixtures/schemas/sarif-schema-2.1.0.json",
]


def test_the_sdist_includes_every_file_the_tests_read() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    for path in READ_BY_TESTS:
        assert (ROOT / path).is_file(), f"{path} is gone: update this list"
        assert any(path == entry or path.startswith(entry.rstrip("/") + "/") for entry in included), path
