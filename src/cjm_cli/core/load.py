"""Stage 2, load: YAML text to plain data, keeping the source position of every key and value.

YAML is read safely and strictly:
- only plain data: mappings, sequences and scalars; tags that construct objects are problems;
- plain scalars are resolved by the YAML 1.2 core schema, as editors do: `no`, `off`, `12:30` stay text,
  while `true`, `12`, `1.10` and `null` become a boolean, numbers and nothing. The model stage then says
  "quote it" where a text field got a number, with the text as written;
- duplicate keys, merge keys (`<<`), several documents, alias cycles and alias bombs are problems;
- positions are 1-based lines and columns, kept in `Document.positions` by path
  (a path is the tuple of keys and list indices leading to a value).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.reader

from .i18n import N_, ntr, number, tr
from .problems import START, Position, Problem, Severity, shown
from .read import position_of_offset
from .split_items import split_items
from .yaml_nodes import PLAIN, TAG, ComposeFailure, Mapping, Node, Scalar, Sequence, YamlParser, compose

Path = tuple[str | int, ...]

# An honest map has a few thousand nodes; aliases can make a few hundred bytes expand to millions.
MAX_NODES = 100_000
MAX_DEPTH = 64
# Longer digit strings are text: Python refuses to convert them, and no count or amount is that long.
_MAX_NUMBER_LENGTH = 100

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

# Explicit scalar tags we accept, and what the text must resolve to for each.
_SCALAR_TAGS: dict[str, Callable[[Any], bool]] = {
    "int": lambda value: type(value) is int,
    "float": lambda value: type(value) in (int, float),
    "bool": lambda value: type(value) is bool,
    "null": lambda value: value is None,
}

# A value followed by ` #` and a non-space: `Order #123`, `Ticket #A-7`; a real comment has a space after '#'.
_CUT_BY_COMMENT = re.compile(r"^[ \t]+#[^\s#]")
_TAB_HINT = N_("YAML does not allow tabs for indentation; use spaces")
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:- )?([A-Za-z_][\w-]*):([^\s/:][^:]*)$")
# The reference parser's words for the usual mistakes, and the plainer ones libyaml (and cjm before it) uses.
_WORDING = (
    (
        re.compile(r"(while parsing a block mapping) expected <block end>, but found .*"),
        r"\1 did not find expected key",
    ),
    (
        re.compile(r"(while parsing a block collection) expected <block end>, but found .*"),
        r"\1 did not find expected '-' indicator",
    ),
    (re.compile(r"(while parsing a flow \w+) expected ('.' or '.'), but got .*"), r"\1 did not find expected \2"),
    (re.compile(r"mapping values are not allowed here"), "mapping values are not allowed in this context"),
)
_SYNTAX_HINTS = (
    ("mapping values are not allowed", N_("a text holding ': ' must be quoted, or a key is indented wrongly")),
    ("could not find expected ':'", N_("a key needs ': ' after it, or a text spanning lines must be quoted")),
    ("did not find expected key", N_("check the indentation of this line against the lines above")),
    ("did not find expected ',' or '}'", N_("inside {...} a text holding ': ' or ',' must be quoted")),
    ("did not find expected ',' or ']'", N_("inside [...] a text holding ': ' or ',' must be quoted")),
    ("did not find expected '-' indicator", N_("list items must line up under each other")),
    ("found unexpected end of stream", N_("a quote or bracket is not closed")),
    ("found unknown escape character", N_("use single quotes, or double the backslash")),
    ("while scanning an alias", N_("'*' starts an alias in YAML; quote a text that begins with '*'")),
    ("while scanning an anchor", N_("'&' starts an anchor in YAML; quote a text that begins with '&'")),
    ("found character that cannot start any token", N_("quote a text that begins with '@', '`', '%' or '|'")),
)
"""The hints to PyYAML's words for the usual mistakes (its words stay English in a message: its own)."""


