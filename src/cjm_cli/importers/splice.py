"""Edit a map file as text: replace one top-level block, replace, remove and add items of a list, or set one value
(a count, a date) where it is written, and keep every other line byte for byte, comments and blank lines included.

Where a block or a list ends is taken from the YAML parser's events: the end of the last scalar, alias or
flow collection inside it (block collections "end" only where the next key starts, after any comments).
Comment lines after that end belong to what follows and stay where they are.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..core.load import Path
from ..core.yaml_nodes import events
from ..core.yaml_out import dump, inline


@dataclass(frozen=True)
class Replace:
    """Replace the top-level block `key` with `value` (or add it at the end of the file)."""

    key: str
    value: Any


@dataclass(frozen=True)
class Items:
    """Edit the list at `path`: the item at each index in `replace` gives way to the items given for it (none
    to remove it), `append` goes at the end. Other items keep their text. A list that is missing or written in
    flow style (`[a, b]`) is written again, in its top-level block."""

    path: Path
    replace: dict[int, list[Any]] = field(default_factory=dict)
    append: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Value:
    """Set the single value at `path` (a number, a text, a flag) where it is written: the rest of its line stays,
    a comment after it included, and so do the other keys of a `{...}` mapping. When the mapping at `path[:-1]`
    has no such key, `key: value` is added to it after the first key of `after` it has (else after its last
    key), on a line of its own in a block mapping, inside the braces in a flow one; a mapping added so is
    written `{key: value, ...}`."""

    path: Path
    value: Any
    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    """When none of `after` is there: add the key before the first of these the block mapping has."""


Edit = Replace | Items | Value
Change = tuple[int, int, str]  # (first line, line after the last, new text), 0-based on the file's lines
_CharEdit = tuple[tuple[int, int], tuple[int, int], str]  # (from (line, column), to (line, column), new text)


@dataclass
class _Span:
    first_line: int  # 0-based line of the key (or of the value when it has no key)
    end: tuple[int, int]  # the last precise end inside: (line, column), 0-based
    kind: str  # "map", "seq" or "scalar"
    flow: bool = False
    items: int = 0
    start: tuple[int, int] = (0, 0)  # where the value itself starts (a scalar: its first character)
    key_column: int | None = None  # a mapping: the column of its keys
    close: tuple[int, int] | None = None  # a flow collection: where its closing bracket is


@dataclass
class _Frame:
    path: Path
    kind: str
    flow: bool
    key: str | int | None = None
    key_line: int | None = None
    index: int = 0
    spans: list[_Span] = field(default_factory=list)


def _spans(text: str) -> dict[Path, _Span]:
    """Where every node of the document starts (its key's line) and where its content really ends."""
    found: dict[Path, _Span] = {}
    stack: list[_Frame] = []

    def reach(mark: Any) -> None:
        end = _where(mark)
        for frame in stack:
            span = found[frame.path]
            span.end = max(span.end, end)

    def open_node(event: yaml.NodeEvent) -> Path:
        parent = stack[-1] if stack else None
        if parent is None:
            return ()
        if parent.kind == "map":
            assert parent.key is not None
            return (*parent.path, parent.key)
        found[parent.path].items += 1
        return (*parent.path, parent.index)

    def close_node() -> None:
        if stack:
            parent = stack[-1]
            if parent.kind == "map":
                parent.key = None
            else:
                parent.index += 1

    for event in events(text):  # read as the map was checked, whatever PyYAML's build
        if isinstance(event, yaml.CollectionEndEvent):
            frame = stack[-1]
            if frame.flow:
                found[frame.path].close = _where(event.start_mark)
                reach(event.end_mark)
            stack.pop()
            close_node()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        parent = stack[-1] if stack else None
        if parent is not None and parent.kind == "map" and parent.key is None:
            assert isinstance(event, yaml.ScalarEvent)  # cjm maps have text keys only
            parent.key, parent.key_line = event.value, _where(event.start_mark)[0]
            if found[parent.path].key_column is None:
                found[parent.path].key_column = _where(event.start_mark)[1]
            reach(event.end_mark)
            continue
        path = open_node(event)
        first = parent.key_line if parent is not None and parent.kind == "map" else None
        start = _where(event.start_mark)[0] if first is None else first
        if isinstance(event, yaml.CollectionStartEvent):
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            found[path] = _Span(start, (start, 0), kind, bool(event.flow_style), start=_where(event.start_mark))
            stack.append(_Frame(path, kind, bool(event.flow_style)))
        else:
            found[path] = _Span(start, _where(event.end_mark), "scalar", start=_where(event.start_mark))
            reach(event.end_mark)
            close_node()
    return found


def _where(mark: Any) -> tuple[int, int]:
    """A parser mark as (line, column), 0-based (libyaml always gives marks; the type allows None)."""
    return (mark.line, mark.column) if mark is not None else (0, 0)


def _last_line(span: _Span, lines: list[str]) -> int:
    """The 0-based line where the content of `span` ends (not counting comments and blank lines after it)."""
    line, column = span.end
    if column == 0 and line > span.first_line:
        line -= 1  # a block scalar ends at the start of the line after it
    while line > span.first_line and not lines[line].strip():
        line -= 1
    return line


def apply(original: str, data: dict[str, Any], edits: Sequence[Edit]) -> str:
    """`original` (the file's text, line endings as written) with `edits` made; `data` is its loaded content."""
    normalised = original.lstrip("\ufeff").replace("\r\n", "\n")
    spans = _spans(normalised)
    lines = original.split("\n")  # CRLF files keep their `\r` at the end of each piece
    plain = normalised.split("\n")
    newline = "\r\n" if "\r\n" in original else "\n"
    changes: list[tuple[int, int, Change]] = []
    values = [edit for edit in edits if isinstance(edit, Value)]
    for number, edit in enumerate(edit for edit in edits if not isinstance(edit, Value)):
        changes += [(change[0], number, change) for change in _changes(edit, spans, plain, data)]
    changes += [(change[0], len(edits), change) for change in _value_changes(values, spans, plain)]
    # Bottom up, so that earlier lines keep their numbers; blocks added at the same place end up in edit order.
    for _, _, (first, after, text) in sorted(changes, reverse=True):
        new_lines = text.rstrip("\n").split("\n") if text else []
        if newline == "\r\n":
            new_lines = [line + "\r" for line in new_lines]
        if first == 0 and lines and lines[0].startswith("\ufeff") and new_lines:
            new_lines[0] = "\ufeff" + new_lines[0]  # the byte-order mark stays first
        lines[first:after] = new_lines
    result = "\n".join(lines)
    return result if result.endswith("\n") else result + newline


def _changes(edit: Replace | Items, spans: dict[Path, _Span], lines: list[str], data: dict[str, Any]) -> list[Change]:
    if isinstance(edit, Items):
        span = spans.get(edit.path)
        if span is not None and span.kind == "seq" and not span.flow and span.items:
            return _item_changes(edit, spans, lines)
        # No block list to edit: write the whole top-level block again with the list edited.
        edit = Replace(str(edit.path[0]), _edited(copy.deepcopy(data.get(str(edit.path[0]))), edit.path[1:], edit))
    span = spans.get((edit.key,))
    block = dump({edit.key: edit.value})
    if span is None:
        end = len(lines)
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        separator = "\n" if end else ""
        return [(end, end, separator + block)]
    return [(span.first_line, _last_line(span, lines) + 1, block)]


def _item_changes(edit: Items, spans: dict[Path, _Span], lines: list[str]) -> list[Change]:
    dash = _dash_column(lines[spans[(*edit.path, 0)].first_line])
    changes = []
    for index, items in edit.replace.items():
        item = spans[(*edit.path, index)]
        first = item.first_line
        if first > 0 and lines[first - 1].strip() == "-":  # the item starts on the line after a lone `-`
            first -= 1
        changes.append((first, _last_line(item, lines) + 1, dump(items, indent=dash) if items else ""))
    if edit.append:
        after = _last_line(spans[edit.path], lines) + 1
        changes.append((after, after, dump(edit.append, indent=dash)))
    return changes


def _edited(value: Any, path: Path, edit: Items) -> Any:
    """`value` with the list at `path` inside it edited as `edit` says, creating mappings and the list as needed."""
    if not path:
        old = value if isinstance(value, list) else []
        kept: list[Any] = []
        for index, item in enumerate(old):
            kept += edit.replace.get(index, [item])
        return kept + edit.append
    container = value if isinstance(value, dict) else {}
    key = path[0]
    assert isinstance(key, str)
    container[key] = _edited(container.get(key), path[1:], edit)
    return container


def _dash_column(line: str) -> int:
    stripped = line.lstrip(" ")
    return len(line) - len(stripped) if stripped.startswith("-") else 0


def _value_changes(edits: list[Value], spans: dict[Path, _Span], lines: list[str]) -> list[Change]:
    """The lines that `edits` touch, each rewritten once with every value set on it. Keys added at the same
    place come out in the order of `edits`."""
    char_edits = sorted(
        ((*_char_edit(edit, spans, lines), number) for number, edit in enumerate(edits)),
        key=lambda e: (e[0], e[1], e[3]),
    )
    groups: list[tuple[int, int, list[tuple[tuple[int, int], tuple[int, int], str, int]]]] = []
    for edit in char_edits:  # lines that edits share are rewritten together
        (first, _), (last, _), _, _ = edit
        if groups and first <= groups[-1][1]:
            groups[-1] = (groups[-1][0], max(groups[-1][1], last), [*groups[-1][2], edit])
        else:
            groups.append((first, last, [edit]))
    changes = []
    for first, last, group in groups:
        text = "\n".join(lines[first : last + 1])
        starts = [0]
        for line in lines[first:last]:
            starts.append(starts[-1] + len(line) + 1)
        for (from_line, from_column), (to_line, to_column), new, _ in reversed(group):
            begin = starts[from_line - first] + from_column
            text = text[:begin] + new + text[starts[to_line - first] + to_column :]
        changes.append((first, last + 1, text))
    return changes


def _char_edit(edit: Value, spans: dict[Path, _Span], lines: list[str]) -> _CharEdit:
    written = inline(edit.value)
    span = spans.get(edit.path)
    if span is not None:
        if span.kind != "scalar":
            raise ValueError(f"{'.'.join(map(str, edit.path))} is not a single value")
        end = span.end
        if end[1] == 0 and end[0] > span.start[0]:  # a block scalar (`|`, `>`) ends at the start of the next line
            end = (end[0] - 1, len(lines[end[0] - 1]))
        return span.start, end, written
    parent = spans[edit.path[:-1]]
    if parent.kind != "map":
        raise ValueError(f"{'.'.join(map(str, edit.path[:-1]))} is not a mapping")
    key = str(edit.path[-1])
    sibling = next((spans[(*edit.path[:-1], name)] for name in edit.after if (*edit.path[:-1], name) in spans), None)
    if parent.flow:
        assert parent.close is not None
        if sibling is not None:
            return sibling.end, sibling.end, f", {key}: {written}"
        where = parent.close
        return where, where, f", {key}: {written}" if _keys_of(edit, spans) else f"{key}: {written}"
    indent = " " * (parent.key_column or 0)
    if sibling is None:
        following = next((spans[(*edit.path[:-1], k)] for k in edit.before if (*edit.path[:-1], k) in spans), None)
        if following is not None and not lines[following.first_line].lstrip().startswith("-"):
            return (following.first_line, 0), (following.first_line, 0), f"{indent}{key}: {written}\n"
    line = _last_line(sibling, lines) if sibling is not None else _last_line(parent, lines)
    return (line, len(lines[line])), (line, len(lines[line])), f"\n{indent}{key}: {written}"


def _keys_of(edit: Value, spans: dict[Path, _Span]) -> list[str]:
    parent = edit.path[:-1]
    return [str(path[-1]) for path in spans if len(path) == len(parent) + 1 and path[: len(parent)] == parent]
