"""Problems are values: where, how bad, which code, what happened and what to do about it.

Every stage of the pipeline reports what is wrong with its input as `Problem`s instead of raising, so that
all problems of a file can be collected and reported at once.  Exceptions are kept for what is not the
input's fault (`CjmError` and its subclasses), each mapped to a documented exit code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from .i18n import ntr, number, tr

Severity = Literal["error", "warning"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1}


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column (columns count characters, not bytes)."""

    line: int
    column: int


START = Position(1, 1)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file."""

    path: str
    position: Position
    severity: Severity
    code: str
    message: str
    hint: str = ""

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (
            self.path,
            self.position.line,
            self.position.column,
            SEVERITY_ORDER[self.severity],
            self.code,
            self.message,
        )


LISTED = 100
"""Problems of one kind listed per map (a rule on one kind of element, an error code); the rest are counted in
one problem more, "and 1,438,800 more ...". A map within the size limit could otherwise ask for millions."""

Key = TypeVar("Key", bound=Hashable)
Where = TypeVar("Where")


class Tally(Generic[Key, Where]):
    """Problems counted by a key: the first `limit` of each key are listed, the others only counted, with where
    the first of them is."""

    def __init__(self, limit: int = LISTED) -> None:
        self.limit = limit
        self.listed: Counter[Key] = Counter()
        self.left: dict[Key, tuple[int, Where]] = {}

    def room(self, key: Key) -> bool:
        """Whether one more problem of `key` would be listed."""
        return self.listed[key] < self.limit

    def admit(self, key: Key, where: Where) -> bool:
        """Count one problem of `key` at `where`: True when it is to be listed."""
        if self.room(key):
            self.listed[key] += 1
            return True
        self.count(key, where)
        return False

    def count(self, key: Key, where: Where, problems: int = 1) -> None:
        """Count `problems` of `key` left out, the first of them at `where`."""
        if problems:
            left, first = self.left.get(key, (0, where))
            self.left[key] = (left + problems, first)

    def left_out(self) -> Iterator[tuple[Key, int, Where]]:
        """Each key with problems left out: how many, and where the first of them is."""
        for key, (left, first) in self.left.items():
            yield key, left, first


def bounded(problems: list[Problem], severity: Severity, limit: int = LISTED) -> list[Problem]:
    """`problems` with at most `limit` of one code and `severity` listed, each code's others counted in one
    problem more, at the first of them."""
    tally: Tally[str, Problem] = Tally(limit)
    kept = [p for p in problems if p.severity != severity or tally.admit(p.code, p)]
    for code, left, first in tally.left_out():
        message = (
            ntr(
                "and {count} more {code} error (not listed)",
                "and {count} more {code} errors (not listed)",
                left,
                count=number(left),
                code=code,
            )
            if severity == "error"
            else ntr(
                "and {count} more {code} warning (not listed)",
                "and {count} more {code} warnings (not listed)",
                left,
                count=number(left),
                code=code,
            )
        )
        hint = tr("the first {limit} are listed: fix those, and run again", limit=limit)
        kept.append(Problem(first.path, first.position, severity, code, message, hint))
    return kept


class CjmError(Exception):
    """A failure that is not a problem of the map itself; each subclass carries the exit code it ends with."""

    exit_code: int


class UsageError(CjmError, ValueError):
    """The command was called wrongly (bad option, nothing to work on)."""

    exit_code = 2


class EnvironmentFailure(CjmError, OSError):
    """The machine lacks something cjm needs (Graphviz, a writable folder)."""

    exit_code = 3


def shown(text: object, limit: int = 60) -> str:
    """User text as it goes into a message: shortened, so that a huge key cannot flood the output."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
