"""`cjm validate --format sarif` and `--format gitlab`, checked against their published shapes.

SARIF against the OASIS SARIF 2.1.0 JSON schema (vendored in tests/fixtures/schemas/, see the README there).
GitLab publishes no JSON schema for its Code Quality report; its documentation lists the fields it reads
(docs.gitlab.com, "Code Quality", "Implement a custom tool"), and `GITLAB_CODE_QUALITY` below states exactly
those, as a schema written from the documentation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from cjm_cli import __version__
from cjm_cli.api import Checked
from cjm_cli.core.problems import Position, Problem
from cjm_cli.core.rules import BY_CODE
from cjm_cli.reports.problems import gitlab_document
from conftest import EXAMPLES, ROOT, Run

SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))

GITLAB_CODE_QUALITY: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}

# What RFC 3986 allows in a URI reference (the schema's `uri-reference` format, which jsonschema checks only
# with optional packages): unreserved, reserved and percent-encoded characters.
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*")
# Characters a terminal or log would interpret, and invisible reordering ones.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")

BROKEN = """\
cjm: 1
title: Карта
channels:
  - {id: site, name: Сайт, kind: site}
journey:
  stages:
    - id: visit
      name: Визит
      touchpoints: [{name: Корзина, chanel: site}]
"""


def sarif(run: Run) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(run.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)
    for result in document["runs"][0]["results"]:
        for location in result["locations"]:
            uri = location["physicalLocation"]["artifactLocation"].get("uri")
            assert uri is None or URI_REFERENCE.fullmatch(uri), uri
    return document


def gitlab(run: Run) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(run.stdout)
    jsonschema.Draft7Validator(GITLAB_CODE_QUALITY).validate(issues)
    return issues


def results_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = document["runs"][0]["results"]
    return results


def problems_of(cjm: Callable[..., Run], *args: str | Path) -> list[dict[str, Any]]:
    """Every problem as `--format json` reports it, in report order, with its file's path."""
    files = json.loads(cjm("validate", "-f", "json", *args).stdout)["files"]
    return [{"path": f["path"], **problem} for f in files for problem in f["problems"]]


def unescape_sarif(text: str) -> str:
    """SARIF plain text as a viewer shows it: doubled braces and backslash-escaped `[`, `]`, `\\` undone."""
    return re.sub(r"\\([\\\[\]])", r"\1", text.replace("{{", "{").replace("}}", "}"))


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a fresh folder, as CI works in the repository root."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_sarif_holds_one_run_with_a_result_for_every_problem(cjm: Callable[..., Run], in_tmp: Path) -> None:
    maps = [EXAMPLES / "invalid" / "unknown-references.yaml", EXAMPLES / "sales-system.yaml"]
    run = cjm("validate", "--format", "sarif", *maps)
    assert run.exit_code == 1
    document = sarif(run)
    assert document["version"] == "2.1.0"
    [only_run] = document["runs"]
    assert only_run["columnKind"] == "unicodeCodePoints"
    driver = only_run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("cjm", __version__)
    assert "informationUri" not in driver
    expected = problems_of(cjm, *maps)
    results = results_of(document)
    assert [(r["ruleId"], r["level"]) for r in results] == [(p["code"], p["severity"]) for p in expected]
    assert {"error", "warning"} <= {r["level"] for r in results}
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == sorted({p["code"] for p in expected})
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_rules_carry_the_rule_registry_s_words(cjm: Callable[..., Run], in_tmp: Path) -> None:
    rules = sarif(cjm("validate", "-f", "sarif", EXAMPLES / "sales-system.yaml"))["runs"][0]["tool"]["driver"]["rules"]
    assert rules, "the sales-system example is expected to have methodology warnings"
    for rule in rules:
        registered = BY_CODE[rule["id"]]
        assert rule["shortDescription"]["text"] == registered.summary
        assert rule["fullDescription"]["text"] == registered.rationale
        assert f"cjm rules {registered.code}" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] == "warning"
        assert rule["properties"]["tags"] == [registered.group]


