"""Problems out: one reporter per output format, chosen by name.

Formats:
- `text`: `path:line:col: severity code message`, the hint on the next line, indented;
- `json`: one JSON document with every file and problem (see `json_report` for the shape);
- `github`: GitHub Actions workflow commands (`::error file=...::message`), annotating pull requests;
- `sarif`: one SARIF 2.1.0 log for code scanning (GitHub's upload-sarif and other SARIF viewers);
- `gitlab`: a GitLab Code Quality report (a JSON array of issues), for `artifacts: reports: codequality:`;
- `auto`: `github` under GitHub Actions, else `text`, in colour on a terminal.
User text inside messages is made harmless for each format: control characters (ANSI escapes) are shown
escaped in text, and `%`, newlines, `:` and `,` are percent-encoded in workflow commands. SARIF and GitLab
reports are ASCII JSON (the same bytes whatever the locale), with messages shown escaped as in text, and in
SARIF `[`, `]`, `\\` and braces escaped so that no viewer reads a link or a placeholder into them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path, PurePath
from typing import Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..core.i18n import N_, ntr, tr
from ..core.pipeline import Checked
from ..core.problems import Problem, Severity
from ..core.read import STDIN_NAME
from ..core.text import plain
from . import terminal
from .formats import AUTO

_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "ok": "\x1b[32m", "dim": "\x1b[2m", "bold": "\x1b[1m"}
_RESET = "\x1b[0m"


def resolve_format(name: str) -> str:
    """The format `auto` stands for here (github under GitHub Actions, else text), or `name` itself."""
    if name != AUTO:
        return name
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def report(results: Sequence[Checked], format_name: str, stream: TextIO | None = None) -> None:
    """Write the problems of `results` to `stream` (standard output) in the named format (`formats.PROBLEMS`)."""
    stream = stream or sys.stdout
    concrete = resolve_format(format_name)
    if concrete == "text":
        text_report(results, stream, terminal.colour(stream))
    else:
        WRITERS[concrete](results, stream)


PICTURE_FAILED = "render-failed"
"""The code of a picture Graphviz could not draw: an error of the render, not of the map."""


def valid(result: Checked) -> bool:
    """Whether the map is valid: no error, or none but pictures Graphviz could not draw."""
    made = result.journey_map is not None or result.valid
    return made and all(p.code == PICTURE_FAILED for p in result.problems if p.severity == "error")


def counts(results: Sequence[Checked]) -> dict[str, int]:
    """How many files, valid files, errors and warnings (and pictures not drawn, when any was not)."""
    pictures = sum(p.code == PICTURE_FAILED and p.severity == "error" for r in results for p in r.problems)
    return {
        "files": len(results),
        "valid": sum(valid(r) for r in results),
        "errors": sum(p.severity == "error" for r in results for p in r.problems) - pictures,
        "warnings": sum(p.severity == "warning" for r in results for p in r.problems),
        **({"pictures_not_drawn": pictures} if pictures else {}),
    }


def summary(results: Sequence[Checked]) -> str:
    """One line: how many maps, how many valid, how many errors and warnings."""
    total = counts(results)
    errors, warnings = total["errors"], total["warnings"]
    parts = [ntr("{n} valid", "{n} valid", total["valid"])]
    if errors:
        parts.append(ntr("{n} error", "{n} errors", errors))
    if warnings:
        parts.append(ntr("{n} warning", "{n} warnings", warnings))
    if pictures := total.get("pictures_not_drawn", 0):
        parts.append(ntr("{n} picture not drawn", "{n} pictures not drawn", pictures))
    return ntr("checked {n} map: {parts}", "checked {n} maps: {parts}", len(results), parts=", ".join(parts))


def text_line(problem: Problem) -> str:
    """`path:line:col: severity code message` (without colour or hint)."""
    where = f"{problem.path}:{problem.position.line}:{problem.position.column}"
    return plain(f"{where}: {problem.severity} {problem.code} {problem.message}")


def text_report(results: Sequence[Checked], stream: TextIO, colour: bool = False) -> None:
    """Problems as `path:line:col: severity code message` lines, the hint under each; in colour with `colour`."""

    def paint(text: str, style: str) -> str:
        return f"{_COLOURS[style]}{text}{_RESET}" if colour else text

    for result in results:
        if result.ok and not result.problems:
            stream.write(plain(result.path) + ": " + paint(tr("valid"), "ok") + "\n")
        for problem in result.problems:
            line = text_line(problem)
            if colour:
                where, _, rest = line.partition(f": {problem.severity} ")
                line = f"{paint(where, 'bold')}: {paint(problem.severity, problem.severity)} {rest}"
            stream.write(line + "\n")
            if problem.hint:
                stream.write(paint("    " + tr("hint: {hint}", hint=plain(problem.hint)), "dim") + "\n")


def json_report(results: Sequence[Checked], stream: TextIO) -> None:
    """`{"files": [{"path", "valid", "problems": [{line, column, severity, code, message, hint}]}], "summary"}`."""
    document = {
        "files": [
            {
                "path": result.path,
                "valid": valid(result),
                "problems": [problem_json(p) for p in result.problems],
            }
            for result in results
        ],
        "summary": counts(results),
    }
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def problem_json(p: Problem) -> dict[str, object]:
    """One problem as the json format writes it (`cjm stats --format json` writes the same)."""
    return {
        "line": p.position.line,
        "column": p.position.column,
        "severity": p.severity,
        "code": p.code,
        "message": p.message,
        "hint": p.hint,
    }


def _escape_data(text: str) -> str:
    return plain(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


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
    return f"::{problem.severity} {properties}::{_escape_data(_with_hint(problem))}"


def _with_hint(problem: Problem) -> str:
    return problem.message + (" (" + tr("hint: {hint}", hint=problem.hint) + ")" if problem.hint else "")


def github_report(results: Sequence[Checked], stream: TextIO) -> None:
    for result in results:
        for problem in result.problems:
            stream.write(github_line(problem) + "\n")


# SARIF 2.1.0 (OASIS), as GitHub code scanning reads it: one run, the rules that occur, one result per problem.
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# In SARIF plain text `[text](target)` is a link and `{0}` a placeholder (SARIF 2.1.0, 3.11.5 and 3.11.6).
_SARIF_LINK_CHARACTERS = re.compile(r"[\\\[\]]")
FORMAT_GROUP = "format"
"""The tag of problem codes that are not methodology rules: the file, its YAML or the format."""
CRM_GROUP = "crm"
CRM_DIFFERENCES: dict[str, str] = {
    "crm-added": N_("a stage, pipeline or lead source was added in the CRM and the map lacks it"),
    "crm-removed": N_("a stage, pipeline or lead source of the map is no longer in the CRM"),
    "crm-renamed": N_("a stage, pipeline or lead source is named otherwise in the CRM"),
    "crm-moved": N_("stages or pipelines come in another order in the CRM"),
    "crm-meaning": N_("a stage is won, lost or in progress otherwise in the CRM"),
}
"""The codes of `cjm pull bitrix24 --check`: how a map and its CRM differ."""
_CRM_RATIONALE = N_(
    "The map names the CRM's stages, pipelines and lead sources as the CRM does, so that its figures can be "
    "pulled and compared; a difference means that one of the two changed and the other did not."
)


def rule_description(code: str) -> tuple[str, str, str]:
    """A problem code's one-line summary, why it matters, and its group, for SARIF's rule metadata: a
    methodology rule's own words (`rules.BY_CODE`), else a general line for the codes of the format."""
    from ..core.rules import BY_CODE

    rule = BY_CODE.get(code)
    if rule is not None:
        return tr(rule.summary), tr(rule.rationale), rule.group
    if code in CRM_DIFFERENCES:
        return tr(CRM_DIFFERENCES[code]), tr(_CRM_RATIONALE), CRM_GROUP
    return (
        tr("the map file or its format has a problem ({code})", code=code),
        tr(
            "cjm checks a map against its format before anything else: a map with errors is neither checked "
            "against the method nor drawn."
        ),
        FORMAT_GROUP,
    )


