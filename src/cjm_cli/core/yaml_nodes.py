"""Stage 2, load (first half): YAML text to a tree of nodes, the same tree whichever parser PyYAML was built with.

PyYAML parses with libyaml (C, fast) when it was built with it, and with its own pure-Python parser otherwise.
The two disagree on some inputs: libyaml accepts a tab before a comment that the Python parser refuses, and
refuses a tab at the start of a block scalar that the Python parser accepts; they word their errors
differently; libyaml 0.2.6 stops at a nesting depth of its own. A map's verdict must not depend on how PyYAML
was built, so the pure-Python parser is the reference and libyaml only an accelerator:

- libyaml's answer is taken only when it parsed the whole text without complaint and the text holds nothing
  the two parsers are known to read differently (`needs_reference`); any other text, and every error, is
  parsed again by the reference, whose answer is the verdict;
- the tree is composed here, from the parser's events, not by either parser's composer: iteratively, so
  that no nesting can exhaust a stack, with cjm's own depth limit, its own anchors and aliases, and the
  resolver cjm needs (plain scalars marked, to be resolved by the YAML 1.2 core schema in `load.py`).

Errors of the parser come out as `yaml.MarkedYAMLError` (or `yaml.ReaderError` for a character YAML refuses);
what the composer finds comes out as `ComposeFailure` with the problem's position, code, message and hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml
import yaml.parser
import yaml.reader
import yaml.scanner

from .i18n import tr
from .problems import Position

YamlParser = Literal["libyaml", "python"]
"""`libyaml`: libyaml with the pure-Python parser as the reference; `python`: the reference alone."""

LIBYAML_LOADER: type | None = getattr(yaml, "CBaseLoader", None)  # absent when PyYAML was built without libyaml
PARSERS: tuple[YamlParser, ...] = ("libyaml", "python") if LIBYAML_LOADER is not None else ("python",)
PREFERRED: YamlParser = PARSERS[0]
"""The parser `compose` uses when the caller names none."""

PLAIN = "?plain"
"""The tag of untagged plain scalars, so that they can be told from `!!str` ones and resolved by cjm."""
TAG = "tag:yaml.org,2002:"

# What the two parsers read differently, found by running both over the yaml-test-suite and over generated
# documents (tests/test_yaml_parity.py): tabs (as separation, indentation or in block scalars), directives
# (`%YAML`, `%TAG`), tags, and the header of a block scalar with a comment glued to it. A text holding one of
# them is read by the reference; a false alarm only costs time. Inside flow collections (`[...]`, `{...}`), the
# parsers also place an empty value differently and split a plain text holding ` ? ` differently: libyaml's
# events are doubted there (`_doubtful`).
_REFERENCE_NEEDED = re.compile(
    r"\t"  # a tab anywhere
    r"|^%"  # a directive
    r"|(?:^|[\s\[\]{},])!"  # a tag
    r"|(?:^|[\s\[{,])\?(?:\s|$)"  # an explicit key
    r"|[|>][-+0-9]*#",  # a comment glued to a block scalar's header
    re.MULTILINE,
)


@dataclass(eq=False)
class Node:
    """A node of the tree: its tag (cjm's `PLAIN` or a full tag) and where it starts and ends (1-based)."""

    tag: str
    start: Position
    end: Position


@dataclass(eq=False)
class Scalar(Node):
    value: str


@dataclass(eq=False)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)
    flow: bool = False
    """Written in flow style, `[a, b]`."""


@dataclass(eq=False)
class Mapping(Node):
    pairs: list[tuple[Node, Node]] = field(default_factory=list)
    flow: bool = False
    """Written in flow style, `{a: 1, b: 2}`: a comma in a text there silently starts a new key."""


