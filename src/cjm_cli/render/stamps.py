"""Stamps: what made a map's outputs, so that a map nothing has changed is not drawn again.

`cjm render` writes `NAME.stamp.json` beside a map's outputs, in the same set of files. It holds the SHA-256
of everything the outputs and the map's problems were made from, and of each output as written:

- `map`: the map file's bytes;
- `reads`: each file the map reads besides itself (`Checked.reads`: its twin), by its path from the map's
  folder;
- `settings`: the `.cjm.yaml` that chose the rules (its path from the map's folder and its bytes), or null;
- `cjm`, `stamp`: cjm's version and the stamp's own version;
- `options`: the formats, views and resolution asked;
- `graphviz`: the version of the `dot` that drew the pictures;
- `outputs`: each output's file name and bytes; `failed`: pictures Graphviz could not draw;
- `problems`: the warnings of the map and of its render, to say again when the map is not drawn again (with
  `file`, the path from the map's folder, for one in a file the map includes);
- `summary`: the map in a few figures (`analysis.portfolio`), which the portfolio index (`render --index`)
  shows of a map it does not read again.

A map's outputs are fresh when its stamp says the same of every input as the files do now, and every output
it lists is on disk with those bytes: then `render` does not draw the map again, and `render --check` knows
the outputs are up to date without running Graphviz. The Graphviz version counts for `render` (another
Graphviz draws other bytes) but not for `--check`, so a check passes on a machine whose Graphviz differs
from the one the outputs were drawn with. The same inputs give the same stamp, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..analysis.portfolio import MapSummary, from_data, to_data
from ..core.problems import Position, Problem
from .outputs import RenderOptions

STAMP_VERSION = 2
SUFFIX = ".stamp.json"


def stamp_path(folder: Path, stem: str) -> Path:
    return folder / f"{stem}{SUFFIX}"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a regular file's bytes; None when there is none (or it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


@dataclass(frozen=True)
class Made:
    """What one render of a map was made from, and what it made."""

    map: str
    """The SHA-256 of the map file's bytes, taken before it was read for checking."""
    reads: dict[str, str | None]
    """Each other file the map read, by its path from the map's folder: its SHA-256 (None: missing)."""
    settings: tuple[str, str | None] | None
    options: RenderOptions
    graphviz: str
    outputs: dict[str, str] = field(default_factory=dict)
    failed: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    path: str = ""
    """The map's path as given: a problem in another file (one it includes) is recorded with that file's."""
    summary: MapSummary | None = None

    def text(self) -> str:
        """The stamp file's text: sorted JSON, one value a line, ASCII (the same bytes for the same render)."""
        document = {
            "stamp": STAMP_VERSION,
            "cjm": __version__,
            "graphviz": self.graphviz,
            "options": _options(self.options),
            "map": self.map,
            "reads": self.reads,
            "settings": {"path": self.settings[0], "sha256": self.settings[1]} if self.settings else None,
            "outputs": self.outputs,
            "failed": list(self.failed),
            "problems": [_problem(p, self.path) for p in self.problems],
            "summary": to_data(self.summary) if self.summary is not None else None,
        }
        return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def _options(options: RenderOptions) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(options).items()}


def _problem(problem: Problem, map_path: str) -> dict[str, Any]:
    where = {} if problem.path == map_path else {"file": relative(Path(problem.path), Path(map_path).parent)}
    return {
        **where,
        "line": problem.position.line,
        "column": problem.position.column,
        "severity": problem.severity,
        "code": problem.code,
        "message": problem.message,
        "hint": problem.hint,
    }


def relative(path: Path, folder: Path) -> str:
    """`path` from `folder`, with `/` between names, as stamps name files."""
    return Path(os.path.relpath(path.absolute(), folder.absolute())).as_posix()


def inputs_now(map_folder: Path, reads: Iterable[str], settings: Path | None) -> tuple[dict[str, str | None], Any]:
    """The digests of `reads` (paths from the map's folder) and of the settings file, as the files are now."""
    read = {name: file_digest(map_folder / name) for name in reads}
    found = (relative(settings, map_folder), file_digest(settings)) if settings is not None else None
    return read, found


@dataclass(frozen=True)
class Fresh:
    """What a stamp that still holds says of its map."""

    problems: list[Problem]
    """The warnings to say again."""
    outputs: int
    summary: MapSummary


def fresh(
    argument: str, folder: Path, stem: str, options: RenderOptions, graphviz: str | None, settings: Path | None
) -> Fresh | None:
    """What the stamp says, when the outputs of the map at `argument` in `folder` are fresh by it (see the
    module's description), else None. `graphviz`: the version that would draw them, None to accept any
    (`--check`); `settings`: the settings file the map takes now."""
    try:
        stamp = json.loads(stamp_path(folder, stem).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("stamp") != STAMP_VERSION or stamp.get("cjm") != __version__:
        return None
    if stamp.get("options") != _options(options) or stamp.get("failed") != []:
        return None
    if graphviz is not None and stamp.get("graphviz") != graphviz:
        return None
    map_folder = Path(argument).parent
    if stamp.get("map") != file_digest(Path(argument)):
        return None
    reads, found = inputs_now(map_folder, stamp.get("reads") or {}, settings)
    recorded = stamp.get("settings")
    if reads != stamp.get("reads") or (found and {"path": found[0], "sha256": found[1]}) != recorded:
        return None
    outputs = stamp.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return None
    for name, expected in outputs.items():
        target = folder / name
        if os.path.islink(target) or file_digest(target) != expected:
            return None
    try:
        said = [
            Problem(
                _named(argument, p.get("file")),
                Position(p["line"], p["column"]),
                p["severity"],
                p["code"],
                p["message"],
                p["hint"],
            )
            for p in stamp.get("problems", [])
        ]
    except (KeyError, TypeError, AttributeError):
        return None
    summary = from_data(stamp.get("summary"))
    if summary is None:
        return None  # a summary that does not read (edited by hand): drawn again, which writes a good one
    return Fresh(said, len(outputs), summary)


def _named(argument: str, file: object) -> str:
    """The name of the file a recorded problem is in: the map's, or one it includes (named as the map is)."""
    if file is None:
        return argument
    if not isinstance(file, str):
        raise TypeError(file)
    return os.path.normpath(os.path.join(os.path.dirname(argument), file))
