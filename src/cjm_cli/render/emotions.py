"""The emotion lane of the journey grid: every persona's score at each stage on the map's scale, whose levels are
labelled at the left. Personas are told apart without colour too: each has its marker and its line (solid,
dashed, dotted, double...), named in the legend under the lane's title. Points of one stage stand side by side
and the lines of equal scores run as a bundle of strands, so no persona hides another; each feeling is written
under its point, after the persona's marker. Drawn with a diff, the old scores and the marked points are ringed
and what changed is written under the point."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..views import theme
from ..views.scale import ScaleView
from ..views.shapes import EmotionSeries, Grid, Lane, Mark
from . import marks as render_marks
from .canvas import (
    BODY_LINE,
    BODY_SIZE,
    CHART,
    GAP,
    MARGIN,
    PAD,
    SMALL_CHARS,
    SMALL_LINE,
    SMALL_SIZE,
    STAGE_COL,
    TITLE_CHARS,
    TITLE_COL,
    Canvas,
    table_label,
)
from .dot import font, text, wrapped

MARKER = 10.0
"""The size of a persona's marker."""
SPREAD = 14.0
"""Between the points of two personas at one stage."""
STRAND = 4.0
"""At most between the lines of two personas, and at most this far from a point's centre (within its marker)."""
LINE_WIDTH = 2.2
LEVEL_GAP = 16.0
"""The least height between two labelled levels of the scale."""
_SCALE_LABEL = 28.0
"""The width the scale's labels take at the left of each cell, where no feeling goes."""
_LEFT, _RIGHT = STAGE_COL / 2 - _SCALE_LABEL, STAGE_COL / 2 - PAD
"""How far from a stage's centre a label may reach, to the left and to the right."""
_LEGEND_CHARS = int((TITLE_COL - 52) / (SMALL_SIZE * 0.66))


@dataclass(frozen=True)
class Chart:
    """Where a chart is drawn: the y of its top level (`max`) and its height down to `min`."""

    top: float
    height: float
    scale: ScaleView

    def level(self, score: float) -> float:
        return self.top + self.scale.share(score) * self.height

    @property
    def bottom(self) -> float:
        return self.top + self.height


def chart_height(scale: ScaleView) -> float:
    """From `max` to `min`: 130 pt, or more for a scale with many labelled levels."""
    return max(CHART - 20, scale.steps * LEVEL_GAP)


def offsets(n: int, count: int) -> tuple[float, float]:
    """How far the `n`-th of `count` personas is drawn from a stage's centre: its point to the side, its line
    up or down (within its marker), so that equal scores stand side by side and their lines run apart."""
    middle = n - (count - 1) / 2
    strand = min(STRAND, 2 * STRAND / (count - 1)) if count > 1 else 0.0
    return middle * SPREAD, middle * strand


def emotion_lane(
    canvas: Canvas,
    grid: Grid,
    lane: Lane,
    columns: range,
    xs: list[float],
    y: float,
    right: float,
    tints: list[str],
) -> float:
    """Draw the lane at `y` for these stage columns: its title with the personas' legend, a cell per stage, the
    scale, a curve per persona and each feeling under its point; return the bottom."""
    chart = Chart(y + PAD + 10, chart_height(grid.scale), grid.scale)
    centres = [x + STAGE_COL / 2 for x in xs]
    labels = [_labels(grid, i, centre, chart) for centre, i in zip(centres, columns, strict=True)]
    bottom = max([chart.bottom + 10, *(label.bottom for column in labels for label in column)])
    height = bottom + PAD - y
    legend(canvas, grid.emotions, lane.title, y, height)
    for x, tint in zip(xs, tints, strict=True):
        canvas.box(x, y, STAGE_COL, height, fill=tint or "#ffffff", border=theme.GRID_LINE)
    draw_scale(canvas, chart, MARGIN + TITLE_COL + GAP, right)
    count = len(grid.emotions)
    for n, series in enumerate(grid.emotions):
        _lines(canvas, grid, series, columns, centres, chart, offsets(n, count))
    for label in (label for column in labels for label in column):  # over the lines
        width = label.width
        canvas.box(label.x - width / 2, label.y, width, label.height, table_label(label.rows), "#ffffffe6")
    for n, series in enumerate(grid.emotions):  # over everything
        _points(canvas, series, columns, centres, chart, offsets(n, count)[0])
    return y + height + GAP