class ComposeFailure(Exception):
    """The composer stopped: a problem with the text that no parser reports (the events were fine)."""

    def __init__(self, position: Position, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.position = position
        self.code = code
        self.message = message
        self.hint = hint


def needs_reference(text: str) -> bool:
    """Whether libyaml and the pure-Python parser could read `text` differently."""
    return _REFERENCE_NEEDED.search(text) is not None


def compose(text: str, max_depth: int, parser: YamlParser | None = None) -> Node | None:
    """The root node of the single document in `text` (None for an empty stream). Raises `yaml.YAMLError` for
    a syntax error (in the reference parser's words) and `ComposeFailure` for what the composer finds: more
    than one document, an alias without its anchor, an anchor defined twice, nesting deeper than `max_depth`."""
    if (parser or PREFERRED) == "libyaml" and LIBYAML_LOADER is not None and not needs_reference(text):
        try:
            return _compose(_trusted(yaml.parse(text, Loader=LIBYAML_LOADER)), max_depth)
        except (yaml.YAMLError, ComposeFailure, _Doubtful):
            pass  # the reference parser decides, in its own words
    return _compose(_reference_events(text), max_depth)


def events(text: str) -> list[yaml.Event]:
    """The parse events of `text`, read as `compose` reads it (libyaml where it agrees with the reference), for
    code that walks a map's text by its events (`importers.splice`). Raises `yaml.YAMLError` as `compose` does;
    meant for texts that `load` accepts."""
    if PREFERRED == "libyaml" and LIBYAML_LOADER is not None and not needs_reference(text):
        try:
            return list(_trusted(yaml.parse(text, Loader=LIBYAML_LOADER)))
        except (yaml.YAMLError, _Doubtful):
            pass
    return list(_reference_events(text))


def position(mark: Any) -> Position:
    """A parser's 0-based mark (either parser's kind) as a 1-based position."""
    return Position(mark.line + 1, mark.column + 1)


_BREAKS = "\0\r\n\x85\u2028\u2029"
_BLANK_OR_BREAK = " \t" + _BREAKS[1:]


class _Yaml12Scanner(yaml.reader.Reader, yaml.scanner.Scanner):
    """PyYAML's pure-Python scanner, reading what YAML 1.2 (and libyaml) allow where the older scanner refuses:

    - a tab as the space between tokens on a line (`lang: en<TAB># comment`, `title:<TAB>Shop`), but not where
      it would indent (at the start of a line, after `-`, `?` or the `:` of an explicit key), as libyaml;
    - a tab inside a plain text (`title: Shop<TAB>and more`), as libyaml;
    - a `?` inside a plain text in a flow collection: `{url: /shop?page=2}` is one text.

    The methods are PyYAML's own, changed only where marked."""

    def scan_to_next_token(self) -> None:
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            # changed: tabs between tokens, where they cannot be taken for indentation
            while self.peek() == " " or (self.peek() == "\t" and (self.flow_level or not self.allow_simple_key)):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in _BREAKS:
                    self.forward()
            if not self._line_break():
                return
            if not self.flow_level:
                self.allow_simple_key = True

    def scan_plain(self) -> yaml.ScalarToken:
        chunks: list[str] = []
        start_mark = self.get_mark()
        end_mark = start_mark
        indent = self.indent + 1
        spaces: list[str] | None = []
        breaks = _BREAKS[0] + " \t" + _BREAKS[1:]
        while True:
            length = 0
            if self.peek() == "#":
                break
            while True:
                ch = self.peek(length)
                if (
                    ch in breaks
                    or (ch == ":" and self.peek(length + 1) in breaks + (",[]{}" if self.flow_level else ""))
                    or (self.flow_level and ch in ",[]{}")  # changed: not "?"
                ):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces or ())
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return yaml.ScalarToken("".join(chunks), True, start_mark, end_mark)

    def scan_plain_spaces(self, indent: int, start_mark: yaml.Mark) -> list[str] | None:
        chunks: list[str] = []
        length = 0
        while self.peek(length) in " \t":  # changed: tabs too
            length += 1
        whitespaces = self.prefix(length)
        self.forward(length)
        if self.peek() not in _BREAKS[1:]:
            return [whitespaces] if whitespaces else chunks
        line_break = self._line_break()
        self.allow_simple_key = True
        if self._document_marker():
            return None
        breaks = []
        while self.peek() in _BLANK_OR_BREAK:
            if self.peek() == " ":
                self.forward()
            elif self.peek() == "\t":  # changed: a tab that does not indent the text is blank space
                if self.column < indent:
                    raise yaml.scanner.ScannerError(
                        "while scanning a plain scalar",
                        start_mark,
                        "found a tab character that violates indentation",
                        self.get_mark(),
                    )
                self.forward()
            else:
                breaks.append(self._line_break())
                if self._document_marker():
                    return None
        if line_break != "\n":
            chunks.append(line_break)
        elif not breaks:
            chunks.append(" ")
        chunks.extend(breaks)
        return chunks

    def scan_block_scalar_indicators(self, start_mark: yaml.Mark) -> tuple[bool | None, int | None]:
        chomping: bool | None = None
        increment: int | None = None
        for _ in range(2):  # a chomping and an indentation indicator, in either order
            ch = self.peek()
            if ch in "+-" and chomping is None:
                chomping = ch == "+"
            elif ch in "0123456789" and increment is None:
                if ch == "0":
                    found = "expected indentation indicator in the range 1-9, but found 0"
                    raise yaml.scanner.ScannerError("while scanning a block scalar", start_mark, found, self.get_mark())
                increment = int(ch)
            else:
                break
            self.forward()
        if self.peek() not in _BREAKS + " \t":  # changed: a tab may follow
            found = f"expected chomping or indentation indicators, but found {self.peek()!r}"
            raise yaml.scanner.ScannerError("while scanning a block scalar", start_mark, found, self.get_mark())
        return chomping, increment

    def scan_block_scalar_ignored_line(self, start_mark: yaml.Mark) -> None:
        self._ignored_line("while scanning a block scalar", start_mark)

    def scan_directive_ignored_line(self, start_mark: yaml.Mark) -> None:
        self._ignored_line("while scanning a directive", start_mark)

    def _ignored_line(self, context: str, start_mark: yaml.Mark) -> None:
        while self.peek() in " \t":  # changed: tabs too
            self.forward()
        if self.peek() == "#":
            while self.peek() not in _BREAKS:
                self.forward()
        if self.peek() not in _BREAKS:
            found = f"expected a comment or a line break, but found {self.peek()!r}"
            raise yaml.scanner.ScannerError(context, start_mark, found, self.get_mark())
        self._line_break()

    def _line_break(self) -> str:
        found: str = self.scan_line_break()  # type: ignore[no-untyped-call]
        return found

    def _document_marker(self) -> bool:
        return self.prefix(3) in ("---", "...") and self.peek(3) in _BREAKS + " \t"


