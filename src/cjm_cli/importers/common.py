"""What every importer shares: the map it builds, the problems it notices, and clean texts for the map."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..core.model import TEXT_MAX
from ..core.problems import Position, Problem, Severity

# Controls, line and paragraph separators, and the bidirectional overrides that reorder what a reader sees:
# none of them belongs in a map's text, wherever the source file got them from.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


@dataclass
class Imported:
    """A map built from another tool's file (`data` is None when errors stopped the import)."""

    path: str
    data: dict[str, Any] | None = None
    problems: list[Problem] = field(default_factory=list)
    read_as: dict[str, str] = field(default_factory=dict)
    """What each file was read as: its encoding, or `XLSX`."""


class Problems:
    """Collects the problems of one input file."""

    def __init__(self, path: str, items: list[Problem] | None = None, encodings: dict[str, str] | None = None):
        self.path = path
        self.items: list[Problem] = [] if items is None else items
        self.encodings: dict[str, str] = {} if encodings is None else encodings
        """The encoding each file was read in (`UTF-16 LE with a byte-order mark`), for the import's summary."""

    def file(self, path: str) -> Problems:
        """The problems of another file of the same import, collected with these."""
        return Problems(path, self.items, self.encodings)

    def add(self, severity: Severity, position: Position, code: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.path, position, severity, code, message, hint))

    def error(self, position: Position, code: str, message: str, hint: str = "") -> None:
        self.add("error", position, code, message, hint)

    def warning(self, position: Position, code: str, message: str, hint: str = "") -> None:
        self.add("warning", position, code, message, hint)

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.items)

    def result(self, data: dict[str, Any] | None) -> Imported:
        problems = sorted(self.items, key=Problem.sort_key)
        return Imported(self.path, None if self.failed else data, problems, dict(self.encodings))


def one_line(text: str) -> str:
    """A text on one line: unprintable characters and runs of white space become one space."""
    return " ".join(_UNPRINTABLE.sub(" ", text).split())


def many_lines(text: str) -> str:
    """A text that may span lines (a description): each line cleaned, blank lines at the ends dropped."""
    lines = [one_line(line) for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def fit(text: str, sink: Problems, where: Position, what: str, limit: int = TEXT_MAX) -> str:
    """`text` cut to what a map holds, with a warning when it had to be cut."""
    if len(text) <= limit:
        return text
    sink.warning(where, "too-long", f"{what} is longer than {limit} characters; it is cut short", "shorten it")
    return text[: limit - 1] + "…"


def language(texts: list[str]) -> str:
    """`ru` when the texts hold Cyrillic, else `en`: the `lang` of an imported map."""
    return "ru" if any(_CYRILLIC.search(text) for text in texts) else "en"


def count_values(data: Any) -> int:
    """How many values a map holds, as the loader counts them (every mapping, list and scalar)."""
    if isinstance(data, dict):
        return 1 + sum(count_values(value) for value in data.values())
    if isinstance(data, list):
        return 1 + sum(count_values(value) for value in data)
    return 1