def legend(canvas: Canvas, emotions: tuple[EmotionSeries, ...], title: str, y: float, height: float) -> None:
    """The lane's title box: its title, and under it each persona's line and marker beside its name."""
    swatch = theme.LANE_TITLE
    canvas.box(MARGIN, y, TITLE_COL, height, fill=swatch.fill, border=theme.GRID_LINE)
    titles = [font(text(line), BODY_SIZE, swatch.strong, bold=True) for line in wrapped(title, TITLE_CHARS, 3)]
    names = [wrapped(s.persona.name, _LEGEND_CHARS, 3) for s in emotions]
    block = len(titles) * BODY_LINE + sum(6 + len(lines) * SMALL_LINE for lines in names)
    top = y + max(PAD, (height - block) / 2)
    canvas.box(MARGIN, top, TITLE_COL, len(titles) * BODY_LINE, table_label(titles))
    top += len(titles) * BODY_LINE + 6
    for series, lines in zip(emotions, names, strict=True):
        persona = series.persona
        middle = top + SMALL_LINE / 2
        sample = (canvas.point(MARGIN + 8, middle), canvas.point(MARGIN + 36, middle))
        canvas.pattern(*sample, persona.colour, LINE_WIDTH, persona.line)
        canvas.marker(MARGIN + 22, middle, persona.marker, persona.colour, MARKER)
        rows = [font(text(line), SMALL_SIZE, theme.TEXT, bold=True) for line in lines]
        canvas.box(MARGIN + 42, top, TITLE_COL - 46, len(lines) * SMALL_LINE, table_label(rows, TITLE_COL - 46))
        top += len(lines) * SMALL_LINE + 6


def draw_scale(canvas: Canvas, chart: Chart, left: float, right: float) -> None:
    """A line for each labelled level, the middle (neutral) one solid, and the score at its left end."""
    scale = chart.scale
    for score in scale.ticks:
        middle = score == scale.middle
        colour = "#90a4ae" if middle else "#dde3e7"
        canvas.line(
            canvas.point(left, chart.level(score)), canvas.point(right, chart.level(score)), colour, 1, not middle
        )
    if scale.middle not in scale.ticks:  # between two scores (1..10): neutral, unlabelled
        level = chart.level(scale.middle)
        canvas.line(canvas.point(left, level), canvas.point(right, level), "#90a4ae", 1)
    for score in scale.ticks:
        label = table_label([font(text(scale.label(score)), SMALL_SIZE, theme.MUTED, bold=True)])
        canvas.box(left + 3, chart.level(score) - 6, _SCALE_LABEL - 6, 12, label, "#ffffffe6")


@dataclass(frozen=True)
class _Label:
    """Text under a point: centred on `x`, from `y` down."""

    x: float
    y: float
    rows: list[str]
    chars: int
    """The longest line's length."""

    @property
    def height(self) -> float:
        return len(self.rows) * SMALL_LINE + 2

    @property
    def width(self) -> float:
        return min(self.chars * SMALL_SIZE * 0.64 + 6, _LEFT + _RIGHT)

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: _Label) -> bool:
        apart = abs(self.x - other.x) >= (self.width + other.width) / 2
        return not apart and self.y < other.bottom and other.y < self.bottom

    def covers(self, x: float, y: float) -> bool:
        """Whether a marker at (x, y) would be under the label."""
        reach = MARKER / 2 + 1
        return abs(x - self.x) < self.width / 2 + reach and self.y - reach < y < self.bottom + reach