def test_sarif_points_at_the_line_and_character_column_of_each_problem(cjm: Callable[..., Run], in_tmp: Path) -> None:
    path = in_tmp / "maps" / "карта клиента.yaml"
    path.parent.mkdir()
    path.write_text(BROKEN, encoding="utf-8")
    [result] = results_of(sarif(cjm("validate", "-f", "sarif", "maps")))
    location = result["locations"][0]["physicalLocation"]
    line = BROKEN.splitlines().index("      touchpoints: [{name: Корзина, chanel: site}]") + 1
    column = BROKEN.splitlines()[line - 1].index("chanel") + 1  # characters, not UTF-8 bytes or UTF-16 units
    assert location["region"] == {"startLine": line, "startColumn": column}
    assert result["ruleId"] == "unknown-key"
    uri = location["artifactLocation"]["uri"]
    assert uri == "maps/%D0%BA%D0%B0%D1%80%D1%82%D0%B0%20%D0%BA%D0%BB%D0%B8%D0%B5%D0%BD%D1%82%D0%B0.yaml"
    assert unquote(uri) == "maps/карта клиента.yaml"


def test_paths_are_relative_to_the_working_directory_however_they_are_named(
    cjm: Callable[..., Run], in_tmp: Path
) -> None:
    (in_tmp / "maps").mkdir()
    (in_tmp / "maps" / "a.yaml").write_text(BROKEN, encoding="utf-8")
    spellings = ["maps/a.yaml", "./maps/a.yaml", str(in_tmp / "maps" / "a.yaml"), "maps/../maps/a.yaml"]
    uris = {
        results_of(sarif(cjm("validate", "-f", "sarif", s)))[0]["locations"][0]["physicalLocation"]["artifactLocation"][
            "uri"
        ]
        for s in spellings
    }
    assert uris == {"maps/a.yaml"}
    issues = [gitlab(cjm("validate", "-f", "gitlab", s))[0] for s in spellings]
    assert {issue["location"]["path"] for issue in issues} == {"maps/a.yaml"}
    assert len({issue["fingerprint"] for issue in issues}) == 1


def test_a_map_outside_the_working_directory_gets_an_absolute_file_uri(
    cjm: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "elsewhere: maps" / "a.yaml"
    outside.parent.mkdir()
    outside.write_text(BROKEN, encoding="utf-8")
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    [result] = results_of(sarif(cjm("validate", "-f", "sarif", outside)))
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == outside.as_uri()
    assert uri.startswith("file:///") and "%3A%20maps" in uri
    assert gitlab(cjm("validate", "-f", "gitlab", outside))[0]["location"]["path"] == outside.as_posix()


def test_standard_input_has_a_position_but_no_file(cjm: Callable[..., Run], in_tmp: Path) -> None:
    [result] = results_of(sarif(cjm("validate", "-f", "sarif", "-", stdin=BROKEN)))
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"description": {"text": "standard input"}}
    assert location["region"]["startLine"] == 9
    [issue] = gitlab(cjm("validate", "-f", "gitlab", "-", stdin=BROKEN))
    assert issue["location"] == {"path": "<stdin>", "lines": {"begin": 9}}


@pytest.mark.parametrize("output_format", ["sarif", "gitlab"])
def test_valid_maps_give_a_valid_empty_report(cjm: Callable[..., Run], in_tmp: Path, output_format: str) -> None:
    (in_tmp / "map.yaml").write_text("cjm: 1\ntitle: Пусто\n", encoding="utf-8")
    run = cjm("validate", "-f", output_format, "map.yaml")
    assert run.exit_code == 0
    if output_format == "sarif":
        document = sarif(run)
        assert results_of(document) == []
        assert document["runs"][0]["tool"]["driver"]["rules"] == []
    else:
        assert gitlab(run) == []
    assert run.stderr == "checked 1 map: 1 valid\n"


