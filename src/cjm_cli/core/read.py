"""Stage 1, read: find map files and turn their bytes into clean text, or into problems.

Everything that can be wrong with a file before YAML sees it is reported here with its position:
a missing or unreadable file, a size beyond reason, UTF-16 or invalid UTF-8, control characters,
a byte-order mark, mixed line endings.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import N_, tr
from .problems import START, Position, Problem, UsageError
from .text import CONTROL_CHARACTERS

STDIN = "-"
STDIN_NAME = "<stdin>"

# A map is a few hundred kilobytes at most; anything far larger is a mistake (or an attack).
MAX_BYTES = 8 * 1024 * 1024

MAP_SUFFIXES = (".yaml", ".yml")
# The documented rule for directories and for `--only-maps` (pre-commit's hooks): a YAML file is a map when a
# line starts with the top-level key `cjm:` (quoted or not, after a byte-order mark or not), or when a comment
# points the YAML language server at cjm's schema (`# yaml-language-server: $schema=.../cjm.schema.json`), as
# `cjm init` writes it: a map still missing its `cjm:` is then checked and told so, not skipped.
_MAP_MARKER = re.compile(
    rb"^(?:\xef\xbb\xbf)?(?:([\"']?)cjm\1[ \t]*:"
    rb"|#[ \t]*yaml-language-server:[ \t]*\$schema=\S*cjm\.schema\.json(?=\s|$))",
    re.MULTILINE,
)
MAP_RULE = N_(
    "a .yaml or .yml file with a top-level `cjm:` key or a `# yaml-language-server: $schema=...cjm.schema.json` line"
)
_SKIPPED_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}

_MAX_CHAR_PROBLEMS = 5


@dataclass
class Source:
    """The text of one map file, line endings normalised to LF."""

    path: str
    text: str
    problems: list[Problem] = field(default_factory=list)
    revision: tuple[str, str] | None = None
    """For a map read from git (`REV:path`): the revision and the file's path from the repository's top."""


def is_map_file(path: Path) -> bool:
    """True for a `.yaml`/`.yml` file that is a map by the rule of `MAP_RULE` (for directories and `--only-maps`)."""
    if path.suffix.lower() not in MAP_SUFFIXES:
        return False
    try:
        if not path.is_file():
            return False
        if path.stat().st_size > MAX_BYTES:
            return True  # let `read_source` report the size instead of silently skipping the file
        return _MAP_MARKER.search(path.read_bytes()) is not None
    except OSError:
        return True  # unreadable: report it rather than skip it


def discover(arguments: list[str], only_maps: bool = False) -> list[str]:
    """Expand the command line into map files: files as given, directories searched recursively.

    Files named on the command line are taken (with `only_maps`, only those that are maps, see `is_map_file`:
    pre-commit hands over every staged YAML file); in directories only map files are, in sorted order, skipping
    hidden folders and virtual environments. `-` stands for standard input.
    """
    return [path for path, _ in discover_from(arguments, only_maps)]


def discover_from(arguments: list[str], only_maps: bool = False) -> list[tuple[str, str | None]]:
    """Like `discover`, with the directory argument each file was found in (None for files named directly)."""
    found: dict[str, str | None] = {}
    for argument in arguments:
        if argument == STDIN or not _is_dir(argument):
            if argument == STDIN or not only_maps or is_map_file(Path(argument)):
                found.setdefault(argument, None)
            continue
        in_directory = _maps_in(argument)
        if not in_directory:
            raise UsageError(tr("no map files found in {folder} (a map is {rule})", folder=argument, rule=tr(MAP_RULE)))
        for path in sorted(in_directory):
            found.setdefault(str(path), argument)  # a file named twice is checked once
    return list(found.items())


def _maps_in(directory: str) -> list[Path]:
    """Map files below `directory`, and the folders that could not be listed (for `read_source` to report)."""
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        found.append(Path(error.filename))

    for root, dirs, files in os.walk(directory, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        found.extend(Path(root, name) for name in files if is_map_file(Path(root, name)))
    return found


def _is_dir(argument: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(argument).st_mode)
    except (OSError, ValueError):  # missing, unreadable parent, NUL in the name: `read_source` says which
        return False


def read_source(argument: str) -> Source:
    """Read one file (or standard input for `-`) into a `Source`; problems say why it could not be read."""
    return read_map(argument)[0]


def read_map(argument: str) -> tuple[Source, bytes]:
    """`read_source`, and the bytes it read (none when the file could not be read)."""
    name = STDIN_NAME if argument == STDIN else argument
    data = read_bytes(argument, name, tr("a map file, or a directory holding maps"))
    if isinstance(data, Problem):
        return Source(name, "", [data]), b""
    return decode(name, data), data


def read_bytes(argument: str, name: str, wanted: str) -> bytes | Problem:
    """Up to MAX_BYTES + 1 bytes of a file (or of standard input for `-`), or the problem that stopped it.

    `wanted` says in the hint what to name instead of a directory or a device (in the user's language).
    """
    try:
        if argument == STDIN:
            return sys.stdin.buffer.read(MAX_BYTES + 1)
        mode = os.stat(argument).st_mode
        if stat.S_ISDIR(mode):
            os.listdir(argument)  # raises when the folder cannot be read, which is worth saying
            return _problem(name, tr("is a directory"), tr("name {what}", what=wanted))
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            return _problem(name, tr("is not a regular file"), tr("name {what}", what=wanted))
        with open(argument, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return _problem(name, tr("no such file"), tr("check the path"))
    except ValueError:  # a NUL byte in the name
        return _problem(name, tr("is not a valid file name"), tr("check the path"))
    except OSError as error:
        reason = tr("cannot read it: {reason}", reason=error.strerror or error)
        return _problem(name, reason, tr("check the path and its permissions"))


def decode(name: str, data: bytes) -> Source:
    """Check the bytes of a map file and decode them as UTF-8 text."""
    if len(data) > MAX_BYTES:
        return _unreadable(
            name,
            tr("file is larger than {size} MiB", size=MAX_BYTES // (1024 * 1024)),
            tr("a map this large is almost certainly not a hand-written map; split it"),
            code="too-large",
        )
    problems: list[Problem] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _unreadable(name, tr("file is UTF-16 encoded"), tr("save it as UTF-8"), code="encoding")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        problems.append(
            Problem(
                name,
                START,
                "warning",
                "bom",
                tr("file starts with a byte-order mark"),
                tr("save it as UTF-8 without BOM"),
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        position = position_of_byte(data, error.start)
        hint = tr("save the file as UTF-8")
        if data.count(0) > len(data) // 4:
            hint = tr("the file looks UTF-16 encoded; save it as UTF-8")
        problems.append(Problem(name, position, "error", "encoding", tr("file is not valid UTF-8"), hint))
        return Source(name, "", problems)

    problems.extend(_line_ending_problems(name, text))
    text = text.replace("\r\n", "\n")
    problems.extend(_bad_character_problems(name, text, looks_utf16=data.count(0) > len(data) // 4))
    return Source(name, text, problems)


def _unreadable(name: str, message: str, hint: str, code: str = "io") -> Source:
    return Source(name, "", [_problem(name, message, hint, code)])


def _problem(name: str, message: str, hint: str, code: str = "io") -> Problem:
    return Problem(name, START, "error", code, message, hint)


def position_of_byte(data: bytes, offset: int) -> Position:
    """The 1-based line and column of a byte offset in UTF-8 `data` (columns count characters)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Position(data.count(b"\n", 0, offset) + 1, column)


def position_of_offset(text: str, offset: int) -> Position:
    """The 1-based line and column of a character offset in `text`."""
    return Position(text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _line_ending_problems(name: str, text: str) -> list[Problem]:
    crlf = text.count("\r\n")
    lone_cr = text.find("\r")
    while lone_cr != -1 and text.startswith("\r\n", lone_cr):
        lone_cr = text.find("\r", lone_cr + 2)
    if lone_cr != -1:
        return [
            Problem(
                name,
                position_of_offset(text, lone_cr),
                "error",
                "line-endings",
                tr("carriage return without a line feed (old Mac line ending)"),
                tr("save the file with LF (or CRLF) line endings"),
            )
        ]
    if crlf and text.count("\n") != crlf:
        first_lf = next(i for i, ch in enumerate(text) if ch == "\n" and (i == 0 or text[i - 1] != "\r"))
        return [
            Problem(
                name,
                position_of_offset(text, first_lf),
                "warning",
                "line-endings",
                tr("mixed line endings: both CRLF and LF"),
                tr("save the file with one kind of line ending (LF is best for git)"),
            )
        ]
    return []


def _bad_character_problems(name: str, text: str, looks_utf16: bool) -> list[Problem]:
    problems = []
    for match in CONTROL_CHARACTERS.finditer(text):
        char = match.group()
        hint = tr("remove it; YAML does not allow control characters")
        if char == "\x00" and looks_utf16:
            hint = tr("the file looks UTF-16 encoded; save it as UTF-8")
        if char in "\u2028\u2029":
            hint = tr("replace it with a line break or a space; YAML takes it for a line break")
        problems.append(
            Problem(
                name,
                position_of_offset(text, match.start()),
                "error",
                "control-character",
                tr("control character {character} in the file", character=f"U+{ord(char):04X}"),
                hint,
            )
        )
        if len(problems) == _MAX_CHAR_PROBLEMS:
            break
    return problems
