"""Every importer on a realistic file in its tool's own format (see tests/fixtures/import/README.md): the map it
makes is exactly the expected one, is valid without a single problem, and is the same bytes on every run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cjm_cli.api import check_source
from cjm_cli.core.read import decode
from cjm_cli.core.rules import NO_RULES
from conftest import ROOT, Run

FIXTURES = ROOT / "tests" / "fixtures" / "import"

CASES = [
    ("mermaid", "mermaid/journey.mmd"),
    ("mermaid", "mermaid/readme.md"),
    ("bitrix24", "bitrix24/statuses.json"),
    ("google-ads", "google-ads/editor-export.csv"),
    ("google-ads", "google-ads/web-report.csv"),
    ("yandex-direct", "yandex-direct/commander-export.csv"),
    ("yandex-direct", "yandex-direct/few-columns.tsv"),
]


def expected_path(name: str) -> Path:
    return FIXTURES / "expected" / (name.replace("/", "--") + ".yaml")


@pytest.mark.parametrize(("kind", "name"), CASES, ids=[name for _, name in CASES])
def test_import_gives_the_expected_map(
    kind: str, name: str, cjm: Callable[..., Run], request: pytest.FixtureRequest
) -> None:
    run = cjm("import", kind, FIXTURES / name)
    assert run.exit_code == 0, run.stderr
    expected = expected_path(name)
    if request.config.getoption("--update-goldens"):
        expected.write_text(run.stdout, encoding="utf-8", newline="")
    assert run.stdout == expected.read_text(encoding="utf-8"), "if intended: pytest --update-goldens"


@pytest.mark.parametrize(("kind", "name"), CASES, ids=[name for _, name in CASES])
def test_imported_map_is_valid_without_problems(kind: str, name: str, cjm: Callable[..., Run]) -> None:
    """Valid as to format and references; the method (owners, KPIs...) is for the user to fill in."""
    run = cjm("import", kind, FIXTURES / name)
    checked = check_source(decode("imported.yaml", run.stdout.encode("utf-8")), NO_RULES)
    assert checked.problems == []
    assert checked.ok


@pytest.mark.parametrize(("kind", "name"), CASES, ids=[name for _, name in CASES])
def test_import_is_deterministic(kind: str, name: str, cjm: Callable[..., Run]) -> None:
    assert cjm("import", kind, FIXTURES / name).stdout == cjm("import", kind, FIXTURES / name).stdout


def test_every_fixture_has_its_expected_map() -> None:
    names = {expected_path(name).name for _, name in CASES}
    on_disk = {path.name for path in (FIXTURES / "expected").glob("*--*.yaml")}
    assert on_disk == names