def repository_path(path: str) -> str | None:
    """A problem's file as code-review tools name it: relative to the working directory (the repository root
    in CI) with `/` separators, or absolute when outside it; None for standard input, which is no file."""
    if path == STDIN_NAME:
        return None
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _sarif_uri(path: str) -> str:
    """A relative path as a relative URI reference (percent-encoded, so `:` cannot read as a scheme), an
    absolute one as a `file:` URI. Undecodable bytes in a name keep their value (surrogateescape)."""
    if PurePath(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/", errors="surrogateescape")


def _sarif_text(text: str) -> str:
    """Plain text for SARIF: shown escaped as in text output, link characters escaped, braces doubled."""
    escaped = _SARIF_LINK_CHARACTERS.sub(lambda m: "\\" + m.group(), plain(text))
    return escaped.replace("{", "{{").replace("}", "}}")


def _sarif_rule(code: str, level: Severity) -> dict[str, Any]:
    """The rule metadata code scanning shows beside each result (cjm's own words, so not escaped)."""
    summary, rationale, group = rule_description(code)
    if group == FORMAT_GROUP:
        help_text = tr(
            "The message says what is wrong and the hint how to fix it; docs/format.md describes the format."
        )
    elif group == CRM_GROUP:
        help_text = tr(
            "{rationale} Change the map (or the CRM) so that they agree; `cjm pull bitrix24 --check` compares "
            "them again (docs/live-data.md).",
            rationale=rationale,
        )
    else:
        help_text = tr(
            "{rationale} `cjm rules {code}` explains the rule; `ignore: [{code}]` on an element of the map "
            "silences it there, `--ignore {code}` everywhere.",
            rationale=rationale,
            code=code,
        )
    return {
        "id": code,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rationale},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": [group]},
    }


