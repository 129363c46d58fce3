"""The differences between two maps out as text, JSON or Markdown (`cjm diff --format`).

- `text`: one line per change, grouped by the block of the map, `+` added, `-` removed, `~` changed or
  moved, `old -> new`; in colour where `terminal.colour` says so. Nothing when the maps are the same.
- `json`: one document, see `json_diff` for its shape.
- `markdown`: for a pull request: a heading per block and a table of its changes.

User text never forges a line or an escape sequence: control characters are shown escaped (as `validate`
shows them), texts are quoted with JSON escapes in text output, and Markdown escapes `|`, backticks, markup
and HTML as `cjm export markdown` does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TextIO

from ..analysis.describe import by_area, counts, old_and_new, what_changed
from ..analysis.diff import KINDS, Change, path_text
from ..core.i18n import N_, in_english, ntr, tr
from ..core.text import escape_markdown, plain
from . import terminal

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
    """Write `changes` between the maps named `old` and `new` to `stream` in the named format (`formats.DIFFS`)."""
    WRITERS[format_name](changes, old, new, stream)


def summary(changes: Sequence[Change], old: str, new: str) -> str:
    """`old -> new: 3 changes (1 added, 2 changed)`, or `old -> new: no differences`."""
    return plain(f"{old} -> {new}: {_counted(changes)}")


_COUNTED = {
    "added": N_("{n} added"),
    "removed": N_("{n} removed"),
    "changed": N_("{n} changed"),
    "moved": N_("{n} moved"),
}
"""How many changes of each kind, in the summary line (in the user's language)."""


def _counted(changes: Sequence[Change]) -> str:
    """`3 changes (1 added, 2 changed)`, in the user's language."""
    if not changes:
        return tr("no differences")
    total = counts(changes)
    kinds = ", ".join(tr(_COUNTED[kind], n=total[kind]) for kind in KINDS if total[kind])
    return ntr("{n} change ({kinds})", "{n} changes ({kinds})", len(changes), kinds=kinds)


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
    lines = ["## Map changes", "", f"{_md(old)} → {_md(new)}: {in_english(_counted, changes)}.", ""]
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


def _markdown_row(change: Change) -> str:
    old, new = old_and_new(change)
    cells = [change.kind, _md(change.where), _md(old), _md(new)]
    return "| " + " | ".join(cells) + " |"


def _text(changes: Sequence[Change], old: str, new: str, stream: TextIO) -> None:
    stream.writelines(line + "\n" for line in text_lines(changes, terminal.colour(stream)))


def _json(changes: Sequence[Change], old: str, new: str, stream: TextIO) -> None:
    json.dump(json_diff(changes, old, new), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _markdown(changes: Sequence[Change], old: str, new: str, stream: TextIO) -> None:
    stream.write(markdown_diff(changes, old, new))


WRITERS: dict[str, Callable[[Sequence[Change], str, str, TextIO], None]] = {
    "text": _text,
    "json": _json,
    "markdown": _markdown,
}
"""The writer of each format of `formats.DIFFS`."""
