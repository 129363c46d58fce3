"""User text made safe for where it goes: a terminal or a log, a Markdown table cell, a spreadsheet's cell.

The map's text is anyone's: it must never move a cursor, forge a line of output or start markup.
"""

from __future__ import annotations

import re

# Characters that could forge lines, move the cursor or reorder what a reader sees: C0 and C1 controls
# (newlines and ESC included), line separators, zero-width and bidirectional formatting characters.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
"""What neither a map file nor a text in it may hold: C0 controls other than tab, line feed and carriage
return, DEL, C1 controls, the non-characters YAML refuses, and the Unicode line and paragraph separators
(which the YAML parser takes for line breaks). Written raw they are refused by the reader; written as a
YAML escape (`"\\e"`, `"\\x01"`) by the model: no picture can show them, and Graphviz refuses most."""


def plain(text: str) -> str:
    """User text safe for a terminal or a log: unsafe characters shown as escapes, never interpreted."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def escape_markdown(text: str) -> str:
    """A text as literal Markdown inside a table cell, on one line."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return "<br>".join(" ".join(line.split()) for line in text.split("\n"))


def spreadsheet_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text and never runs as a formula: one that starts with `=`, `+`, `-`,
    `@`, a tab or a carriage return gets a leading `'`, unless it is a plain number."""
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text
