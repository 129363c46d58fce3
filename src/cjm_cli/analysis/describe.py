"""A change described for people: counted, grouped by the block of the map, its values shown and its old and new
sides as the lists of changes show them (`cjm diff` and the report of `cjm diff --render`)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from .diff import KINDS, Change, Value


def counts(changes: Sequence[Change]) -> dict[str, int]:
    """How many changes, and how many of each kind."""
    return {"changes": len(changes), **{kind: sum(c.kind == kind for c in changes) for kind in KINDS}}


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


def old_and_new(change: Change, position: str = "position") -> tuple[str, str]:
    """What a change's element was and is, as the change tables show them: values, positions (`position` is
    the word before their numbers), or the element itself on the side where it exists."""
    if change.kind == "changed":
        return shown_value(change.old), shown_value(change.new)
    if change.kind == "moved":
        return f"{position} {change.old}", f"{position} {change.new}"
    what = what_changed(change)
    return (what, "") if change.kind == "removed" else ("", what)