@dataclass
class Document:
    """A loaded map: plain data plus where each piece came from."""

    path: str
    data: Any = None
    positions: dict[Path, Position] = field(default_factory=dict)
    key_positions: dict[Path, Position] = field(default_factory=dict)
    # The text as written of plain scalars that became a number, boolean or null (for "quote it" hints).
    plain_text: dict[Path, str] = field(default_factory=dict)
    # Mappings written in flow style, `{a: 1, b: 2}`, where a comma in a text silently starts a new key.
    flow_mappings: set[Path] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    lines: list[str] = field(default_factory=list, repr=False)
    # Shared definitions (`include.py`): the file each included item came from, by the item's path in the
    # merged data (`("personas", 3)`), and every file an include names (read, or missing or broken).
    files: dict[Path, str] = field(default_factory=dict)
    included: list[str] = field(default_factory=list)

    def position(self, path: Path) -> Position:
        """Where the value at `path` (or its nearest ancestor that exists) starts."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return START

    def key_position(self, path: Path) -> Position:
        """Where the key naming the value at `path` starts (falls back to the value)."""
        return self.key_positions.get(path) or self.position(path)

    def file(self, path: Path) -> str:
        """The file the value at `path` was written in: an included file's name, or this document's."""
        if self.files and len(path) > 1:
            return self.files.get(path[:2], self.path)
        return self.path

    def problem(
        self, path: Path, severity: Severity, code: str, message: str, hint: str = "", at_key: bool = False
    ) -> Problem:
        """A problem of the value at `path` (of its key with `at_key`), in the file that value was written in."""
        position = self.key_position(path) if at_key else self.position(path)
        return Problem(self.file(path), position, severity, code, message, hint)


class _Stop(Exception):
    """Aborts conversion after a problem that makes the rest meaningless (alias bomb, cycle, depth)."""


def load(path: str, text: str, parser: YamlParser | None = None) -> Document:
    """Parse `text` (one YAML document) into a `Document`; problems tell what is wrong. `parser` chooses how
    PyYAML parses (see `yaml_nodes`); the verdict is the same with either."""
    document = Document(path, lines=text.split("\n"))
    try:
        root = compose(text, MAX_DEPTH, parser)
    except ComposeFailure as failure:
        document.problems.append(Problem(path, failure.position, "error", failure.code, failure.message, failure.hint))
        return document
    except yaml.MarkedYAMLError as error:
        document.problems.append(_syntax_problem(path, text, error))
        return document
    except yaml.reader.ReaderError as error:  # a character YAML refuses (the read stage reports them in map files)
        where = position_of_offset(text, error.position)
        message = tr("control character {character} in the file", character=f"U+{error.character:04X}")
        document.problems.append(Problem(path, where, "error", "control-character", message, tr("remove it")))
        return document

    if root is None or (isinstance(root, Scalar) and root.tag == PLAIN and root.value == ""):
        document.problems.append(
            Problem(
                path, START, "error", "empty", tr("the file holds no map"), tr("start with `cjm: 1` and a `title:`")
            )
        )
        return document
    if not isinstance(root, Mapping):
        document.problems.append(
            Problem(
                path,
                root.start,
                "error",
                "not-a-map",
                tr("the top level is {kind}, not a mapping of keys", kind=_kind(root)),
                tr("a map file holds `key: value` lines at the top level, starting with `cjm: 1`"),
            )
        )
        return document

    converter = _Converter(document)
    try:
        document.data = converter.convert(root, ())
    except _Stop:
        document.data = None
    return document


class _Converter:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.nodes = 0
        self.active: set[int] = set()  # ids of collections being converted: an alias to one is a cycle
        self.converted: set[int] = set()  # ids of collections converted once: meeting one again is an alias
        self.aliases = False

    def problem(self, node: Node, code: str, message: str, hint: str) -> None:
        self.document.problems.append(Problem(self.document.path, node.start, "error", code, message, hint))

    def convert(self, node: Node, path: Path) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            # Reported at the top-level key whose value blew up, not deep inside an anchor's definition.
            where = self.document.key_positions.get(path[:1]) or node.start
            self.document.problems.append(
                Problem(
                    self.document.path,
                    where,
                    "error",
                    "too-large",
                    tr("the document expands to more than {count} values", count=number(MAX_NODES)),
                    tr("aliases (*name) that repeat large parts many times are not supported here")
                    if self.aliases
                    else tr("split the map into several files"),
                )
            )
            raise _Stop
        if len(path) > MAX_DEPTH:
            message = tr("the YAML is nested more than {depth} levels deep", depth=MAX_DEPTH)
            self.problem(node, "too-deep", message, tr("flatten it"))
            raise _Stop
        self.document.positions.setdefault(path, node.start)
        if isinstance(node, Scalar):
            return self.scalar(node, path)
        if id(node) in self.active:
            message = tr("an alias refers to the collection that contains it")
            self.problem(node, "alias-cycle", message, tr("remove the alias"))
            raise _Stop
        if id(node) in self.converted:
            self.aliases = True
        self.converted.add(id(node))
        self.active.add(id(node))
        try:
            if isinstance(node, Sequence):
                self.check_collection_tag(node, "seq")
                if node.flow:
                    self.check_split_items(node)
                return [self.convert(item, (*path, index)) for index, item in enumerate(node.items)]
            assert isinstance(node, Mapping)
            self.check_collection_tag(node, "map")
            return self.mapping(node, path)
        finally:
            self.active.discard(id(node))

    def check_collection_tag(self, node: Node, expected: str) -> None:
        if node.tag != TAG + expected:
            self.unsupported_tag(node)

    def check_cut_by_comment(self, node: Scalar) -> None:
        """`title: Order #123` is the text "Order": YAML takes ` #` for the start of a comment."""
        line, column = node.end.line - 1, node.end.column - 1
        rest = self.document.lines[line][column:] if line < len(self.document.lines) else ""
        if _CUT_BY_COMMENT.match(rest):
            self.document.problems.append(
                Problem(
                    self.document.path,
                    Position(line + 1, column + rest.index("#") + 1),
                    "warning",
                    "comment-in-text",
                    tr("the text ends before '{rest}': ' #' starts a comment in YAML", rest=rest.strip()[:30]),
                    tr("quote the text to keep the rest, or put a space after '#' if it is a comment"),
                )
            )

    def check_split_items(self, node: Sequence) -> None:
        """`[Битрикс24 (сделка, роботы)]` is two items: inside [...] a comma ends an item (see `split_items`)."""
        for first, pieces in split_items(node):
            whole = ", ".join(pieces)
            self.document.problems.append(
                Problem(
                    self.document.path,
                    first.start,
                    "warning",
                    "comma-in-list",
                    ntr(
                        "a comma inside [...] cut '{text}' into {n} item",
                        "a comma inside [...] cut '{text}' into {n} items",
                        len(pieces),
                        text=shown(whole),
                    ),
                    tr(
                        "quote the text: [{quoted}], or write the list one item a line",
                        quoted=json.dumps(whole, ensure_ascii=False),
                    ),
                )
            )

    def unsupported_tag(self, node: Node) -> None:
        self.problem(
            node,
            "yaml-tag",
            tr("unsupported YAML tag {tag}", tag=shown(_short_tag(node.tag))),
            tr("maps hold plain text, numbers, lists and mappings; remove the tag"),
        )

    def mapping(self, node: Mapping, path: Path) -> dict[str, Any]:
        if node.flow:
            self.document.flow_mappings.add(path)
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.pairs:
            if not isinstance(key_node, Scalar):
                message = tr("{kind} used as a key", kind=_kind(key_node))
                self.problem(key_node, "yaml-key", message, tr("keys are plain words"))
                continue
            key = key_node.value
            if key_node.tag not in (PLAIN, TAG + "str"):
                self.unsupported_tag(key_node)
            if key == "<<" and key_node.tag == PLAIN:
                self.problem(key_node, "yaml-merge", tr("merge keys (<<) are not supported"), tr("write the keys out"))
                continue
            if key in first_seen:
                self.problem(
                    key_node,
                    "duplicate-key",
                    tr("key '{key}' appears twice (first on line {line})", key=shown(key), line=first_seen[key].line),
                    tr("remove one of them; YAML would silently keep only one"),
                )
                continue
            first_seen[key] = key_node.start
            child = (*path, key)
            self.document.key_positions[child] = first_seen[key]
            result[key] = self.convert(value_node, child)
        return result

    def scalar(self, node: Scalar, path: Path) -> Any:
        text = node.value
        if node.tag == PLAIN:
            self.check_cut_by_comment(node)
            value = _resolve_plain(text)
            if not isinstance(value, str):
                self.document.plain_text[path] = text
            return value
        tag = node.tag[len(TAG) :] if node.tag.startswith(TAG) else None
        if tag == "str":
            return text
        if tag in _SCALAR_TAGS:
            value = _resolve_plain(text)
            if _SCALAR_TAGS[tag](value):
                return float(value) if tag == "float" else value
            message = tr("'{text}' is not a valid !!{tag}", text=text, tag=tag)
            self.problem(node, "yaml-tag", message, tr("remove the tag or fix the value"))
            return text
        self.unsupported_tag(node)
        return text


def _resolve_plain(text: str) -> Any:
    """Resolve a plain scalar by the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if len(text) > _MAX_NUMBER_LENGTH:
        return text
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


