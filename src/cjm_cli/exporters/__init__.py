"""Exporters: a checked map out in the formats other tools read (`cjm export KIND MAP`).

- `mermaid`: the journey grid as a Mermaid `journey` diagram (see `exporters.mermaid`);
- `json`: the whole validated map, normalised (see `exporters.json_map`);
- `csv`, `markdown`: the journey grid as a table (see `exporters.table`).

    from cjm_cli.exporters import export_file
    converted = export_file("markdown", "map.yaml")
    converted.text       # the exported text, or None when the map has problems
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.model import JourneyMap
from ..core.pipeline import Converted, check_file
from ..core.problems import START, Problem
from .json_map import to_json
from .mermaid import to_mermaid
from .table import to_csv, to_markdown

EXPORTERS: dict[str, Callable[[JourneyMap], str]] = {
    "mermaid": to_mermaid,
    "json": to_json,
    "csv": to_csv,
    "markdown": to_markdown,
}
_GRID_ONLY = {"mermaid", "csv", "markdown"}


def export_map(kind: str, journey_map: JourneyMap, path: str = "") -> Converted:
    """`journey_map` as text of `kind`; a problem when the kind needs a journey grid the map does not have."""
    if kind in _GRID_ONLY and journey_map.journey is None:
        missing = Problem(
            path,
            START,
            "error",
            "no-journey",
            f"the map has no journey grid (`journey:`) to export as {kind}",
            "add `journey: {stages: [...]}`, or export the whole map as json",
        )
        return Converted(None, [missing])
    return Converted(EXPORTERS[kind](journey_map), [], f"exported {path} as {kind}")


def export_file(kind: str, argument: str) -> Converted:
    """Check the map file `argument` (`-` for standard input) and export it; its problems when it has any."""
    checked = check_file(argument)
    if not checked.ok or checked.journey_map is None:
        return Converted(None, checked.problems)
    exported = export_map(kind, checked.journey_map, checked.path)
    warnings = [p for p in checked.problems if p.severity == "warning"]
    return Converted(exported.text, warnings + exported.problems, exported.summary)