def _labels(grid: Grid, column: int, centre: float, chart: Chart) -> list[_Label]:
    """The feelings at a stage, and what a diff changed, each under its persona's point (or under the chart
    where the persona has no score), pushed down below the one above where they would overlap."""
    wanted: list[tuple[float, int, list[str], int]] = []
    for n, s in enumerate(grid.emotions):
        lines: list[tuple[str, str]] = []  # (colour, text)
        glyph = theme.MARKER_GLYPHS[s.persona.marker]
        feeling = wrapped(s.feelings[column], SMALL_CHARS - 3, 2) if s.feelings[column] else []
        lines += [(theme.TEXT, line) for line in feeling]
        if s.marks and (mark := s.marks[column]):
            note = f"{mark.marker} {s.persona.name}: {'; '.join(mark.notes)}"
            lines += [(render_marks.swatch(mark).strong, line) for line in wrapped(note, SMALL_CHARS - 3, 3)]
        if not lines:
            continue
        score = s.values[column] if s.values[column] is not None else (s.was[column] if s.was else None)
        anchor = chart.level(score) + MARKER / 2 + 3 if score is not None else chart.bottom + MARKER
        mark_glyph = font(glyph + " ", SMALL_SIZE, s.persona.colour)
        rows = [
            (mark_glyph if i == 0 else "") + font(text(line), SMALL_SIZE, colour, bold=True)
            for i, (colour, line) in enumerate(lines)
        ]
        wanted.append((anchor, n, rows, max(len(line) for _, line in lines) + 2))
    count = len(grid.emotions)
    points = [
        (centre + offsets(n, count)[0], chart.level(value))
        for n, s in enumerate(grid.emotions)
        if (value := s.values[column]) is not None
    ]
    placed: list[_Label] = []
    for anchor, n, rows, chars in sorted(wanted, key=lambda w: (w[0], w[1])):
        x = centre + offsets(n, count)[0]  # under its point, kept inside the cell
        width = _Label(x, anchor, rows, chars).width
        label = _Label(min(max(x, centre - _LEFT + width / 2), centre + _RIGHT - width / 2), anchor, rows, chars)
        while True:  # a label never hides a point or another label: it goes down below them
            hidden = [y + MARKER / 2 + 2 for px, y in points if label.covers(px, y)]
            hidden += [other.bottom + 1 for other in placed if other.overlaps(label)]
            if not hidden:
                break
            label = _Label(label.x, max(hidden), rows, chars)
        placed.append(label)
    return placed


def _lines(
    canvas: Canvas,
    grid: Grid,
    series: EmotionSeries,
    columns: range,
    centres: list[float],
    chart: Chart,
    offset: tuple[float, float],
) -> None:
    """One persona's line from stage to stage (past the ghost of a removed stage), broken where it has no
    score, in its colour and pattern."""
    dx, dy = offset
    ends = [
        (centre + dx, chart.level(value) + dy) if (value := series.values[i]) is not None else None
        for centre, i in zip(centres, columns, strict=True)
        if not grid.stages[i].ghost
    ]
    persona = series.persona
    for tail, head in itertools.pairwise(ends):
        if tail and head:
            canvas.pattern(canvas.point(*tail), canvas.point(*head), persona.colour, LINE_WIDTH, persona.line)


def _points(
    canvas: Canvas, series: EmotionSeries, columns: range, centres: list[float], chart: Chart, dx: float
) -> None:
    """One persona's markers, with a diff's rings: where the old score was, and around a marked new one."""
    persona = series.persona
    for centre, i in zip(centres, columns, strict=True):
        value, x = series.values[i], centre + dx
        if series.marks:
            _old_score(canvas, series.was[i], series.marks[i], value, x, chart)
        if value is not None:
            canvas.marker(x, chart.level(value), persona.marker, persona.colour, MARKER)
        if series.marks and (mark := series.marks[i]) is not None and value is not None:
            canvas.ring(x, chart.level(value), render_marks.swatch(mark).border, 17, 2, render_marks.tooltip(mark))


def _old_score(canvas: Canvas, was: int | None, mark: Mark | None, value: int | None, x: float, chart: Chart) -> None:
    """An empty ring where the old score was."""
    if was is not None and was != value:
        canvas.ring(x, chart.level(was), render_marks.swatch(mark).border if mark else theme.MUTED, 8, 1.6)
