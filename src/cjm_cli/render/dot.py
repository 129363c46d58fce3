"""The one writer of DOT for every view, and safe building blocks for its labels: every user text reaches DOT only
through `text()` (in HTML-like labels) or `escaped()` (in quoted strings such as tooltips).

Besides DOT's own quoting, Graphviz reads the text of a label or a tooltip as an escString: `\\N`, `\\G`,
`\\E`, `\\H`, `\\T` and `\\L` are replaced by the names of the node, graph, edge..., and `\\\\` by one
backslash. So every backslash of user text is written doubled for that reading: `C:\\Net` is drawn as
written, not as `C:` and the node's name and `et`.

Graphs are written by the `graphviz` package (`digraph`), which quotes every attribute value.

User text goes into HTML-like labels (`<...>`), escaped so that it can only ever be text: no markup, no
`<IMG>` (which makes dot read files), no closing `>` that would end the label and start attributes, and
no `]` (which Graphviz's HTML lexer refuses at the start of a cell's text: `title: "]"` could not be drawn).
Node names are generated keys and attribute values come from the theme, never from the map.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping

import graphviz

_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "]": "&#93;", "\\": "\\\\"}
)
_LEFT_BREAK = '<BR ALIGN="LEFT"/>'


def text(value: str) -> str:
    """User text as the content of an HTML-like label."""
    return value.translate(_ESCAPES)


def wrapped(value: str, width: int, max_lines: int = 12) -> list[str]:
    """Split text into lines of at most `width` characters (long words are broken), at most `max_lines`."""
    lines: list[str] = []
    for paragraph in value.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 1] + "…"]
    return lines


def block(value: str, width: int, max_lines: int = 12) -> str:
    """Escaped, wrapped, left-aligned text for a table cell."""
    return _LEFT_BREAK.join(text(line) for line in wrapped(value, width, max_lines)) + _LEFT_BREAK


def font(content: str, size: float | None = None, colour: str | None = None, bold: bool = False) -> str:
    """`content` (already escaped) in a font; size and colour come from the theme. Empty content stays empty:
    Graphviz refuses an empty `<B></B>` or `<FONT></FONT>` (a text of only spaces wraps to nothing)."""
    if not content:
        return content
    if bold:
        content = f"<B>{content}</B>"
    attributes = (f' POINT-SIZE="{size:g}"' if size else "") + (f' COLOR="{colour}"' if colour else "")
    return f"<FONT{attributes}>{content}</FONT>" if attributes else content


def table(rows: Iterable[str], padding: int = 2, spacing: int = 0, **attributes: str) -> str:
    """A label made of one-cell rows (each row already markup), as an HTML-like label."""
    extra = "".join(f' {name.upper()}="{value}"' for name, value in attributes.items())
    cells = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{row}</TD></TR>' for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="{spacing}" CELLPADDING="{padding}"{extra}>{cells}</TABLE>>'


def digraph(name: str, graph: Mapping[str, str], node: Mapping[str, str], edge: Mapping[str, str]) -> graphviz.Digraph:
    """A new directed graph with its attributes and the defaults of its nodes and edges."""
    g = graphviz.Digraph(name)
    g.attr(**graph)
    g.attr("node", **node)
    g.attr("edge", **edge)
    return g


def escaped(value: str) -> str:
    """User text (on one line) as the content of a DOT quoted string (a tooltip), to show as written: kept
    from being read as an HTML-like label, its quotes escaped, and its backslashes written as four (read
    once as the string's escapes, then as the escString's); ampersands, which dot keeps when they start an
    entity (`&lt;`), are written as `&amp;`."""
    if not value:
        return ""
    quoted: str = graphviz.nohtml(value.replace("&", "&amp;").replace("\\", "\\" * 4).replace('"', '\\"'))
    return quoted
