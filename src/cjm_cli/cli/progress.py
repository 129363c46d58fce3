"""A one-line progress bar on standard error for batch work over many maps.

Shown only to a person watching: when standard error is a terminal and `CI` is not set. Piped output and CI
logs get nothing from it, so they hold the same lines with or without a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO, TypeVar

from ..core.text import plain
from ..reports import terminal

T = TypeVar("T")

_WIDTH = 20
_CLEAR = "\r\x1b[K"  # back to the start of the line and erase it


class Progress:
    """`step(label)` before each item draws `[#####.....] 3/10 label`; `echo` writes a line above the bar."""

    def __init__(self, total: int, stream: TextIO, shown: bool) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.shown = shown
        self._line = ""

    def step(self, label: str) -> None:
        self.done += 1
        if not self.shown:
            return
        filled = _WIDTH * (self.done - 1) // max(self.total, 1)
        line = f"[{'#' * filled}{'.' * (_WIDTH - filled)}] {self.done}/{self.total} {plain(label)}"
        self._line = line[: _columns(self.stream) - 1]
        self.stream.write(_CLEAR + self._line)
        self.stream.flush()

    def echo(self, text: str, stream: TextIO | None = None) -> None:
        """Write `text` (a whole line) to `stream` (standard error by default) without tearing the bar."""
        stream = stream or self.stream
        if self.shown and self._line:
            self.stream.write(_CLEAR)
            self.stream.flush()
        stream.write(text + "\n")
        stream.flush()
        if self.shown and self._line:
            self.stream.write(self._line)
            self.stream.flush()

    def clear(self) -> None:
        if self.shown and self._line:
            self.stream.write(_CLEAR)
            self.stream.flush()
        self._line = ""


@contextmanager
def progress(total: int, stream: TextIO | None = None) -> Iterator[Progress]:
    """A bar over `total` items, shown when there is more than one and someone is watching; erased at the end."""
    stream = stream or sys.stderr
    bar = Progress(total, stream, total > 1 and terminal.progress_bar(stream))
    try:
        yield bar
    finally:
        bar.clear()


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (OSError, ValueError):
        return 80


def tracked(items: Sequence[T], label: Callable[[T], str] = str) -> Iterator[T]:
    """`items` one by one, with a bar naming each (see `progress`); the bar is erased when they run out."""
    with progress(len(items)) as bar:
        for item in items:
            bar.step(label(item))
            yield item
