"""The bundled examples: every map in examples/ is valid; every map in examples/invalid/ gives exactly the
problems listed beside it in NAME.expected: the text report without the path, `line:col: severity code
message` with the hint on the next line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cjm_cli.api import check_file
from cjm_cli.core.rules import RuleOptions
from cjm_cli.reports.problems import text_line
from conftest import EXAMPLES

VALID = sorted(EXAMPLES.glob("*.yaml"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/cjm.schema.json"


def test_there_are_at_least_three_examples_and_ten_invalid_maps() -> None:
    assert len(VALID) >= 3
    assert len(INVALID) >= 10


# The sales system keeps two channels out of the CRM on purpose: the seed's point is that the map shows them.
INTENDED_WARNINGS = {
    "sales-system.yaml": [
        "112:5: warning channel-not-in-crm requests from channel 'irr.by' are entered into the CRM by hand, "
        "while 13 other channels reach it by itself",
        "117:5: warning channel-not-in-crm requests from channel 'icetrade.by (тендеры)' are entered into the "
        "CRM by hand, while 13 other channels reach it by itself",
    ]
}


# The examples say when they were last reviewed; checked on a fixed day, they stay free of `review-overdue`
# as time passes (a user who validates them later is told, rightly, that they are due for a review).
EXAMPLES_DAY = date(2026, 12, 1)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_example_is_valid_with_only_its_intended_warnings(path: Path) -> None:
    result = check_file(str(path), RuleOptions(today=EXAMPLES_DAY))
    assert [text_line(p).removeprefix(f"{path}:") for p in result.problems] == INTENDED_WARNINGS.get(path.name, [])
    assert result.ok


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_example_points_editors_at_the_schema(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == SCHEMA_LINE
    assert (path.parent / "../schemas/cjm.schema.json").resolve().is_file()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_gives_exactly_its_expected_problems(path: Path) -> None:
    expected_file = path.with_suffix(".expected")
    assert expected_file.is_file(), f"write {expected_file.name} beside {path.name}"
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    result = check_file(str(path))
    actual = []
    for problem in result.problems:
        actual.append(text_line(problem).removeprefix(f"{path}:"))
        if problem.hint:
            actual.append(f"    hint: {problem.hint}")
    assert actual == expected
    assert not result.ok


def test_every_expected_file_has_its_map() -> None:
    for expected in (EXAMPLES / "invalid").glob("*.expected"):
        assert expected.with_suffix(".yaml").is_file(), expected.name
