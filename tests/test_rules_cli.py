"""Choosing rules from the command line and `.cjm.yaml`, `--strict`, and `cjm rules`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Run

# Valid, with two warnings: the stage has no owner and no KPI.
MAP = """\
cjm: 1
title: T
journey:
  stages:
    - id: a
      name: A
      touchpoints: [{name: Site}]
"""


def codes(run: Run) -> list[str]:
    return [line.split()[2] for line in run.stdout.splitlines() if " warning " in line or " error " in line]


def test_warnings_are_reported_and_do_not_fail_by_default(
    write_map: Callable[..., Path], cjm: Callable[..., Run]
) -> None:
    path = write_map(MAP)
    run = cjm("validate", path)
    assert run.exit_code == 0
    assert run.stdout.splitlines() == [
        f"{path}:5:7: warning stage-no-kpi stage 'A' has no KPI",
        "    hint: add `kpis:` with a metric, e.g. `- {name: Conversion, target: 30, unit: '%'}`",
        f"{path}:5:7: warning stage-no-owner stage 'A' has no owner",
        "    hint: list the teams under `departments:` and give the stage an `owner:`",
    ]
    assert run.stderr == "checked 1 map: 1 valid, 2 warnings\n"


def test_strict_makes_warnings_fail(write_map: Callable[..., Path], cjm: Callable[..., Run]) -> None:
    path = write_map(MAP)
    run = cjm("validate", "--strict", path)
    assert run.exit_code == 1
    assert "strict: warnings fail the check (1 map)" in run.stderr
    assert cjm("validate", "--strict", "--ignore", "stage-no-kpi,stage-no-owner", path).exit_code == 0


def test_select_and_ignore_take_codes_and_groups(write_map: Callable[..., Path], cjm: Callable[..., Run]) -> None:
    path = write_map(MAP)
    assert codes(cjm("validate", "--select", "stage-no-kpi", path)) == ["stage-no-kpi"]
    assert codes(cjm("validate", "--select", "funnel", "--select", "site", path)) == []
    assert codes(cjm("validate", "--ignore", "journey", path)) == []
    assert codes(cjm("validate", "--select", "all", "--ignore", "stage-no-owner", path)) == ["stage-no-kpi"]


def test_unknown_rule_on_the_command_line_is_a_usage_error(
    write_map: Callable[..., Path], cjm: Callable[..., Run]
) -> None:
    run = cjm("validate", "--ignore", "stage-no-kip", write_map(MAP))
    assert run.exit_code == 2
    assert run.stderr == "cjm: error: --ignore: unknown rule 'stage-no-kip' (did you mean 'stage-no-kpi'?)\n"
    assert run.stdout == ""


def test_nearest_config_applies_and_the_command_line_adds_to_it(
    tmp_path: Path, write_map: Callable[..., Path], cjm: Callable[..., Run]
) -> None:
    (tmp_path / ".git").mkdir()  # the top of the repository: no settings above it are read
    (tmp_path / ".cjm.yaml").write_text("ignore: [stage-no-owner]\nstrict: true\n", encoding="utf-8")
    top = write_map(MAP, "top.yaml")
    nested = write_map(MAP, "team/map.yaml")
    (tmp_path / "team" / ".cjm.yaml").write_text("select: [stage-no-owner]\n", encoding="utf-8")
    run = cjm("validate", top)
    assert (codes(run), run.exit_code) == (["stage-no-kpi"], 1)  # strict from the file
    run = cjm("validate", nested)
    assert (codes(run), run.exit_code) == (["stage-no-owner"], 0)  # the nearest file only
    run = cjm("validate", "--no-strict", "--ignore", "stage-no-kpi", top)
    assert (codes(run), run.exit_code) == ([], 0)
    run = cjm("validate", "--config", tmp_path / "team" / ".cjm.yaml", top)
    assert codes(run) == ["stage-no-owner"]


def test_settings_above_the_repository_are_not_read(tmp_path: Path, cjm: Callable[..., Run]) -> None:
    (tmp_path / ".cjm.yaml").write_text("ignore: [all]\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "map.yaml").write_text(MAP, encoding="utf-8")
    assert codes(cjm("validate", repo / "map.yaml")) == ["stage-no-kpi", "stage-no-owner"]


def test_outside_a_repository_settings_above_the_current_folder_are_not_read(
    tmp_path: Path, cjm: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Protects against a `.cjm.yaml` in any folder above (`/tmp`, a home folder, `/`), outside a git
    repository, changing which rules run."""
    (tmp_path / ".cjm.yaml").write_text("ignore: [all]\n", encoding="utf-8")
    project = tmp_path / "project"
    (project / "maps").mkdir(parents=True)
    (project / "maps" / "map.yaml").write_text(MAP, encoding="utf-8")
    monkeypatch.chdir(project)
    assert codes(cjm("validate", "maps/map.yaml")) == ["stage-no-kpi", "stage-no-owner"]
    assert codes(cjm("validate", "-", stdin=MAP)) == ["stage-no-kpi", "stage-no-owner"]
    (project / ".cjm.yaml").write_text("ignore: [stage-no-owner]\n", encoding="utf-8")
    assert codes(cjm("validate", "maps/map.yaml")) == ["stage-no-kpi"]  # the folder cjm runs in, and below
    monkeypatch.chdir(project / "maps")
    assert codes(cjm("validate", "map.yaml")) == ["stage-no-kpi", "stage-no-owner"]
    monkeypatch.chdir(tmp_path / "project" / "maps")
    other = tmp_path / "other"
    other.mkdir()
    (other / "map.yaml").write_text(MAP, encoding="utf-8")
    assert codes(cjm("validate", other / "map.yaml")) == ["stage-no-kpi", "stage-no-owner"]  # only its folder