def _kind(node: Node) -> str:
    if isinstance(node, Mapping):
        return tr("a mapping")
    return tr("a list") if isinstance(node, Sequence) else tr("a single value")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag


def _syntax_problem(path: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    unclosed = error.context_mark is not None and mark is not None and mark.index >= len(text.rstrip())
    if unclosed:
        mark = error.context_mark  # an unclosed quote or bracket: where it opens, not the end of the file
    position = Position(mark.line + 1, mark.column + 1) if mark else START
    message = _worded(" ".join(part for part in (error.context, error.problem) if part))
    hint = (
        tr("this quote or bracket is never closed")
        if unclosed
        else _missing_space_hint(text, position.line) or next((tr(h) for n, h in _SYNTAX_HINTS if n in message), "")
    )
    if mark and _char_at(text, mark.line, mark.column) == "\t":
        return Problem(path, position, "error", "tab", tr("a tab where YAML expects spaces"), tr(_TAB_HINT))
    return Problem(path, position, "error", "yaml-syntax", tr("YAML syntax: {message}", message=message), hint)


def _worded(message: str) -> str:
    for pattern, wording in _WORDING:
        message = pattern.sub(wording, message)
    return message


def _missing_space_hint(text: str, line: int) -> str:
    """`cjm:1` is one text, not a key and a value: name the line when one of the lines so far looks like it."""
    for at, content in enumerate(text.split("\n")[:line], start=1):
        found = _NO_SPACE_AFTER_COLON.match(content)
        if found:
            return tr(
                "a key needs a space after its colon: write `{key}: {value}` on line {line}",
                key=found.group(1),
                value=found.group(2),
                line=at,
            )
    return ""


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""
