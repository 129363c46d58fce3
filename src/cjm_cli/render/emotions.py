"""The emotion lane of the journey grid: a chart of every persona's score at each stage, on a scale from -2 to 2,
with the feelings written under it; drawn with a diff, the old scores and the marked points ringed."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from ..views import theme
from ..views.shapes import EmotionSeries, Grid, Lane, Mark
from . import marks as render_marks
from .canvas import (
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
    title_box,
)
from .dot import font, text, wrapped


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
    """Draw the lane at `y` for these stage columns: its title with a legend of the personas, a cell per stage,
    the scale, a curve per persona and the feelings under the chart; return the bottom."""
    feelings = [_feelings(grid, i) for i in columns]
    feeling_lines = [sum(len(wrapped(f, SMALL_CHARS, 2)) for _, f in cell) for cell in feelings]
    height = CHART + 2 * PAD + max([*feeling_lines, 0]) * SMALL_LINE + (4 if any(feeling_lines) else 0)
    legend = [
        font(text(("● " if n == 0 else "   ") + line), SMALL_SIZE, s.persona.colour, bold=True)
        for s in grid.emotions
        for n, line in enumerate(wrapped(s.persona.name, TITLE_CHARS, 3))
    ]
    title_box(canvas, lane, y, height, [font(" ", 4), *legend])
    for x, tint in zip(xs, tints, strict=True):
        canvas.box(x, y, STAGE_COL, height, fill=tint or "#ffffff", border=theme.GRID_LINE)

    def level(score: int) -> float:  # +2 at the top of the chart, -2 at the bottom
        return y + PAD + 10 + (2 - score) * (CHART - 20) / 4

    _scale(canvas, level, right)
    for n, series in enumerate(grid.emotions):
        # personas side by side around the column's centre, so equal values do not hide each other
        offset = (n - (len(grid.emotions) - 1) / 2) * 8
        _curve(canvas, grid, series, columns, [x + STAGE_COL / 2 + offset for x in xs], level)
    for x, cell in zip(xs, feelings, strict=True):
        _feelings_box(canvas, x, y + PAD + CHART + 4, cell)
    return y + height + GAP


def _feelings(grid: Grid, column: int) -> list[tuple[str, str]]:
    """The feelings at a stage, each in its persona's colour, and under them what a diff changed."""
    cell = [(s.persona.colour, s.feelings[column]) for s in grid.emotions if s.feelings[column]]
    cell += [
        (render_marks.swatch(mark).strong, f"{mark.marker} {s.persona.name}: {'; '.join(mark.notes)}")
        for s in grid.emotions
        if s.marks and (mark := s.marks[column])
    ]
    return cell


def _scale(canvas: Canvas, level: Callable[[int], float], right: float) -> None:
    """A line for each score, neutral stronger, with the score at its left end."""
    left = MARGIN + TITLE_COL + GAP
    for score in range(-2, 3):
        colour = "#90a4ae" if score == 0 else "#e0e6ea"
        canvas.line(canvas.point(left, level(score)), canvas.point(right, level(score)), colour, 1, dashed=score != 0)
        sign = "+" if score > 0 else "−" if score < 0 else ""
        canvas.box(left + 2, level(score) - 7, 18, 14, table_label([font(f"{sign}{abs(score)}", 7, theme.MUTED)]))


def _curve(
    canvas: Canvas,
    grid: Grid,
    series: EmotionSeries,
    columns: range,
    centres: list[float],
    level: Callable[[int], float],
) -> None:
    """One persona's points, joined stage to stage (past the ghost of a removed stage), with a diff's rings."""
    points = []
    for x, i in zip(centres, columns, strict=True):
        value = series.values[i]
        if series.marks:
            _emotion_marks(canvas, series.was[i], series.marks[i], value, x, level)
        points.append(canvas.dot(x, level(value), series.persona.colour) if value is not None else "")
    points = [point for point, i in zip(points, columns, strict=True) if not grid.stages[i].ghost]
    for tail, head in itertools.pairwise(points):
        if tail and head:
            canvas.line(tail, head, series.persona.colour, 2.4)


def _feelings_box(canvas: Canvas, x: float, y: float, cell: list[tuple[str, str]]) -> None:
    rows = [
        font(text(line), SMALL_SIZE, colour, bold=True)
        for colour, feeling in cell
        for line in wrapped(feeling, SMALL_CHARS, 2)
    ]
    if rows:
        width = STAGE_COL - 2 * PAD
        canvas.box(x + PAD, y, width, len(rows) * SMALL_LINE, table_label(rows, width - 8))


def _emotion_marks(
    canvas: Canvas, was: int | None, mark: Mark | None, value: int | None, x: float, level: Callable[[int], float]
) -> None:
    """An empty ring where the old score was, and a ring in the mark's colour around the new score."""
    if was is not None and was != value:
        canvas.ring(x, level(was), render_marks.swatch(mark).border if mark else theme.MUTED, 8, 1.6)
    if mark is not None and value is not None:
        canvas.ring(x, level(value), render_marks.swatch(mark).border, 15, 2, render_marks.tooltip(mark))
