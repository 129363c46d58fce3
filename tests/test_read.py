"""Reading files: encodings, odd characters, line endings, sizes, and finding maps in directories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cjm_cli.api import check_file
from cjm_cli.core import read
from cjm_cli.core.problems import Position, UsageError


def codes(path: Path) -> list[tuple[int, int, str, str]]:
    return [(p.position.line, p.position.column, p.severity, p.code) for p in check_file(str(path)).problems]


def test_utf8_bom_is_a_warning_and_the_map_still_validates(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfcjm: 1\ntitle: \xd0\x9a\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0\n")
    result = check_file(str(path))
    assert result.ok
    assert result.journey_map is not None and result.journey_map.title == "Карта"
    assert [(p.severity, p.code) for p in result.problems] == [("warning", "bom")]


def test_utf16_file_is_an_encoding_error_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("cjm: 1\ntitle: Карта\n".encode("utf-16"))
    [problem] = check_file(str(path)).problems
    assert (problem.code, problem.severity) == ("encoding", "error")
    assert "UTF-8" in problem.hint


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "utf16le.yaml"
    path.write_bytes("cjm: 1\ntitle: Map\n".encode("utf-16-le"))
    problems = check_file(str(path)).problems
    assert problems and all("UTF-16" in p.hint for p in problems)


def test_invalid_utf8_points_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("cjm: 1\ntitle: Café\n".encode("latin-1"))
    assert codes(path) == [(2, 11, "error", "encoding")]


def test_control_characters_are_reported_where_they_are(tmp_path: Path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"cjm: 1\ntitle: a\x00b\x1b[31m\n")
    assert codes(path) == [(2, 9, "error", "control-character"), (2, 11, "error", "control-character")]


def test_crlf_is_read_like_lf_with_the_same_positions(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"cjm: 1\r\ntitle: Map\r\nstagez: 1\r\n")
    assert codes(path) == [(3, 1, "error", "unknown-key")]


def test_mixed_line_endings_are_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_bytes(b"cjm: 1\r\ntitle: Map\n")
    assert codes(path) == [(2, 11, "warning", "line-endings")]


def test_lone_carriage_return_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cr.yaml"
    path.write_bytes(b"cjm: 1\rtitle: Map\r")
    assert codes(path) == [(1, 7, "error", "line-endings")]


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"cjm: 1\ntitle: x\n" + b"# padding\n" * (read.MAX_BYTES // 10 + 1))
    assert codes(path) == [(1, 1, "error", "too-large")]


def test_missing_file_and_directory_are_problems_not_tracebacks(tmp_path: Path) -> None:
    assert codes(tmp_path / "nope.yaml") == [(1, 1, "error", "io")]
    assert check_file(str(tmp_path)).problems[0].code == "io"


def test_position_of_offset_counts_characters_not_bytes() -> None:
    text = "a: б\nключ: значение\n"
    assert read.position_of_offset(text, text.index("значение")) == Position(2, 7)


def test_directories_yield_only_map_files_sorted_and_recursively(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.yml").write_text("cjm: 1\ntitle: Z\n")
    (tmp_path / "a.yaml").write_text("# comment\ncjm: 1\ntitle: A\n")
    (tmp_path / "ci.yaml").write_text("jobs:\n  test:\n    cjm: 1\n")  # `cjm:` not at the top level
    (tmp_path / "notes.txt").write_text("cjm: 1\n")
    (tmp_path / ".hidden" / "h.yaml").write_text("cjm: 1\n")
    assert read.discover([str(tmp_path)]) == [str(tmp_path / "a.yaml"), str(tmp_path / "b" / "z.yml")]


def test_files_named_explicitly_are_always_taken_and_only_once(tmp_path: Path) -> None:
    other = tmp_path / "anything.txt"
    assert read.discover([str(other), "-", str(other)]) == [str(other), "-"]


def test_a_directory_without_maps_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "ci.yml").write_text("on: push\n")
    with pytest.raises(UsageError, match="no map files found"):
        read.discover([str(tmp_path)])


def test_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("cjm: 1\ntitle: M\n")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert read.discover([str(tmp_path)]) == [str(tmp_path / "m.yaml")]


def test_maps_with_a_bom_or_a_quoted_key_are_found_in_directories(tmp_path: Path) -> None:
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbfcjm: 1\ntitle: B\n")
    (tmp_path / "quoted.yaml").write_text('"cjm": 1\ntitle: Q\n')
    assert read.discover([str(tmp_path)]) == [str(tmp_path / "bom.yaml"), str(tmp_path / "quoted.yaml")]


def test_a_fifo_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    [problem] = check_file(str(fifo)).problems
    assert (problem.code, problem.message) == ("io", "is not a regular file")


def test_unicode_line_separators_are_reported_before_they_shift_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "ls.yaml"
    path.write_text("cjm: 1\ntitle: a\u2028b\nstagez: 1\n", encoding="utf-8")
    assert codes(path) == [(2, 9, "error", "control-character")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_files_and_folders_are_problems(tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "m.yaml").write_text("cjm: 1\ntitle: M\n")
    locked = tmp_path / "maps" / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        found = read.discover([str(folder)])
        assert str(locked) in found
        assert check_file(str(locked)).problems[0].code == "io"
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize(
    ("text", "is_map"),
    [
        ("cjm: 1\ntitle: Shop\n", True),
        ("'cjm': 1\n", True),
        ("# yaml-language-server: $schema=../schemas/cjm.schema.json\ntitle: Shop\n", True),
        ("#yaml-language-server: $schema=https://example.org/x/cjm.schema.json\n", True),
        ("# yaml-language-server: $schema=https://json.schemastore.org/github-workflow.json\non: push\n", False),
        ("# yaml-language-server: $schema=cjm.schema.json.bak\n", False),
        ("title: Shop\njourney: {}\n", False),
        ("services:\n  cjm: {image: cjm}\n", False),
    ],
)
def test_a_map_is_told_by_its_cjm_key_or_its_schema_line(tmp_path: Path, text: str, is_map: bool) -> None:
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    assert read.is_map_file(path) is is_map
    assert read.discover([str(path)], only_maps=True) == ([str(path)] if is_map else [])
    assert read.discover([str(path)]) == [str(path)], "a file named without --only-maps is always taken"