def test_a_broken_config_is_reported_at_its_line(tmp_path: Path, cjm: Callable[..., Run]) -> None:
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".cjm.yaml"
    config.write_text("select: [journey]\nignroe: [stage-no-kpi]\nstrict: yes please\n", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    run = cjm("validate", tmp_path / "map.yaml")
    assert run.exit_code == 1
    assert f"{config}:2:1: error config unknown setting 'ignroe'" in run.stdout
    assert "    hint: did you mean 'ignore'?" in run.stdout
    assert f"{config}:3:9: error config `strict` is true or false" in run.stdout
    config.write_text("ignore: [stage-no-kip]\n", encoding="utf-8")
    run = cjm("validate", tmp_path / "map.yaml")
    assert (
        f"{config}:1:10: error config no rule or group is called 'stage-no-kip'\n    hint: did you mean 'stage-no-kpi'?"
        in run.stdout
    )


def test_config_given_on_the_command_line_must_exist(write_map: Callable[..., Path], cjm: Callable[..., Run]) -> None:
    run = cjm("validate", "--config", "nowhere.yaml", write_map(MAP))
    assert (run.exit_code, run.stderr) == (2, "cjm: error: --config: nowhere.yaml is not a file\n")


def test_json_report_carries_warnings(write_map: Callable[..., Path], cjm: Callable[..., Run]) -> None:
    run = cjm("validate", "--format", "json", write_map(MAP))
    [file] = json.loads(run.stdout)["files"]
    assert file["valid"] is True
    assert [(p["severity"], p["code"], p["line"], p["column"]) for p in file["problems"]] == [
        ("warning", "stage-no-kpi", 5, 7),
        ("warning", "stage-no-owner", 5, 7),
    ]


def test_render_follows_the_settings_too(tmp_path: Path, cjm: Callable[..., Run]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cjm.yaml").write_text("ignore: [stage-no-owner]\n", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    run = cjm("render", "-f", "html", tmp_path / "map.yaml")
    assert run.exit_code == 0, run.stderr
    assert "stage-no-kpi" in run.stdout and "stage-no-owner" not in run.stdout
    assert (tmp_path / "map.html").is_file()


def test_rules_lists_every_rule_grouped(cjm: Callable[..., Run]) -> None:
    run = cjm("rules")
    assert run.exit_code == 0
    assert "journey: Journey grid" in run.stdout
    assert "  stage-no-kpi" in run.stdout and "twin-stages-differ" in run.stdout


def test_rules_explains_the_rules_asked_for(cjm: Callable[..., Run]) -> None:
    run = cjm("rules", "stage-no-kpi")
    assert run.exit_code == 0
    assert run.stdout.splitlines()[:2] == [
        "journey: Journey grid",
        "  stage-no-kpi  a journey stage has no KPI",
    ]
    assert "What is not measured cannot be managed" in run.stdout
    run = cjm("rules", "stage-no-kip")
    assert (run.exit_code, run.stderr) == (
        2,
        "cjm: error: unknown rule 'stage-no-kip' (did you mean 'stage-no-kpi'?)\n",
    )


def test_rules_as_json(cjm: Callable[..., Run]) -> None:
    rules = json.loads(cjm("rules", "--format", "json").stdout)
    assert {"code", "group", "summary", "rationale", "not_in"} == set(rules[0])
    assert len({rule["code"] for rule in rules}) == len(rules) >= 19


def test_rules_page_of_the_docs_is_current(cjm: Callable[..., Run]) -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == cjm("rules", "--format", "markdown").stdout, "run: cjm rules --format markdown > docs/rules.md"


def test_a_broken_config_is_reported_once_and_does_not_stop_a_render(tmp_path: Path, cjm: Callable[..., Run]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cjm.yaml").write_text("strict: yes\n", encoding="utf-8")
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(MAP, encoding="utf-8")
    run = cjm("validate", tmp_path / "a.yaml", tmp_path / "b.yaml")
    assert run.exit_code == 1
    assert run.stdout.count("error config `strict` is true or false") == 1
    assert run.stdout.index("error config") < run.stdout.index("a.yaml:5:7")
    assert run.stderr == "checked 2 maps: 2 valid, 4 warnings; 1 settings file with errors\n"
    run = cjm("render", "-f", "html", tmp_path / "a.yaml", tmp_path / "b.yaml")
    assert run.exit_code == 1 and run.stdout.count("error config") == 1
    assert (tmp_path / "a.html").is_file() and (tmp_path / "b.html").is_file()


def test_an_empty_config_means_the_defaults(tmp_path: Path, cjm: Callable[..., Run]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cjm.yaml").write_text("# nothing chosen yet\n", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    run = cjm("validate", tmp_path / "map.yaml")
    assert (run.exit_code, codes(run)) == (0, ["stage-no-kpi", "stage-no-owner"])
    (tmp_path / ".cjm.yaml").write_text("- ignore\n", encoding="utf-8")
    run = cjm("validate", tmp_path / "map.yaml")
    assert "error config the settings are `key: value` lines: select, ignore, strict, stale_after_days" in run.stdout


def test_an_empty_select_is_a_usage_error(write_map: Callable[..., Path], cjm: Callable[..., Run]) -> None:
    run = cjm("validate", "--select", "", write_map(MAP))
    assert (run.exit_code, run.stderr) == (
        2,
        "cjm: error: --select: name at least one rule or group (`cjm rules` lists them)\n",
    )


def test_a_settings_list_of_one_is_still_written_as_a_list(tmp_path: Path, cjm: Callable[..., Run]) -> None:
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".cjm.yaml"
    config.write_text("ignore: stage-no-kpi\n", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    run = cjm("validate", tmp_path / "map.yaml")
    assert run.exit_code == 1
    assert f"{config}:1:9: error config `ignore` is a list of rule codes or groups\n" in run.stdout
    assert "    hint: write `ignore: [stage-no-kpi]`\n" in run.stdout


def test_hostile_names_in_warnings_forge_no_line_or_escape(
    write_map: Callable[..., Path], cjm: Callable[..., Run]
) -> None:
    # (An escape character is no longer possible here: a control character in a text is an error of its own.)
    hostile = MAP.replace("name: A", 'name: "A\\n::error file=x::forged\\u200f\\u202e"')
    run = cjm("validate", write_map(hostile))
    assert run.exit_code == 0
    assert "\u200f" not in run.stdout and "\u202e" not in run.stdout
    assert not any(line.startswith("::error") for line in run.stdout.splitlines())
    assert "stage 'A\\n::error file=x::forged\\u200f\\u202e' has no KPI" in run.stdout
    run = cjm("validate", "--format", "github", write_map(hostile))
    assert len(run.stdout.splitlines()) == 2  # one workflow command per warning
