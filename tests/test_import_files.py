"""The file to import, whatever it is: encodings, binary and empty files, huge files, standard input, paths that
are not files; and where the map goes: standard output, a file written atomically, never over the input."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest

from cjm_cli.core.read import MAX_BYTES
from conftest import ROOT, Run

FIXTURES = ROOT / "tests" / "fixtures" / "import"
STATUSES = FIXTURES / "bitrix24" / "statuses.json"
JOURNEY = FIXTURES / "mermaid" / "journey.mmd"


def test_utf16_with_a_byte_order_mark_is_read_for_every_kind(cjm: Callable[..., Run], tmp_path: Path) -> None:
    # Windows PowerShell's `>` writes UTF-16LE with a mark; the Editor writes the same.
    path = tmp_path / "statuses.json"
    path.write_bytes(codecs.BOM_UTF16_LE + STATUSES.read_text(encoding="utf-8").encode("utf-16-le"))
    assert cjm("import", "bitrix24", path).stdout == cjm("import", "bitrix24", STATUSES).stdout


def test_utf8_with_a_byte_order_mark_and_crlf(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "journey.mmd"
    path.write_bytes(codecs.BOM_UTF8 + JOURNEY.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    run = cjm("import", "mermaid", path)
    assert run.stdout == cjm("import", "mermaid", JOURNEY).stdout
    assert run.stderr.replace(str(path), "F") == cjm("import", "mermaid", JOURNEY).stderr.replace(str(JOURNEY), "F")


@pytest.mark.parametrize(
    ("content", "message", "hint"),
    [
        (b"", "error empty the file is empty", "name the file that holds the export"),
        (b"  \n\n\t\n", "error empty the file is empty", "name the file that holds the export"),
        (codecs.BOM_UTF32_LE + "[]".encode("utf-32-le"), "error encoding file is UTF-32 encoded", "save it as UTF-8"),
    ],
    ids=["empty", "blank", "utf32"],
)
def test_files_that_are_not_utf8_text(
    content: bytes, message: str, hint: str, cjm: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "statuses.json"
    path.write_bytes(content)
    run = cjm("import", "bitrix24", path)
    assert run.exit_code == 1
    assert run.stderr.splitlines()[0].endswith(message)
    assert run.stderr.splitlines()[1] == f"    hint: {hint}"


def test_a_binary_file(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    run = cjm("import", "google-ads", path)
    assert run.exit_code == 1
    assert f"{path}:3:1: error encoding file holds NUL bytes: it is not a text file" in run.stderr


def test_invalid_utf8_is_reported_at_its_line_and_column(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "journey.mmd"
    path.write_bytes("journey\n  section Поиск\n".encode() + b"    \xd0\xa8\xff: 2: \xd0\xaf\n")
    run = cjm("import", "mermaid", path)
    assert run.exit_code == 1
    assert f"{path}:3:6: error encoding file is not valid UTF-8" in run.stderr


def test_a_huge_file_is_refused_without_reading_it_all(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    with path.open("wb") as handle:
        handle.write(b"Campaign,Ad Group\n")
        handle.truncate(MAX_BYTES + 10)
    run = cjm("import", "google-ads", path)
    assert run.exit_code == 1
    assert f"{path}:1:1: error too-large file is larger than 8 MiB" in run.stderr


def test_paths_that_are_not_files(cjm: Callable[..., Run], tmp_path: Path) -> None:
    run = cjm("import", "mermaid", tmp_path / "нет такого.mmd")
    assert run.exit_code == 1
    assert f"{tmp_path / 'нет такого.mmd'}:1:1: error io no such file" in run.stderr
    run = cjm("import", "mermaid", tmp_path)
    assert f"{tmp_path}:1:1: error io is a directory" in run.stderr


def test_standard_input(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "mermaid", "-", stdin=JOURNEY.read_bytes())
    assert run.exit_code == 0
    assert run.stdout == cjm("import", "mermaid", JOURNEY).stdout
    assert run.stderr.startswith("<stdin>:")  # the warning of the fixture, named after standard input


def test_output_file_is_written_and_stdout_stays_empty(cjm: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "новая папка" / "карта.yaml"
    run = cjm("import", "bitrix24", STATUSES, "-o", out)
    assert run.exit_code == 0
    assert run.stdout == ""
    assert out.read_text(encoding="utf-8") == cjm("import", "bitrix24", STATUSES).stdout
    assert run.stderr.splitlines()[-1] == f"wrote {out}: imported from {STATUSES} (UTF-8)"  # after the warnings
    assert not list(out.parent.glob(".*.tmp"))


def test_a_failed_import_leaves_the_previous_output(cjm: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "map.yaml"
    out.write_text("previous\n", encoding="utf-8")
    assert cjm("import", "bitrix24", FIXTURES / "bitrix24" / "truncated.json", "-o", out).exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_usage_errors_exit_2(cjm: Callable[..., Run], tmp_path: Path) -> None:
    assert cjm("import", "excel", STATUSES).exit_code == 2
    assert cjm("import", "bitrix24").exit_code == 2
    run = cjm("import", "bitrix24", STATUSES, "--into", "-")
    assert (run.exit_code, run.stderr) == (2, "cjm: error: --into needs a map file, not standard input\n")
    copy = tmp_path / "journey.mmd"
    copy.write_bytes(JOURNEY.read_bytes())
    run = cjm("import", "mermaid", copy, "-o", copy)
    assert run.exit_code == 2
    assert "is the file being read" in run.stderr
    assert copy.read_bytes() == JOURNEY.read_bytes()


def test_an_output_that_cannot_be_written_exits_3(cjm: Callable[..., Run], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    run = cjm("import", "bitrix24", STATUSES, "-o", blocker / "map.yaml")
    assert run.exit_code == 3
    assert run.stderr.splitlines()[-1].startswith("cjm: error: cannot write to")  # after the file's warnings


def test_json_nested_too_deep(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "statuses.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    run = cjm("import", "bitrix24", path)
    assert run.exit_code == 1
    assert f"{path}:1:1: error too-deep the JSON is nested too deep" in run.stderr


def test_a_csv_field_beyond_the_csv_modules_limit(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Campaign,Ad Group,Keyword\nПоиск,Бренд,стражтех\nПоиск,Бренд," + "ж" * 200_000 + "\n", encoding="utf-8"
    )
    run = cjm("import", "google-ads", path)
    assert run.exit_code == 1
    assert f"{path}:3:1: error csv CSV: field larger than field limit (131072)" in run.stderr


def test_texts_longer_than_a_map_holds_are_cut_with_a_warning(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "journey.mmd"
    path.write_text("journey\n  section Поиск\n    " + "я" * 1500 + ": 3: Я\n", encoding="utf-8")
    run = cjm("import", "mermaid", path)
    assert run.exit_code == 0
    assert f"{path}:3:5: warning too-long the task is longer than 1000 characters; it is cut short" in run.stderr
    assert "я" * 999 + "…" in run.stdout


def test_problems_are_workflow_annotations_under_github_actions(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "bitrix24", FIXTURES / "bitrix24" / "truncated.json", env={"GITHUB_ACTIONS": "true"})
    assert run.exit_code == 1
    assert run.stderr.startswith("::error file=")
    assert ",line=250,col=9,title=cjm json-syntax::invalid JSON" in run.stderr


@pytest.mark.parametrize(
    ("encoding", "mark", "said"),
    [
        ("utf-16-le", b"", "UTF-16 LE without a byte-order mark"),
        ("utf-16-be", b"", "UTF-16 BE without a byte-order mark"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16 BE with a byte-order mark"),
        ("utf-8", codecs.BOM_UTF8, "UTF-8 with a byte-order mark"),
    ],
)
def test_the_encoding_is_found_and_said_in_the_summary(
    encoding: str, mark: bytes, said: str, cjm: Callable[..., Run], tmp_path: Path
) -> None:
    # Reports saved from the Google Ads web interface are UTF-16 without a mark; they were refused.
    source = FIXTURES / "google-ads" / "web-report.csv"
    path = tmp_path / "report.csv"
    path.write_bytes(mark + source.read_text(encoding="utf-8").encode(encoding))
    out = tmp_path / "map.yaml"
    run = cjm("import", "google-ads", path, "-o", out)
    assert run.exit_code == 0, run.stderr
    assert out.read_text(encoding="utf-8") == cjm("import", "google-ads", source).stdout
    assert run.stderr.endswith(f"wrote {out}: imported from {path} ({said})\n")


def test_text_in_koi8_r_is_not_taken_for_windows_1251(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "journey.mmd"
    path.write_bytes("journey\n  section Поиск\n    Ищет кроссовки: 3: Анна\n".encode("koi8-r"))
    run = cjm("import", "mermaid", path)
    assert run.exit_code == 1
    assert f"{path}:2:11: error encoding file is not valid UTF-8" in run.stderr
