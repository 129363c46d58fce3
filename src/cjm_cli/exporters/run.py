"""Running an export: check the map, then write it in the kind asked for (see `__init__` for the kinds)."""

from __future__ import annotations

from collections.abc import Callable

from ..core.model import JourneyMap
from ..core.pipeline import Converted, check_file
from ..core.problems import START, Problem
from . import GRID_ONLY
from .json_map import to_json
from .mermaid import to_mermaid
from .table import to_csv, to_markdown

WRITERS: dict[str, Callable[[JourneyMap], str]] = {
    "mermaid": to_mermaid,
    "json": to_json,
    "csv": to_csv,
    "markdown": to_markdown,
}


def export_map(kind: str, journey_map: JourneyMap, path: str = "") -> Converted:
    """`journey_map` as text of `kind`; a problem when the kind needs a journey grid the map does not have."""
    if kind in GRID_ONLY and journey_map.journey is None:
        missing = Problem(
            path,
            START,
            "error",
            "no-journey",
            f"the map has no journey grid (`journey:`) to export as {kind}",
            "add `journey: {stages: [...]}`, or export the whole map as json",
        )
        return Converted(None, [missing])
    return Converted(WRITERS[kind](journey_map), [], f"exported {path} as {kind}")


def export_file(kind: str, argument: str) -> Converted:
    """Check the map file `argument` (`-` for standard input) and export it; its problems when it has any."""
    checked = check_file(argument)
    if not checked.ok or checked.journey_map is None:
        return Converted(None, checked.problems)
    exported = export_map(kind, checked.journey_map, checked.path)
    warnings = [p for p in checked.problems if p.severity == "warning"]
    return Converted(exported.text, warnings + exported.problems, exported.summary)
