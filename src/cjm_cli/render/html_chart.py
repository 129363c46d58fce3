"""The report's emotion charts (the journey's, and the gap's to the ideal) as the template draws them in inline SVG.

The chart stretches across the grid's columns, so it has no `viewBox`: positions are percentages of its width
and height, and what must keep its shape (markers, dashes, the scale's labels) is drawn in CSS pixels. A
persona's points stand beside those of the others by a few pixels and its lines run a few pixels above or
below theirs, as in the pictures (`render/emotions.py`, whose `offsets` they share, points there, pixels
here), so that equal scores never hide each other. Each persona has its marker and line pattern besides its
colour.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from ..views.gap import GapView
from ..views.scale import ScaleView
from ..views.shapes import Grid, PersonaView
from ..views.theme import Line, Marker
from .emotions import offsets

PAD = 12
"""Pixels between the chart's edges and its top and bottom levels."""
LEVEL_GAP = 22
"""The least height in pixels between two labelled levels."""


def _polygon(corners: int, radius: float, turn: float = -90.0, inner: float = 0.0) -> str:
    """A regular polygon (or a star, with `inner`) around 0,0 as SVG path data, its first corner at `turn`°."""
    points = []
    steps = corners * 2 if inner else corners
    for k in range(steps):
        r = inner if inner and k % 2 else radius
        angle = math.radians(turn + 360 * k / steps)
        points.append(f"{r * math.cos(angle):.2f} {r * math.sin(angle):.2f}")
    return "M" + "L".join(points) + "Z"


MARKER_PATHS: dict[Marker, str] = {
    "circle": "M-5 0a5 5 0 1 0 10 0a5 5 0 1 0-10 0Z",
    "square": "M-4.3-4.3h8.6v8.6h-8.6Z",
    "triangle": _polygon(3, 6.4),
    "diamond": _polygon(4, 6.2),
    "invtriangle": _polygon(3, 6.4, 90.0),
    "pentagon": _polygon(5, 5.7),
    "hexagon": _polygon(6, 5.6, 0.0),
    "star": _polygon(5, 7.0, inner=3.0),
}
"""Each marker's outline around 0,0, in pixels, as large to the eye as the others."""


@dataclass(frozen=True)
class Level:
    y: float
    """Percent of the chart's height."""
    label: str
    """The score written at its left; "" for the middle between two scores."""
    neutral: bool


@dataclass(frozen=True)
class Frame:
    """The chart's height in pixels and its levels."""

    height: int
    levels: tuple[Level, ...]
    scale: ScaleView

    def y(self, score: float) -> float:
        return round((PAD + self.scale.share(score) * (self.height - 2 * PAD)) / self.height * 100, 2)

    @property
    def described(self) -> str:
        """The range for people: "−2 … +2"."""
        return f"{self.scale.label(self.scale.min)} … {self.scale.label(self.scale.max)}"


def frame(scale: ScaleView) -> Frame:
    height = max(150, math.ceil(scale.steps * LEVEL_GAP) + 2 * PAD)
    partial = Frame(height, (), scale)
    levels = [Level(partial.y(score), scale.label(score), score == scale.middle) for score in scale.ticks]
    if scale.middle not in scale.ticks:
        levels.append(Level(partial.y(scale.middle), "", True))
    return Frame(height, tuple(levels), scale)


Segment = tuple[float, float, float, float]
"""A line from stage to stage: x1, y1, x2, y2 in percent."""


@dataclass(frozen=True)
class Curve:
    persona: PersonaView
    dx: float
    """Pixels to the side of the stage's centre for its points."""
    dy: float
    """Pixels above or below its points for its lines."""
    segments: tuple[Segment, ...]
    points: tuple[tuple[float, float, str], ...]
    """x and y in percent, and what its tooltip says."""
    rings: tuple[tuple[float, float, str, str], ...] = ()
    """Drawn with a diff: x, y, the kind of mark and its words, for each marked point."""
    old: tuple[tuple[float, float, str], ...] = ()
    """Drawn with a diff: x, y and the kind of mark of each old score that changed or was removed."""


def _x(i: int, stages: int) -> float:
    return round((i + 0.5) / stages * 100, 3)


def _segments(scores: tuple[int | None, ...], frame: Frame, skip: set[int]) -> tuple[Segment, ...]:
    """Lines between the scores of consecutive stages (past those in `skip`), none where a score is missing."""
    ends = [(_x(i, len(scores)), frame.y(s)) if s is not None else None for i, s in enumerate(scores) if i not in skip]
    return tuple((a[0], a[1], b[0], b[1]) for a, b in itertools.pairwise(ends) if a and b)


def curves(grid: Grid, chart: Frame) -> tuple[Curve, ...]:
    found = []
    count = len(grid.emotions)
    stages = len(grid.stages)
    ghosts = {i for i, stage in enumerate(grid.stages) if stage.ghost}  # the line goes on past a removed stage
    for n, series in enumerate(grid.emotions):
        name = series.persona.name
        points = tuple(
            (
                _x(i, stages),
                chart.y(v),
                f"{name}: {grid.scale.label(v)}" + (f" · {f}" if (f := series.feelings[i]) else ""),
            )
            for i, v in enumerate(series.values)
            if v is not None
        )
        rings = tuple(
            (_x(i, stages), chart.y(value), mark.kind, " · ".join((mark.tag, *mark.notes)))
            for i, (value, mark) in enumerate(zip(series.values, series.marks, strict=False))
            if mark is not None and value is not None
        )
        old = tuple(
            (_x(i, stages), chart.y(was), mark.kind if mark else "changed")
            for i, (was, mark, value) in enumerate(zip(series.was, series.marks, series.values, strict=False))
            if was is not None and was != value
        )
        dx, dy = offsets(n, count)
        segments = _segments(series.values, chart, ghosts)
        found.append(Curve(series.persona, dx, dy, segments, points, rings, old))
    return tuple(found)


@dataclass(frozen=True)
class GapCurve:
    persona_id: str
    persona: str
    marker: Marker
    line: Line
    dx: float
    dy: float
    now: tuple[Segment, ...]
    """Today's lines."""
    ideal: tuple[Segment, ...]
    points: tuple[tuple[float, float, str, bool], ...]
    """x and y in percent, the tooltip, and whether it is today's (else the ideal's) score."""


def gap_curves(view: GapView, chart: Frame) -> tuple[GapCurve, ...]:
    found = []
    stages = len(view.stages)
    for n, curve in enumerate(view.curves):
        points = tuple(
            (_x(i, stages), chart.y(score), f"{curve.persona}: {view.scale.label(score)} ({word})", today)
            for today, word, scores in ((True, view.now_word, curve.now), (False, view.ideal_word, curve.ideal))
            for i, score in enumerate(scores)
            if score is not None
        )
        dx, dy = offsets(n, len(view.curves))
        now, ideal = _segments(curve.now, chart, set()), _segments(curve.ideal, chart, set())
        found.append(GapCurve(curve.persona_id, curve.persona, curve.marker, curve.line, dx, dy, now, ideal, points))
    return tuple(found)