def _sarif_location(problem: Problem) -> dict[str, Any]:
    path = repository_path(problem.path)
    # A map read from standard input has no file to point at: the line and column still say where.
    artifact = {"uri": _sarif_uri(path)} if path is not None else {"description": {"text": tr("standard input")}}
    region = {"startLine": problem.position.line, "startColumn": problem.position.column}
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def sarif_document(results: Sequence[Checked]) -> dict[str, Any]:
    """The SARIF log of `results`: rules for the codes that occur (sorted), results in report order."""
    problems = [p for result in results for p in result.problems]
    levels: dict[str, Severity] = {}  # a code's default level: the worst it was reported with
    for problem in problems:
        if levels.get(problem.code) != "error":
            levels[problem.code] = problem.severity
    codes = sorted(levels)
    index = {code: i for i, code in enumerate(codes)}
    run = {
        "tool": {
            "driver": {"name": "cjm", "version": __version__, "rules": [_sarif_rule(c, levels[c]) for c in codes]}
        },
        # Columns count characters (code points), not UTF-16 units as SARIF assumes by default.
        "columnKind": "unicodeCodePoints",
        "results": [
            {
                "ruleId": p.code,
                "ruleIndex": index[p.code],
                "level": p.severity,
                "message": {"text": _sarif_text(_with_hint(p))},
                "locations": [_sarif_location(p)],
            }
            for p in problems
        ],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def sarif_report(results: Sequence[Checked], stream: TextIO) -> None:
    json.dump(sarif_document(results), stream, indent=2)
    stream.write("\n")


# GitLab Code Quality: GitLab's severities are info, minor, major, critical and blocker. Errors stop a map
# from being drawn but are not security findings; warnings are advice.
GITLAB_SEVERITY: dict[Severity, str] = {"error": "major", "warning": "minor"}


def gitlab_document(results: Sequence[Checked]) -> list[dict[str, Any]]:
    """The Code Quality issues of `results`, in report order, each with a fingerprint of its own."""
    issues = []
    seen: dict[str, int] = {}
    for result in results:
        for problem in result.problems:
            path = repository_path(problem.path) or STDIN_NAME
            # No line or column: a line added above a problem must not make GitLab see it as fixed and new again.
            # The message names the element; the same problem twice in a file still gets two fingerprints.
            identity = json.dumps([path, problem.code, problem.message])
            seen[identity] = seen.get(identity, 0) + 1
            issues.append(
                {
                    "description": plain(_with_hint(problem)),
                    "check_name": problem.code,
                    "fingerprint": hashlib.sha256(f"{identity}#{seen[identity]}".encode()).hexdigest(),
                    "severity": GITLAB_SEVERITY[problem.severity],
                    "location": {"path": path, "lines": {"begin": problem.position.line}},
                }
            )
    return issues


def gitlab_report(results: Sequence[Checked], stream: TextIO) -> None:
    json.dump(gitlab_document(results), stream, indent=2)
    stream.write("\n")


WRITERS: dict[str, Callable[[Sequence[Checked], TextIO], None]] = {
    "text": text_report,
    "json": json_report,
    "github": github_report,
    "sarif": sarif_report,
    "gitlab": gitlab_report,
}
"""The writer of each format of `formats.PROBLEMS` but `auto`."""
