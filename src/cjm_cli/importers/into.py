"""Filling an existing map (`--into`): the map is read and checked first (a map with errors is not touched), the
edits are made to its text as written (`splice`), and the result is checked before it is handed out, so that
a fill never gives an invalid map. `cjm import --into` and `cjm pull --into` both go through here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..core.load import Document, load
from ..core.model import JourneyMap
from ..core.pipeline import Checked, Converted, check_source
from ..core.problems import START, Problem, UsageError
from ..core.read import STDIN, decode, read_source
from .merge import Merge
from .splice import Items, Value, apply

Filler = Callable[[Document, JourneyMap], Merge]
"""What to change in a checked map: its loaded document and model in, the edits and a summary out."""


def fill_map(map_path: str, fill: Filler, problems: list[Problem], action: str = "import", hint: str = "") -> Converted:
    """`map_path`'s text with the edits `fill` makes; `problems` (of what was read to fill it) come first in the
    outcome. `action` names what fills it in messages (`import`, `pull`); `hint` says what to do when the result
    would not be valid."""
    if map_path == STDIN:
        raise UsageError("--into needs a map file, not standard input")
    source = read_source(map_path)
    existing = check_source(source)
    if not existing.ok or existing.journey_map is None:
        refused = Problem(
            map_path, START, "error", "into", f"the map has problems; fix them before {action}ing into it", ""
        )
        return Converted(None, [*problems, refused, *existing.problems])
    document = load(source.path, source.text)
    original = Path(map_path).read_bytes().decode("utf-8")  # as written: line endings and byte-order mark
    merge = fill(document, existing.journey_map)
    shared = _in_shared_files(existing, merge, action)
    if shared:
        return Converted(None, [*problems, *shared])
    text = apply(original, document.data, merge.edits)
    result = check_source(decode(map_path, text.encode("utf-8")))
    if not result.ok:
        refused = Problem(
            map_path,
            START,
            "error",
            "into",
            f"the map would not be valid after the {action}; nothing was written",
            hint
            or "the problems below are in the map as it would be; fix the map first, or import without --into "
            "to see the imported blocks in a map of their own",
        )
        errors = [p for p in result.problems if p.severity == "error"]
        return Converted(None, [*problems, refused, *errors])
    return Converted(text, problems, "; ".join(merge.summary))


def _in_shared_files(existing: Checked, merge: Merge, action: str) -> list[Problem]:
    """Edits of items the map takes from a shared file (`include:`): refused, at the item, for the map's text
    holds no such item and a shared file is not the map's to change."""
    loaded = existing.document
    if loaded is None or not loaded.files:
        return []
    found: list[Problem] = []
    for edit in merge.edits:
        if isinstance(edit, Value | Items) and loaded.file(edit.path) != loaded.path:
            message = f"cannot {action} into an item of a shared file, which this map includes"
            hint = "fill the shared file's item by hand, or define the item in the map instead of including it"
            found.append(loaded.problem(edit.path, "error", "into", message, hint))
    return found
