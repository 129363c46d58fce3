"""`cjm export issues --to jira|gitlab|github`: one issue per opportunity still to do and not yet in a tracker,
in the order of the plan, read back the way each tracker documents its import (tests/fixtures/issues/README.md):
Jira's CSV importer, GitLab's issue CSV import, and a shell script of GitHub CLI commands run against a
stand-in `gh` that records what it was asked to do."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT, Run

Cjm = Callable[..., Run]
WriteMap = Callable[..., Path]

FIXTURES = ROOT / "tests" / "fixtures" / "issues"
B2C = EXAMPLES / "b2c-running-shoes.yaml"
LINK_BASE = "https://github.com/pacelab/maps/blob/main/"
SUFFIXES = {"jira": "jira.csv", "gitlab": "gitlab.csv", "github": "github.sh"}


def export(cjm: Cjm, tracker: str, path: Path, *more: str | Path) -> str:
    result = cjm("export", "issues", "--to", tracker, path, *more)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def open_items(cjm: Cjm, path: Path) -> list[dict[str, Any]]:
    """The opportunities the plan lists as still to do, in its order, without those already in a tracker."""
    items: list[dict[str, Any]] = json.loads(cjm("plan", "-f", "json", path).stdout)["items"]
    return [item for item in items if item["ticket"] is None]


# --- Jira ---------------------------------------------------------------------------------------------------------


def jira_import(data: bytes) -> list[dict[str, list[str]]]:
    """Read a CSV file as Jira's CSV importer documents it: UTF-8 (the importer's default encoding), a header
    row naming the fields with a Summary column and no punctuation, commas that are never left out, quoted
    fields spanning lines, and a field with several values written as several columns of the same name."""
    text = data.decode("utf-8")  # strict: a wrong byte fails here as it would in the importer
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=","))
    header, body = rows[0], rows[1:]
    assert "Summary" in header, "the importer needs a Summary column (a byte-order mark would hide it)"
    for name in header:
        assert re.fullmatch(r"[A-Za-z ]+", name), f"punctuation in the header: {name!r}"
    issues = []
    for row in body:
        assert len(row) == len(header), "a row must keep every comma, empty fields too"
        fields: dict[str, list[str]] = {}
        for name, value in zip(header, row, strict=True):
            fields.setdefault(name, [])
            if value:
                fields[name].append(value)
        issues.append(fields)
    return issues


def test_jira_imports_one_issue_per_open_opportunity_in_plan_order(
    cjm: Cjm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the link back is the map's path, as given, after the link base
    out = tmp_path / "issues.csv"
    relative = "examples/b2c-running-shoes.yaml"
    assert cjm("export", "issues", "--to", "jira", relative, "-o", out, "--link-base", LINK_BASE).exit_code == 0
    issues = jira_import(out.read_bytes())
    expected = open_items(cjm, B2C)
    assert [issue["Summary"] for issue in issues] == [[item["text"]] for item in expected]
    for issue, item in zip(issues, expected, strict=True):
        assert issue["Issue Type"] == ["Task"]
        assert issue["Status"] == ["In Progress" if item["status"] == "in-progress" else "To Do"]
        assert issue["Labels"] == [
            "cjm",
            f"stage:{item['stage_id']}",
            *(f"persona:{p['id']}" for p in item["personas"]),
        ]
        assert all(" " not in label for label in issue["Labels"])
        if item["due"]:
            [due] = issue["Due Date"]
            assert datetime.strptime(due, "%Y-%m-%d").date().isoformat() == item["due"]  # the format `yyyy-MM-dd`
        assert issue["Component"] == ([item["owner"]] if item["owner"] else [])
        [description] = issue["Description"]
        assert f"{LINK_BASE}examples/b2c-running-shoes.yaml#L{item['line']}" in description
        assert f"Stage: {item['stage']}" in description
        for pain in item["fixes"]:
            assert pain["text"] in description


def test_jira_gets_the_pains_kpis_and_score_in_the_description(cjm: Cjm) -> None:
    issues = jira_import(export(cjm, "jira", B2C).encode("utf-8"))
    [item] = [i for i in open_items(cjm, B2C) if i["id"] == "delivery_window_sms"]
    [sms] = [issue for issue in issues if issue["Summary"] == [item["text"]]]
    assert sms["Due Date"] == ["2027-03-15"]
    assert sms["Description"][0].splitlines() == [
        f"Map: PaceLab: buying running shoes online (current state) — {B2C}:{item['line']} "
        "(journey.stages\\[retention\\].opportunities\\[delivery_window_sms\\])",
        "Stage: Delivery and first runs",
        "Owner: Warehouse and delivery",
        "Status: planned",
        "Due: 2027-03-15",
        "Fixes:",
        '- Tracking updates once a day; "in transit" for two days with no estimate — Evidence: 1, observed',
        "Score: RICE 1600",
    ]


def test_what_is_done_dropped_or_already_in_a_tracker_is_not_exported_again(cjm: Cjm) -> None:
    summaries = [issue["Summary"][0] for issue in jira_import(export(cjm, "jira", B2C).encode("utf-8"))]
    assert not any("delivery cost" in s for s in summaries)  # in progress, with a ticket
    assert not any("30-day returns" in s for s in summaries)  # done
    assert not any("gait analysis" in s for s in summaries)  # dropped


def test_the_maps_markup_stays_text_in_every_tracker(cjm: Cjm, write_map: WriteMap) -> None:
    text = """\
