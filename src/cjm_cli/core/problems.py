"""Problems are values: where, how bad, which code, what happened and what to do about it.

Every stage of the pipeline reports what is wrong with its input as `Problem`s instead of raising, so that
all problems of a file can be collected and reported at once.  Exceptions are kept for what is not the
input's fault (`CjmError` and its subclasses), each mapped to a documented exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