def test_many_maps_give_the_same_bytes_every_time_and_distinct_fingerprints(
    cjm: Callable[..., Run], in_tmp: Path
) -> None:
    for n in range(30):
        folder = in_tmp / "maps" / f"team-{n % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"map-{n:02}.yaml").write_text(BROKEN + f"extra{n}: 1\n", encoding="utf-8")
    expected = problems_of(cjm, "maps")
    assert len(expected) == 60
    first, second = (cjm("validate", "-f", "sarif", "maps").stdout for _ in range(2))
    assert first == second
    results = results_of(sarif(cjm("validate", "-f", "sarif", "maps")))
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == [
        p["path"].replace("\\", "/") for p in expected
    ]
    first, second = (cjm("validate", "-f", "gitlab", "maps").stdout for _ in range(2))
    assert first == second
    issues = gitlab(cjm("validate", "-f", "gitlab", "maps"))
    assert len(issues) == 60
    assert len({issue["fingerprint"] for issue in issues}) == 60


def test_the_same_problem_twice_gets_two_fingerprints() -> None:
    problem = Problem("map.yaml", Position(3, 1), "error", "unknown-key", "unknown key 'x'")
    issues = gitlab_document([Checked("map.yaml", problems=[problem, problem])])
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_errors_are_major_and_warnings_minor_in_gitlab(cjm: Callable[..., Run], in_tmp: Path) -> None:
    maps = [EXAMPLES / "invalid" / "unknown-references.yaml", EXAMPLES / "sales-system.yaml"]
    issues = gitlab(cjm("validate", "-f", "gitlab", *maps))
    expected = problems_of(cjm, *maps)
    assert [issue["severity"] for issue in issues] == [
        {"error": "major", "warning": "minor"}[p["severity"]] for p in expected
    ]
    assert {"major", "minor"} <= {issue["severity"] for issue in issues}
    assert [issue["check_name"] for issue in issues] == [p["code"] for p in expected]
    assert [issue["location"]["lines"]["begin"] for issue in issues] == [p["line"] for p in expected]


# A key is reported in the message as written: escape sequences, a Markdown link, a SARIF placeholder, a
# right-to-left override, a newline and a workflow command, next to Cyrillic.
HOSTILE = 'cjm: 1\ntitle: Карта\n"\\e[2J[x](https://e.vil){0}\\u202e\\n::error::": 1\n'


@pytest.mark.parametrize("output_format", ["sarif", "gitlab"])
def test_user_text_cannot_break_the_document_or_forge_what_a_reader_sees(
    cjm: Callable[..., Run], in_tmp: Path, output_format: str
) -> None:
    (in_tmp / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    run = cjm("validate", "-f", output_format, "hostile.yaml")
    assert run.exit_code == 1
    assert run.stdout.isascii()  # the same bytes whatever the locale; Cyrillic comes as \u escapes
    [raw] = problems_of(cjm, "hostile.yaml")
    assert "\x1b" in raw["message"]
    if output_format == "sarif":
        [result] = results_of(sarif(run))
        text = result["message"]["text"]
        # No link and no placeholder for a viewer to fill in: brackets escaped, braces doubled.
        assert "\\[x\\](https://e.vil){{0}}" in text
        shown = unescape_sarif(text)
    else:
        [issue] = gitlab(run)
        shown = issue["description"]
    assert not UNSAFE.search(shown)
    assert shown == f"unknown key '\\x1b[2J[x](https://e.vil){{0}}\\u202e\\n::error::' (hint: {raw['hint']})"


def test_problems_go_to_standard_output_and_the_summary_to_standard_error(
    cjm: Callable[..., Run], in_tmp: Path
) -> None:
    (in_tmp / "map.yaml").write_text(BROKEN, encoding="utf-8")
    for output_format in ("sarif", "gitlab"):
        run = cjm("validate", "-f", output_format, "map.yaml")
        json.loads(run.stdout)
        assert run.stderr == "checked 1 map: 0 valid, 1 error\n"


def test_a_line_added_above_a_problem_keeps_its_gitlab_fingerprint() -> None:
    before = Problem("map.yaml", Position(3, 1), "warning", "stage-no-kpi", "stage 'A' has no KPI")
    after = Problem("map.yaml", Position(4, 1), "warning", "stage-no-kpi", "stage 'A' has no KPI")
    [old] = gitlab_document([Checked("map.yaml", problems=[before])])
    [new] = gitlab_document([Checked("map.yaml", problems=[after])])
    assert old["fingerprint"] == new["fingerprint"]
    assert (old["location"]["lines"]["begin"], new["location"]["lines"]["begin"]) == (3, 4)
