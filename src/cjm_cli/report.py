"""Problems out: one reporter per output format, chosen by name.

Formats:
- `text`: `path:line:col: severity code message`, the hint on the next line, indented;
- `json`: one JSON document with every file and problem (see `json_report` for the shape);
- `github`: GitHub Actions workflow commands (`::error file=...::message`), annotating pull requests;
- `auto`: `github` under GitHub Actions, else `text`, in colour on a terminal.
User text inside messages is made harmless for each format: control characters (ANSI escapes) are shown
escaped in text, and `%`, newlines, `:` and `,` are percent-encoded in workflow commands.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from .api import Checked
from .problems import Problem

# Characters that could forge lines, move the cursor or reorder what a reader sees: C0 and C1 controls
# (newlines and ESC included), line separators, zero-width and bidirectional formatting characters.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "ok": "\x1b[32m", "dim": "\x1b[2m", "bold": "\x1b[1m"}
_RESET = "\x1b[0m"

Reporter = Callable[[Sequence[Checked], TextIO], None]


def resolve_format(name: str, stream: TextIO) -> tuple[str, bool]:
    """The concrete format for `name`, and whether to use colour."""
    if name != "auto":
        return name, False
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github", False
    colour = stream.isatty() and not os.environ.get("NO_COLOR")
    return "text", colour


def report(results: Sequence[Checked], format_name: str, stream: TextIO | None = None) -> None:
    """Write the problems of `results` to `stream` (standard output) in the named format (one of `FORMATS`)."""
    stream = stream or sys.stdout
    concrete, colour = resolve_format(format_name, stream)
    if concrete == "text":
        text_report(results, stream, colour)
    elif concrete == "json":
        json_report(results, stream)
    elif concrete == "github":
        github_report(results, stream)
    else:
        raise ValueError(f"unknown format {format_name!r}")


def counts(results: Sequence[Checked]) -> dict[str, int]:
    """How many files, valid files, errors and warnings."""
    return {
        "files": len(results),
        "valid": sum(r.ok for r in results),
        "errors": sum(p.severity == "error" for r in results for p in r.problems),
        "warnings": sum(p.severity == "warning" for r in results for p in r.problems),
    }


def summary(results: Sequence[Checked]) -> str:
    """One line: how many maps, how many valid, how many errors and warnings."""
    total = counts(results)
    valid, errors, warnings = total["valid"], total["errors"], total["warnings"]
    maps = f"{len(results)} map" + ("" if len(results) == 1 else "s")
    parts = [f"{valid} valid"]
    if errors:
        parts.append(f"{errors} error" + ("" if errors == 1 else "s"))
    if warnings:
        parts.append(f"{warnings} warning" + ("" if warnings == 1 else "s"))
    return f"checked {maps}: " + ", ".join(parts)


def _plain(text: str) -> str:
    """User text safe for a terminal or a log: unsafe characters shown as escapes, never interpreted."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def text_line(problem: Problem) -> str:
    """`path:line:col: severity code message` (without colour or hint)."""
    where = f"{problem.path}:{problem.position.line}:{problem.position.column}"
    return _plain(f"{where}: {problem.severity} {problem.code} {problem.message}")


def text_report(results: Sequence[Checked], stream: TextIO, colour: bool = False) -> None:
    def paint(text: str, style: str) -> str:
        return f"{_COLOURS[style]}{text}{_RESET}" if colour else text

    for result in results:
        if result.ok and not result.problems:
            stream.write(f"{_plain(result.path)}: {paint('valid', 'ok')}\n")
        for problem in result.problems:
            line = text_line(problem)
            if colour:
                where, _, rest = line.partition(f": {problem.severity} ")
                line = f"{paint(where, 'bold')}: {paint(problem.severity, problem.severity)} {rest}"
            stream.write(line + "\n")
            if problem.hint:
                stream.write(paint(f"    hint: {_plain(problem.hint)}", "dim") + "\n")


def json_report(results: Sequence[Checked], stream: TextIO) -> None:
    """`{"files": [{"path", "valid", "problems": [{line, column, severity, code, message, hint}]}], "summary"}`."""
    document = {
        "files": [
            {
                "path": result.path,
                "valid": result.ok,
                "problems": [
                    {
                        "line": p.position.line,
                        "column": p.position.column,
                        "severity": p.severity,
                        "code": p.code,
                        "message": p.message,
                        "hint": p.hint,
                    }
                    for p in result.problems
                ],
            }
            for result in results
        ],
        "summary": counts(results),
    }
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _escape_data(text: str) -> str:
    return _plain(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str:
    """A workflow command that annotates the problem's line in a pull request."""
    properties = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", problem.path),
            ("line", problem.position.line),
            ("col", problem.position.column),
            ("title", f"cjm {problem.code}"),
        )
    )
    message = problem.message + (f" (hint: {problem.hint})" if problem.hint else "")
    return f"::{problem.severity} {properties}::{_escape_data(message)}"


def github_report(results: Sequence[Checked], stream: TextIO) -> None:
    for result in results:
        for problem in result.problems:
            stream.write(github_line(problem) + "\n")
