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

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import START, Position, Problem, shown

try:  # libyaml's C parser is many times faster than the pure-Python one
    from yaml._yaml import CParser as Parser

    LIBYAML = True
except ImportError:  # PyYAML built without libyaml
    LIBYAML = False
    import yaml.parser
    from yaml.composer import Composer
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class Parser(Reader, Scanner, yaml.parser.Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            Composer.__init__(self)


Path = tuple[str | int, ...]

# An honest map has a few thousand nodes; aliases can make a few hundred bytes expand to millions.
MAX_NODES = 100_000
MAX_DEPTH = 64
# Below this many possible levels, the composers' recursion is safe (libyaml's crashed near 30,000).
_SAFE_NESTING = 5_000
# Longer digit strings are text: Python refuses to convert them, and no count or amount is that long.
_MAX_NUMBER_LENGTH = 100

_PLAIN = "?plain"  # tag given to untagged plain scalars, so that they can be told from `!!str` ones
_TAG = "tag:yaml.org,2002:"
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
_TAB_HINT = "YAML does not allow tabs for indentation; use spaces"
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:- )?([A-Za-z_][\w-]*):([^\s/:][^:]*)$")
_SYNTAX_HINTS = (
    ("mapping values are not allowed", "a text holding ': ' must be quoted, or a key is indented wrongly"),
    ("could not find expected ':'", "a key needs ': ' after it, or a text spanning lines must be quoted"),
    ("did not find expected key", "check the indentation of this line against the lines above"),
    ("did not find expected ',' or '}'", "inside {...} a text holding ': ' or ',' must be quoted"),
    ("did not find expected ',' or ']'", "inside [...] a text holding ': ' or ',' must be quoted"),
    ("did not find expected '-' indicator", "list items must line up under each other"),
    ("found undefined alias", "define the anchor (&name) before using the alias (*name)"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("found unknown escape character", "use single quotes, or double the backslash"),
    ("while scanning an alias", "'*' starts an alias in YAML; quote a text that begins with '*'"),
    ("while scanning an anchor", "'&' starts an anchor in YAML; quote a text that begins with '&'"),
    ("found character that cannot start any token", "quote a text that begins with '@', '`', '%' or '|'"),
)


class _Loader(Parser):
    """libyaml's parser and composer with a resolver that only marks plain scalars (we resolve them)."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _TAG + "str"
        return _TAG + ("seq" if kind is yaml.SequenceNode else "map")

    # Composer hooks that the C parser looks up on the instance.
    def descend_resolver(self, *args: Any) -> None:
        pass

    def ascend_resolver(self, *args: Any) -> None:
        pass


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


def _too_deep(text: str) -> Position | None:
    """Where the nesting first goes deeper than `MAX_DEPTH`, or None.

    The composers build the tree recursively: PyYAML's hits Python's recursion limit, and libyaml's, in C,
    crashes the interpreter on some tens of thousands of nested brackets. So depth is measured on the
    parser's flat stream of events first, whenever the text could possibly nest that deep.
    """
    # Each level of nesting needs a bracket, a list dash, a `?` or a new line: a cheap upper bound.
    bound = text.count("[") + text.count("{") + text.count("-") + text.count("?") + text.count("\n")
    if bound <= _SAFE_NESTING:
        return None
    loader = _Loader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH and event.start_mark is not None:
                    return Position(event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.StreamEndEvent):
                break
    except yaml.YAMLError:
        return None  # the composer will report the syntax error with its position
    finally:
        loader.dispose()
    return None


class _Stop(Exception):
    """Aborts conversion after a problem that makes the rest meaningless (alias bomb, cycle, depth)."""


def load(path: str, text: str) -> Document:
    """Parse `text` (one YAML document) into a `Document`; problems tell what is wrong."""
    document = Document(path, lines=text.split("\n"))
    try:
        too_deep = _too_deep(text)
        if too_deep is not None:
            document.problems.append(
                Problem(
                    path,
                    too_deep,
                    "error",
                    "too-deep",
                    f"the YAML is nested more than {MAX_DEPTH} levels deep",
                    "flatten the structure",
                )
            )
            return document
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        document.problems.append(_syntax_problem(path, text, error))
        return document
    except yaml.YAMLError as error:  # pragma: no cover - errors without a mark are not raised by libyaml
        document.problems.append(Problem(path, START, "error", "yaml-syntax", str(error), ""))
        return document

    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _PLAIN and root.value == ""):
        document.problems.append(
            Problem(path, START, "error", "empty", "the file holds no map", "start with `cjm: 1` and a `title:`")
        )
        return document
    if not isinstance(root, yaml.MappingNode):
        document.problems.append(
            Problem(
                path,
                _position(root),
                "error",
                "not-a-map",
                f"the top level is a {_kind(root)}, not a mapping of keys",
                "a map file holds `key: value` lines at the top level, starting with `cjm: 1`",
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

    def problem(self, node: yaml.Node, code: str, message: str, hint: str) -> None:
        self.document.problems.append(Problem(self.document.path, _position(node), "error", code, message, hint))

    def convert(self, node: yaml.Node, path: Path) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            # Reported at the top-level key whose value blew up, not deep inside an anchor's definition.
            where = self.document.key_positions.get(path[:1]) or _position(node)
            self.document.problems.append(
                Problem(
                    self.document.path,
                    where,
                    "error",
                    "too-large",
                    f"the document expands to more than {MAX_NODES:,} values",
                    "aliases (*name) that repeat large parts many times are not supported here"
                    if self.aliases
                    else "split the map into several files",
                )
            )
            raise _Stop
        if len(path) > MAX_DEPTH:
            self.problem(node, "too-deep", f"the YAML is nested more than {MAX_DEPTH} levels deep", "flatten it")
            raise _Stop
        self.document.positions.setdefault(path, _position(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.active:
            self.problem(node, "alias-cycle", "an alias refers to the collection that contains it", "remove the alias")
            raise _Stop
        if id(node) in self.converted:
            self.aliases = True
        self.converted.add(id(node))
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self.check_collection_tag(node, "seq")
                return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
            assert isinstance(node, yaml.MappingNode)
            self.check_collection_tag(node, "map")
            return self.mapping(node, path)
        finally:
            self.active.discard(id(node))

    def check_collection_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != _TAG + expected:
            self.unsupported_tag(node)

    def check_cut_by_comment(self, node: yaml.ScalarNode) -> None:
        """`title: Order #123` is the text "Order": YAML takes ` #` for the start of a comment."""
        mark = node.end_mark
        rest = self.document.lines[mark.line][mark.column :] if mark.line < len(self.document.lines) else ""
        if _CUT_BY_COMMENT.match(rest):
            self.document.problems.append(
                Problem(
                    self.document.path,
                    Position(mark.line + 1, mark.column + rest.index("#") + 1),
                    "warning",
                    "comment-in-text",
                    f"the text ends before '{rest.strip()[:30]}': ' #' starts a comment in YAML",
                    "quote the text to keep the rest, or put a space after '#' if it is a comment",
                )
            )

    def unsupported_tag(self, node: yaml.Node) -> None:
        self.problem(
            node,
            "yaml-tag",
            f"unsupported YAML tag {shown(_short_tag(node.tag))}",
            "maps hold plain text, numbers, lists and mappings; remove the tag",
        )

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        if node.flow_style:
            self.document.flow_mappings.add(path)
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "yaml-key", f"a {_kind(key_node)} used as a key", "keys are plain words")
                continue
            key = key_node.value
            if key_node.tag not in (_PLAIN, _TAG + "str"):
                self.unsupported_tag(key_node)
            if key == "<<" and key_node.tag == _PLAIN:
                self.problem(key_node, "yaml-merge", "merge keys (<<) are not supported", "write the keys out")
                continue
            if key in first_seen:
                self.problem(
                    key_node,
                    "duplicate-key",
                    f"key '{shown(key)}' appears twice (first on line {first_seen[key].line})",
                    "remove one of them; YAML would silently keep only one",
                )
                continue
            first_seen[key] = _position(key_node)
            child = (*path, key)
            self.document.key_positions[child] = first_seen[key]
            result[key] = self.convert(value_node, child)
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        text = node.value
        if node.tag == _PLAIN:
            self.check_cut_by_comment(node)
            value = _resolve_plain(text)
            if not isinstance(value, str):
                self.document.plain_text[path] = text
            return value
        tag = node.tag[len(_TAG) :] if node.tag.startswith(_TAG) else None
        if tag == "str":
            return text
        if tag in _SCALAR_TAGS:
            value = _resolve_plain(text)
            if _SCALAR_TAGS[tag](value):
                return float(value) if tag == "float" else value
            self.problem(node, "yaml-tag", f"'{text}' is not a valid !!{tag}", "remove the tag or fix the value")
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


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return "list" if isinstance(node, yaml.SequenceNode) else "single value"


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _syntax_problem(path: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    unclosed = error.context_mark is not None and mark is not None and mark.index >= len(text.rstrip())
    if unclosed:
        mark = error.context_mark  # an unclosed quote or bracket: where it opens, not the end of the file
    position = Position(mark.line + 1, mark.column + 1) if mark else START
    message = " ".join(part for part in (error.context, error.problem) if part)
    if "expected a single document" in message:
        return Problem(
            path,
            position,
            "error",
            "multiple-documents",
            "the file holds more than one YAML document (---)",
            "put one map in one file",
        )
    hint = (
        "this quote or bracket is never closed"
        if unclosed
        else _missing_space_hint(text, position.line) or next((h for n, h in _SYNTAX_HINTS if n in message), "")
    )
    if mark and _char_at(text, mark.line, mark.column) == "\t":
        return Problem(path, position, "error", "tab", "a tab where YAML expects spaces", _TAB_HINT)
    return Problem(path, position, "error", "yaml-syntax", f"YAML syntax: {message}", hint)


def _missing_space_hint(text: str, line: int) -> str:
    """`cjm:1` is one text, not a key and a value: name the line when one of the lines so far looks like it."""
    for number, content in enumerate(text.split("\n")[:line], start=1):
        found = _NO_SPACE_AFTER_COLON.match(content)
        if found:
            return f"a key needs a space after its colon: write `{found.group(1)}: {found.group(2)}` on line {number}"
    return ""


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""
