"""The command line end to end: exit codes, output formats, standard input, help, version, schema."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cjm_cli import __version__
from cjm_cli.api import check_file
from cjm_cli.reports.problems import report
from conftest import MINIMAL, ROOT, Run

BROKEN = "cjm: 1\ntitle: M\nlang: fr\nstagez: 1\n"


def test_valid_map_exits_0_and_says_valid(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map(MINIMAL)
    run = cjm("validate", path)
    assert run.exit_code == 0
    assert run.stdout == f"{path}: valid\n"
    assert "checked 1 map: 1 valid" in run.stderr


def test_problems_exit_1_with_path_line_col_severity_code_message(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    path = write_map(BROKEN)
    run = cjm("validate", "--format", "text", path)
    assert run.exit_code == 1
    assert run.stdout.splitlines() == [
        f"{path}:3:7: error value the text 'fr' is not allowed for 'lang'",
        "    hint: one of: ru, en",
        f"{path}:4:1: error unknown-key unknown key 'stagez'",
        "    hint: did you mean 'site'?",
    ]
    assert "2 errors" in run.stderr


def test_many_files_and_directories_in_one_run(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    good = write_map(MINIMAL, "maps/good.yaml")
    bad = write_map(BROKEN, "maps/sub/bad.yml")
    write_map("on: push\n", "maps/.github/ci.yml")
    run = cjm("validate", good.parent)
    assert run.exit_code == 1
    assert f"{good}: valid" in run.stdout and f"{bad}:3:7:" in run.stdout
    assert "checked 2 maps: 1 valid, 2 errors" in run.stderr


def test_standard_input(cjm: Callable[..., Run]) -> None:
    run = cjm("validate", "-", stdin=BROKEN)
    assert run.exit_code == 1
    assert run.stdout.startswith("<stdin>:3:7: error value")
    assert cjm("validate", "-", stdin=MINIMAL).exit_code == 0


def test_missing_file_is_a_problem(cjm: Callable[..., Run], tmp_path: Path) -> None:
    run = cjm("validate", tmp_path / "nope.yaml")
    assert run.exit_code == 1
    assert run.stdout.startswith(f"{tmp_path / 'nope.yaml'}:1:1: error io no such file")


def test_usage_errors_exit_2(cjm: Callable[..., Run], tmp_path: Path) -> None:
    assert cjm("validate").exit_code == 2
    assert cjm("validate", "--format", "xml", "x.yaml").exit_code == 2
    assert cjm("nonsense").exit_code == 2
    run = cjm("validate", tmp_path)
    assert run.exit_code == 2
    assert "no map files found" in run.stderr


def test_json_format_is_one_document(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    good, bad = write_map(MINIMAL, "good.yaml"), write_map(BROKEN, "bad.yaml")
    run = cjm("validate", "--format", "json", good, bad)
    assert run.exit_code == 1
    report = json.loads(run.stdout)
    assert report["summary"] == {"files": 2, "valid": 1, "errors": 2, "warnings": 0}
    assert [f["valid"] for f in report["files"]] == [True, False]
    first = report["files"][1]["problems"][0]
    assert first == {
        "line": 3,
        "column": 7,
        "severity": "error",
        "code": "value",
        "message": "the text 'fr' is not allowed for 'lang'",
        "hint": "one of: ru, en",
    }


def test_github_format_escapes_percent_newlines_colons_and_commas(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    path = write_map('cjm: 1\ntitle: M\n"a,b:%\\n::error::x": 1\n', "we,ird:name.yaml")
    run = cjm("validate", "--format", "github", path)
    assert run.exit_code == 1
    [line] = run.stdout.splitlines()
    escaped_path = str(path).replace(",", "%2C").replace(":", "%3A")
    assert line.startswith(f"::error file={escaped_path},line=3,col=1,title=cjm unknown-key::")
    assert "unknown key 'a,b:%25%0A::error::x'" in line


def test_auto_format_uses_github_annotations_under_github_actions(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    run = cjm("validate", write_map(BROKEN), env={"GITHUB_ACTIONS": "true"})
    assert run.stdout.startswith("::error file=")


def test_terminal_escapes_in_user_text_are_not_passed_through(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    path = write_map('cjm: 1\ntitle: M\n"\\e[31mred\\e]0;pwned\\a": 1\n')
    run = cjm("validate", "--format", "text", path)
    assert run.exit_code == 1
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout
    assert "\\x1b[31mred" in run.stdout


def test_version(cjm: Callable[..., Run]) -> None:
    run = cjm("--version")
    assert (run.exit_code, run.stdout) == (0, f"cjm {__version__}\n")


def test_help_documents_exit_codes(cjm: Callable[..., Run]) -> None:
    for args in (["--help"], ["validate", "--help"]):
        run = cjm(*args)
        assert run.exit_code == 0
        assert "Exit codes: 0" in run.stdout and "2 usage error" in run.stdout


def test_schema_to_stdout_and_to_a_file(cjm: Callable[..., Run], tmp_path: Path) -> None:
    printed = cjm("schema")
    assert printed.exit_code == 0
    assert json.loads(printed.stdout)["title"] == "cjm map, format 1"
    target = tmp_path / "new" / "cjm.schema.json"
    assert cjm("schema", "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8") == printed.stdout


def test_schema_to_an_unwritable_place_exits_3(cjm: Callable[..., Run], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    run = cjm("schema", "-o", blocker / "schema.json")
    assert run.exit_code == 3
    assert run.stderr.startswith("cjm: error: cannot write")
    assert "Traceback" not in run.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX console script")
def test_installed_console_script_runs_as_a_subprocess(write_map: Callable[..., Path]) -> None:
    cjm_script = Path(sys.executable).with_name("cjm")
    path = write_map(BROKEN)
    completed = subprocess.run(
        [str(cjm_script), "validate", "--format", "text", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "GITHUB_ACTIONS": ""},
        cwd=ROOT,
    )
    assert completed.returncode == 1
    assert f"{path}:3:7: error value" in completed.stdout
    assert "Traceback" not in completed.stderr


def test_user_text_cannot_forge_report_lines(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    forged = '"evil\\nm.yaml:1:1: error fake\\n::error file=x::pwned\\u202e\\u2028": 1'
    path = write_map(f"cjm: 1\ntitle: M\n{forged}\n")
    for output_format in ("text", "github"):
        run = cjm("validate", "--format", output_format, path)
        lines = run.stdout.splitlines()
        assert [line for line in lines if not line.startswith("    hint:")] == [lines[0]]
        assert "\u202e" not in run.stdout and "\u2028" not in run.stdout
    assert "\\u202e" in cjm("validate", "--format", "text", path).stdout


def test_escape_characters_in_github_annotations_are_shown_escaped(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    run = cjm("validate", "--format", "github", write_map('cjm: 1\ntitle: M\n"\\e[2Jx\\a": 1\n'))
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout
    assert "\\x1b[2Jx\\x07" in run.stdout


def test_schema_refuses_a_symlink_and_what_is_not_a_file(cjm: Callable[..., Run], tmp_path: Path) -> None:
    target, link = tmp_path / "real.json", tmp_path / "link.json"
    link.symlink_to(target)
    run = cjm("schema", "-o", link)
    assert run.exit_code == 3
    assert f"{link}:1:1: error output-link this is a symbolic link (to {target})" in run.stderr
    assert link.is_symlink() and not target.exists()
    run = cjm("schema", "-o", tmp_path)
    assert run.exit_code == 2 and "not a regular file" in run.stderr
    assert json.loads(cjm("schema", "-o", "-").stdout)
    assert not (Path.cwd() / "-").exists()


def test_a_terminal_that_cannot_show_cyrillic_gets_escapes_not_a_traceback(write_map: Callable[..., Path]) -> None:
    path = write_map("cjm: 1\ntitle: Карта\nзаголовок: x\n")
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("cjm")), "validate", "--format", "text", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "ascii", "GITHUB_ACTIONS": ""},
    )
    assert completed.returncode == 1
    assert "unknown key '\\u0437" in completed.stdout
    assert "Traceback" not in completed.stderr


def test_file_names_with_spaces_cyrillic_and_colons(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map(BROKEN, "карты и схемы/map: v2.yaml")
    run = cjm("validate", "--format", "text", path.parent)
    assert run.exit_code == 1
    assert run.stdout.startswith(f"{path}:3:7: error value")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_auto_format_colours_a_terminal_unless_no_color(
    write_map: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    results = [check_file(str(write_map(BROKEN)))]
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = _Terminal()
    report(results, "auto", terminal)
    assert "\x1b[31merror\x1b[0m" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _Terminal()
    report(results, "auto", plain)
    assert "\x1b[" not in plain.getvalue() and ": error value" in plain.getvalue()


def test_schema_to_an_impossible_name_is_a_usage_error_not_a_traceback(cjm: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / ("a" * 300 + ".json")
    run = cjm("schema", "-o", target)
    assert run.exit_code == 2
    assert run.stderr.startswith("cjm: error: cannot write ") and run.stderr.endswith("File name too long\n")
    assert list(tmp_path.iterdir()) == []