cjm: 1
title: Shop
journey:
  stages:
    - id: s
      name: S
      pains: [{id: p, text: "/close [x|https://evil.example] !https://evil.example/p.png! {code} @team"}]
      opportunities:
        - {text: "/label ~bug Fix it", fixes: [p]}
"""
    path = write_map(text)
    [jira] = jira_import(export(cjm, "jira", path).encode("utf-8"))
    assert "\\[x\\|https://evil.example\\] \\!https://evil.example/p.png\\! \\{code\\}" in jira["Description"][0]
    for tracker in ("gitlab", "github"):
        out = export(cjm, tracker, path)
        assert "\\[x\\|https://evil.example\\]" in out and "\\@team" in out
    [gitlab] = list(csv.DictReader(io.StringIO(export(cjm, "gitlab", path))))
    for line in gitlab["description"].splitlines():  # a line starting with / would run as a quick action
        assert not line.startswith("/"), line
    assert gitlab["title"] == "/label ~bug Fix it"  # a title is never a quick action


def test_a_long_opportunity_is_cut_to_a_summary_and_kept_whole_in_the_description(
    cjm: Cjm, write_map: WriteMap
) -> None:
    long = "Word " * 120
    path = write_map(f"cjm: 1\ntitle: T\njourney: {{stages: [{{id: s, name: S, opportunities: ['{long}']}}]}}\n")
    [issue] = jira_import(export(cjm, "jira", path).encode("utf-8"))
    assert len(issue["Summary"][0]) == 255 and issue["Summary"][0].endswith("…")
    assert issue["Description"][0].startswith("Opportunity: " + long.strip())


# --- GitLab -------------------------------------------------------------------------------------------------------


def gitlab_import(data: bytes) -> list[dict[str, str]]:
    """Read a CSV file as GitLab's issue import documents it: a header with `title` and `description` (any
    case), the separator detected from the header (comma, semicolon or tab), `due_date` as YYYY-MM-DD, other
    columns ignored, at most 10 MB."""
    assert len(data) <= 10 * 1024 * 1024
    text = data.decode("utf-8")
    header_line = text.split("\r\n", 1)[0]
    separator = next(s for s in (",", ";", "\t") if s in header_line)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    header = [name.lower() for name in rows[0]]
    assert {"title", "description"} <= set(header)
    issues = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    for issue in issues:
        assert issue["title"]
        if issue.get("due_date"):
            datetime.strptime(issue["due_date"], "%Y-%m-%d")
    return issues


def test_gitlab_imports_titles_descriptions_and_due_dates(cjm: Cjm) -> None:
    issues = gitlab_import(export(cjm, "gitlab", B2C, "--link-base", LINK_BASE).encode("utf-8"))
    expected = open_items(cjm, B2C)
    assert [(i["title"], i["due_date"]) for i in issues] == [(e["text"], e["due"] or "") for e in expected]
    finder = issues[[e["id"] for e in expected].index("shoe_finder")]["description"]
    assert finder.splitlines()[1:4] == [
        "**Stage:** Consideration",
        "**Personas:** Anna, the new runner",
        "**Owner:** Site and e-commerce",
    ]
    assert "**Hypothesis:** Beginners who answer six plain questions add a pair to the cart" in finder


def test_russian_maps_get_russian_descriptions(cjm: Cjm) -> None:
    issues = gitlab_import(export(cjm, "gitlab", EXAMPLES / "b2b-blueprint.yaml").encode("utf-8"))
    first = issues[0]["description"]
    assert first.startswith("**Карта:** ПромВоздух: закупка и обслуживание компрессорной станции — ")
    assert "**Ответственный:** Инженерно-технический отдел" in first
    assert "**Оценка:** ICE 432" in first


# --- GitHub -------------------------------------------------------------------------------------------------------

FAKE_GH = """\
#!{python}
import json, os, sys
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(sys.argv[1:], ensure_ascii=False) + "\\n")
"""


def run_script(script: str, tmp_path: Path) -> list[list[str]]:
    """Run the script with `sh` as its comment says, a stand-in `gh` first on PATH; the commands it ran."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IXUSR)
    (tmp_path / "issues.sh").write_text(script, encoding="utf-8")
    log = tmp_path / "gh.log"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "GH_LOG": str(log)}
    result = subprocess.run(["sh", "issues.sh", "pacelab/maps"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_the_github_script_creates_the_labels_then_the_issues(cjm: Cjm, tmp_path: Path) -> None:
    commands = run_script(export(cjm, "github", B2C), tmp_path)
    labels = [c for c in commands if c[:2] == ["label", "create"]]
    created = [c for c in commands if c[:2] == ["issue", "create"]]
    assert commands == labels + created
    assert {c[2] for c in labels} >= {"cjm", "stage:decision", "persona:beginner"}
    assert all(c[3:] == ["--repo", "pacelab/maps", "--color", "0e8a16", "--force"] for c in labels)
    expected = open_items(cjm, B2C)
    assert [c[c.index("--title") + 1] for c in created] == [e["text"] for e in expected]
    assert all(c[c.index("--repo") + 1] == "pacelab/maps" for c in created)


def test_nothing_in_a_map_runs_in_the_github_script(cjm: Cjm, write_map: WriteMap, tmp_path: Path) -> None:
    hostile = 'It\'s $(touch pwned) `touch pwned2` "quoted" ; rm -rf x & \\n done'
    path = write_map(
        f"cjm: 1\ntitle: T\njourney: {{stages: [{{id: s, name: S, opportunities: [{json.dumps(hostile)}]}}]}}\n"
    )
    [command] = [c for c in run_script(export(cjm, "github", path), tmp_path) if c[:2] == ["issue", "create"]]
    assert command[command.index("--title") + 1] == hostile
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()


# --- the command --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tracker", list(SUFFIXES))
def test_export_of_the_b2c_example_matches_its_fixture(
    cjm: Cjm, tracker: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    relative = "examples/b2c-running-shoes.yaml"
    assert cjm("export", "issues", "--to", tracker, relative, "-o", out, "--link-base", LINK_BASE).exit_code == 0
    fixture = FIXTURES / f"b2c-running-shoes.{SUFFIXES[tracker]}"
    if request.config.getoption("--update-goldens"):
        fixture.write_bytes(out.read_bytes())
    assert out.read_bytes() == fixture.read_bytes(), "if intended: pytest --update-goldens"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["issues", str(B2C)], "export issues needs --to with one of: jira, gitlab, github"),
        (["csv", str(B2C), "--to", "jira"], "--to and --link-base go with `cjm export issues`"),
        (["issues", str(B2C), "--to", "jira", "--link-base", "javascript:alert(1)"], "--link-base: a link must"),
        (["issues", str(B2C), "--to", "jira", "--link-base", "/maps/"], "--link-base: give the web address"),
    ],
)
def test_usage_errors(cjm: Cjm, arguments: list[str], message: str) -> None:
    result = cjm("export", *arguments)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_map_with_nothing_to_do_says_so_and_writes_only_the_header(cjm: Cjm, write_map: WriteMap) -> None:
    path = write_map(
        "cjm: 1\ntitle: T\njourney: {stages: [{id: s, name: S, opportunities: [{text: X, status: done}]}]}\n"
    )
    result = cjm("export", "issues", "--to", "jira", path)
    assert result.exit_code == 0
    assert "warning no-issues" in result.stderr
    assert jira_import(result.stdout.encode("utf-8")) == []
