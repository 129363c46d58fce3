"""Running an export: check the map, then write it in the kind asked for (see `__init__` for the kinds)."""

from __future__ import annotations

from collections.abc import Callable

from ..core.model import JourneyMap
from ..core.pipeline import Converted, check_file
from ..core.problems import START, Problem
from . import GRID_ONLY
from .json_map import to_json
from .mermaid import MAX_TEXT_SIZE, text_size, to_mermaid
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
    text = WRITERS[kind](journey_map)
    return Converted(text, _too_large(text, path) if kind == "mermaid" else [], f"exported {path} as {kind}")


def _too_large(text: str, path: str) -> list[Problem]:
    """Mermaid draws a diagram longer than its `maxTextSize` as an error picture, and says nothing else."""
    size = text_size(text)
    if size <= MAX_TEXT_SIZE:
        return []
    message = (
        f"the diagram is {size:,} characters, more than the {MAX_TEXT_SIZE:,} Mermaid draws by default "
        "(maxTextSize): GitHub and other sites show an error picture instead"
    )
    hint = "export a smaller journey (fewer stages or actions), or raise maxTextSize where you render it"
    return [Problem(path, START, "warning", "mermaid-size", message, hint)]


def export_file(kind: str, argument: str) -> Converted:
    """Check the map file `argument` (`-` for standard input) and export it; its problems when it has any."""
    checked = check_file(argument)
    if not checked.ok or checked.journey_map is None:
        return Converted(None, checked.problems)
    exported = export_map(kind, checked.journey_map, checked.path)
    warnings = [p for p in checked.problems if p.severity == "warning"]
    return Converted(exported.text, warnings + exported.problems, exported.summary)
