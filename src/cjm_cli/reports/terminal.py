"""One decision, for every command, about what a stream is: whether to colour what goes to it, and whether a
progress bar may be drawn on it.

Colour: as `--color always|never` says (`choose`); with `auto` (the default), never when `NO_COLOR` is set
(https://no-color.org), always when `FORCE_COLOR` is set (https://force-color.org; for CI logs that show
colour), else only on a terminal that is not `TERM=dumb`.
A progress bar: only on such a terminal, and never in a CI job (`CI` set), whose log would keep every frame.
"""

from __future__ import annotations

import os
from typing import TextIO

from ..core.choices import Choice, names
from ..core.i18n import N_

COLOUR_CHOICES = (
    Choice("auto", N_("on a terminal, unless NO_COLOR is set or FORCE_COLOR asks for it anywhere")),
    Choice("always", N_("even into a file or a pipe")),
    Choice("never", N_("plain text only")),
)
_chosen = "auto"


def choose(when: str) -> None:
    """Colour as `--color` says, for the rest of this run."""
    global _chosen
    if when not in names(COLOUR_CHOICES):
        raise ValueError(f"no colour choice is called {when!r}")
    _chosen = when


def colour(stream: TextIO) -> bool:
    """Whether to write ANSI colours to `stream`."""
    if _chosen != "auto":
        return _chosen == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _terminal(stream)


def progress_bar(stream: TextIO) -> bool:
    """Whether a progress bar may be drawn on `stream`."""
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return _terminal(stream) and not in_ci


def _terminal(stream: TextIO) -> bool:
    return os.environ.get("TERM") != "dumb" and stream.isatty()