class _Reference(_Yaml12Scanner, yaml.parser.Parser):
    """The reference parser: PyYAML's pure-Python reader, scanner (as corrected above) and parser."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


def _reference_events(text: str) -> Iterator[yaml.Event]:
    parser = _Reference(text)
    try:
        while parser.check_event():
            yield parser.get_event()  # type: ignore[no-untyped-call]
    finally:
        parser.dispose()


class _Doubtful(Exception):
    """libyaml's events hold something the reference parser could read differently."""


def _doubtful(event: Any) -> bool:
    """A scalar inside a flow collection that libyaml and the reference parser place or split differently."""
    return event.implicit[0] and (not event.value or " ? " in event.value)


def _trusted(events: Iterator[Any]) -> Iterator[Any]:
    """libyaml's events, stopping with `_Doubtful` at a scalar the reference could read differently."""
    flows: list[bool] = []  # whether each open collection is written in flow style
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            flows.append(bool(event.flow_style))
        elif isinstance(event, yaml.CollectionEndEvent):
            flows.pop()
        elif isinstance(event, yaml.ScalarEvent) and any(flows) and _doubtful(event):
            raise _Doubtful
        yield event


def _compose(events: Iterator[Any], max_depth: int) -> Node | None:
    """The tree of the events of one document."""
    root: Node | None = None
    documents = 0
    anchors: dict[str, Node] = {}
    # The collections being composed, innermost last; a mapping's key waits in `key` for its value.
    open_collections: list[Sequence | Mapping] = []
    key: list[Node] = []

    def place(node: Node) -> None:
        nonlocal root
        if not open_collections:
            root = node
            return
        parent = open_collections[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
        elif key[-1] is _NO_KEY:
            key[-1] = node
        else:
            parent.pairs.append((key[-1], node))
            key[-1] = _NO_KEY

    def anchored(event: Any, node: Node) -> None:
        anchor = event.anchor
        if anchor is None:
            return
        if anchor in anchors:
            raise ComposeFailure(
                position(event.start_mark),
                "yaml-syntax",
                tr(
                    "YAML syntax: the anchor &{anchor} is defined twice (first on line {line})",
                    anchor=anchor,
                    line=anchors[anchor].start.line,
                ),
                tr("give each anchor (&name) a name of its own"),
            )
        anchors[anchor] = node

    for event in events:
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag if event.tag not in (None, "!") else (PLAIN if event.implicit[0] else TAG + "str")
            scalar = Scalar(tag, position(event.start_mark), position(event.end_mark), event.value)
            anchored(event, scalar)
            place(scalar)
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(open_collections) >= max_depth:
                raise ComposeFailure(
                    position(event.start_mark),
                    "too-deep",
                    tr("the YAML is nested more than {depth} levels deep", depth=max_depth),
                    tr("flatten the structure"),
                )
            where = position(event.start_mark)
            flow = bool(event.flow_style)
            collection: Sequence | Mapping
            if isinstance(event, yaml.SequenceStartEvent):
                collection = Sequence(_tag(event.tag, "seq"), where, where, flow=flow)
            else:
                collection = Mapping(_tag(event.tag, "map"), where, where, flow=flow)
            anchored(event, collection)
            place(collection)
            open_collections.append(collection)
            key.append(_NO_KEY)
        elif isinstance(event, yaml.CollectionEndEvent):
            closed = open_collections.pop()
            closed.end = position(event.end_mark)
            key.pop()
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise ComposeFailure(
                    position(event.start_mark),
                    "yaml-syntax",
                    tr("YAML syntax: found undefined alias {alias}", alias=repr(event.anchor)),
                    tr("define the anchor (&name) before using the alias (*name)"),
                )
            place(anchors[event.anchor])
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise ComposeFailure(
                    position(event.start_mark),
                    "multiple-documents",
                    tr("the file holds more than one YAML document (---)"),
                    tr("put one map in one file"),
                )
    return root


_NO_KEY = Node("", Position(0, 0), Position(0, 0))
"""Stands in a mapping's key slot while no key waits for its value."""


def _tag(tag: str | None, kind: str) -> str:
    return tag if tag not in (None, "!") else TAG + kind
