"""`cjm diff --render`: the new map drawn with the differences marked (`views.diff_marks`), by the renderers of
`cjm render`, into `NAME.diff.journey.svg`, `NAME.diff.flow.svg` and `NAME.diff.html` (PNGs when asked for),
NAME being the new map's file name: names `cjm render` never writes for a map, so a diff never replaces a
map's renders.
"""

from __future__ import annotations

from pathlib import Path

from ..analysis.diff import (
    Comparison,
)
from ..core.git_source import git_revision_path
from ..core.write import commit
from ..views.diff_marks import diff_view
from .graphviz_run import Dot
from .outputs import Rendered, RenderOptions, output_stem, render_map

SUFFIX = "diff"
"""Outputs are `NAME.diff.journey.svg`...: `cjm render` names a map's outputs `NAME.journey.svg`..."""


def diff_stem(argument: str) -> str:
    """What the outputs are named after: the new map's file name without its extension, `shop` for
    `maps/shop.yaml` and for `HEAD:maps/shop.yaml`; `stdin` for `-`."""
    revision_path = git_revision_path(argument)
    return output_stem(revision_path[1] if revision_path else argument)


def draw_diff(comparison: Comparison, stem: str, options: RenderOptions, dot: Dot) -> Rendered:
    """Draw the new map of a comparison of two valid maps with the changes marked, in memory. The outputs
    are named `STEM.diff.flow.svg`, `STEM.diff.journey.svg`, `STEM.diff.html` (and `.png`); none when a
    picture failed."""
    old, new = comparison.old.journey_map, comparison.new.journey_map
    if old is None or new is None or not comparison.ok:
        raise ValueError("draw_diff needs two valid maps")
    view = diff_view(old, new, comparison.changes, comparison.old.path, comparison.new.path)
    return render_map(new, comparison.new.path, f"{stem}.{SUFFIX}", options, dot, view)


def write_outputs(folder: Path, outputs: dict[str, bytes]) -> list[Path]:
    """Write every output into `folder`, as a set (`core.write.commit`); the caller made them all first."""
    return commit({folder / name: data for name, data in sorted(outputs.items())}, folder)
