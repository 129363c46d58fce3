"""The differences between two maps out as text, JSON or Markdown (`cjm diff --format`).

- `text`: one line per change, grouped by the block of the map, `+` added, `-` removed, `~` changed or
  moved, `old -> new`; in colour on a terminal (`NO_COLOR` turns it off). Nothing when the maps are the same.
- `json`: one document, see `json_diff` for its shape.
- `markdown`: for a pull request: a heading per block and a table of its changes.

User text never forges a line or an escape sequence: control characters are shown escaped (as `validate`
shows them), texts are quoted with JSON escapes in text output, and Markdown escapes `|`, backticks, markup
and HTML as `cjm export markdown` does.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from typing import TextIO

from ..analysis.diff import KINDS, Change, Value, path_text
from ..exporters.table import escape_markdown
from .problems import plain

FORMATS = ("text", "json", "markdown")

_MARKERS = {"added": "+", "removed": "-", "changed": "~", "moved": "~"}
_COLOURS = {"added": "\x1b[32m", "removed": "\x1b[31m", "changed": "\x1b[33m", "moved": "\x1b[33m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
_TITLES = {
    "map": "Map",
    "personas": "Personas",
    "departments": "Departments",
    "journey": "Journey",
    "channels": "Channels",
    "leads": "Leads",
    "deals": "Deals",
    "site": "Site",
    "ppc": "Paid campaigns",
}


def write_diff(changes: Sequence[Change], old: str, new: str, format_name: str, stream: TextIO) -> None:
    """Write `changes` between the maps named `old` and `new` to `stream` in the named format."""
    if format_name == "text":
        colour = stream.isatty() and not os.environ.get("NO_COLOR")
        stream.writelines(line + "\n" for line in text_lines(changes, colour))
    elif format_name == "json":
        json.dump(json_diff(changes, old, new), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif format_name == "markdown":
        stream.write(markdown_diff(changes, old, new))
    else:
        raise ValueError(f"unknown format {format_name!r}")


def counts(changes: Sequence[Change]) -> dict[str, int]:
    """How many changes, and how many of each kind."""
    return {"changes": len(changes), **{kind: sum(c.kind == kind for c in changes) for kind in KINDS}}


def summary(changes: Sequence[Change], old: str, new: str) -> str:
    """`old -> new: 3 changes (1 added, 2 changed)`, or `old -> new: no differences`."""
    return plain(f"{old} -> {new}: {_counted(changes)}")


def _counted(changes: Sequence[Change]) -> str:
    if not changes:
        return "no differences"
    total = counts(changes)
    kinds = ", ".join(f"{total[kind]} {kind}" for kind in KINDS if total[kind])
    return f"{len(changes)} change{'' if len(changes) == 1 else 's'} ({kinds})"


def by_area(changes: Sequence[Change]) -> Iterator[tuple[str, list[Change]]]:
    """Changes by block of the map, the blocks in the order of the format (as the changes come)."""
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.area, []).append(change)
    yield from grouped.items()


def shown_value(value: Value) -> str:
    """A value for people: texts in double quotes (JSON escapes), numbers as written, `(none)` for none."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "[" + ", ".join(shown_value(item) for item in value) + "]"
    if isinstance(value, str | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def what_changed(change: Change) -> str:
    """What follows the path in a text line: `"old" -> "new"`, `moved 3 -> 2`, the name of what was added."""
    if change.kind == "moved":
        return f"moved {change.old} -> {change.new}"
    if change.kind == "changed":
        return f"{shown_value(change.old)} -> {shown_value(change.new)}"
    value = change.new if change.kind == "added" else change.old
    if change.label is not None:
        return shown_value(change.label)
    return "" if isinstance(value, dict | list) or change.path[-1].text == value else shown_value(value)


# --- text ----------------------------------------------------------------------------------------------------------


def text_lines(changes: Sequence[Change], colour: bool = False) -> list[str]:
    """`journey:` then `  ~ journey.stages[checkout].name: "Decision" -> "Checkout"`, block by block."""
    lines = []
    for area, in_area in by_area(changes):
        lines.append(f"{_BOLD}{area}:{_RESET}" if colour else f"{area}:")
        for change in in_area:
            what = what_changed(change)
            line = plain(f"{_MARKERS[change.kind]} {change.where}" + (f": {what}" if what else ""))
            lines.append(f"  {_COLOURS[change.kind]}{line}{_RESET}" if colour else f"  {line}")
    return lines


# --- JSON ----------------------------------------------------------------------------------------------------------


def json_diff(changes: Sequence[Change], old: str, new: str) -> dict[str, object]:
    """The differences as one JSON document::

        {"old": "HEAD~1:map.yaml", "new": "map.yaml",
         "changes": [{"kind": "changed", "area": "journey", "path": "journey.stages[checkout]",
                      "steps": [{"field": "journey", "id": null, "text": null, "occurrence": 1},
                                {"field": "stages", "id": "checkout", "text": null, "occurrence": 1}],
                      "field": "name", "where": "journey.stages[checkout].name",
                      "old": "Decision", "new": "Checkout", "label": null}],
         "summary": {"changes": 1, "added": 0, "removed": 0, "changed": 1, "moved": 0}}

    Every change has every key, in this order; `old` and `new` are null where they do not apply.
    """
    return {
        "old": old,
        "new": new,
        "changes": [_json_change(change) for change in changes],
        "summary": counts(changes),
    }


def _json_change(change: Change) -> dict[str, object]:
    return {
        "kind": change.kind,
        "area": change.area,
        "path": path_text(change.path),
        "steps": [
            {"field": step.field, "id": step.id, "text": step.text, "occurrence": step.occurrence}
            for step in change.path
        ],
        "field": change.field,
        "where": change.where,
        "old": change.old,
        "new": change.new,
        "label": change.label,
    }


# --- Markdown ------------------------------------------------------------------------------------------------------


def _md(text: str) -> str:
    """User text as literal Markdown on one line of a table cell: control characters shown escaped first."""
    return escape_markdown(plain(text))


def markdown_diff(changes: Sequence[Change], old: str, new: str) -> str:
    lines = ["## Map changes", "", f"{_md(old)} → {_md(new)}: {_counted(changes)}.", ""]
    for area, in_area in by_area(changes):
        lines += [
            f"### {_TITLES.get(area, _md(area))}",
            "",
            "| change | where | old | new |",
            "| --- | --- | --- | --- |",
        ]
        lines += [_markdown_row(change) for change in in_area]
        lines.append("")
    return "\n".join(lines)


def old_and_new(change: Change, position: str = "position") -> tuple[str, str]:
    """What a change's element was and is, as the change tables show them: values, positions (`position` is
    the word before their numbers), or the element itself on the side where it exists."""
    if change.kind == "changed":
        return shown_value(change.old), shown_value(change.new)
    if change.kind == "moved":
        return f"{position} {change.old}", f"{position} {change.new}"
    what = what_changed(change)
    return (what, "") if change.kind == "removed" else ("", what)


def _markdown_row(change: Change) -> str:
    old, new = old_and_new(change)
    cells = [change.kind, _md(change.where), _md(old), _md(new)]
    return "| " + " | ".join(cells) + " |"
