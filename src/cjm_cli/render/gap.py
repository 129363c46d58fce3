"""Stage 6, render: the gap to the ideal as a picture of both emotion curves (`cjm compare --render`), every box
placed here and drawn with `neato -n2`, as the journey grid is.

Each persona has its colour; the curve of today is dashed with hollow points, the ideal's solid with filled
points, and a legend says so. Under each stage: how many of its pains the ideal resolves and how many remain.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from ..core.problems import START, Problem
from ..views import theme
from ..views.gap import GapView
from .canvas import (
    GAP,
    HEAD_CHARS,
    HEAD_LINE,
    HEAD_SIZE,
    MARGIN,
    PAD,
    SMALL_LINE,
    SMALL_SIZE,
    STAGE_COL,
    TITLE_COL,
    Canvas,
    table_label,
)
from .dot import font, text, wrapped
from .draw import DEFAULT_DPI, View
from .graphviz_run import Dot, DotFailed
from .outputs import Rendered

_CHART = 180.0
_LEGEND_LINE = 16.0


def gap_dot(view: GapView) -> str:
    """The DOT source of the picture; draw it with `dot -Kneato -n2`."""
    canvas = Canvas()
    width = TITLE_COL + GAP + max(len(view.stages), 1) * (STAGE_COL + GAP)
    lines = wrapped(f"{view.title}: {view.ideal}", 90, 2)
    title = table_label([font(text(line), 18, theme.TEXT, bold=True) for line in lines], width)
    canvas.box(MARGIN, MARGIN, width, 24 * len(lines), title)
    y = MARGIN + 24 * len(lines) + 4
    subtitle = f"{view.current} → {view.ideal}"
    canvas.box(MARGIN, y, width, 16, table_label([font(text(subtitle), 10, theme.MUTED)], width))
    y = _legend(canvas, view, y + 24, width)
    xs = [MARGIN + TITLE_COL + GAP + i * (STAGE_COL + GAP) for i in range(len(view.stages))]
    y = _heads(canvas, view, xs, y + 8)
    y = _chart(canvas, view, xs, y)
    _counts(canvas, view, xs, y)
    return str(canvas.graph.source)


def _legend(canvas: Canvas, view: GapView, y: float, width: float) -> float:
    """How today's curve and the ideal's are drawn, then a row per persona: its colour and its name."""
    middle = y + _LEGEND_LINE / 2
    for n, (word, today) in enumerate(((view.now_word, True), (view.ideal_word, False))):
        x = MARGIN + n * 140
        canvas.line(canvas.point(x, middle), canvas.point(x + 36, middle), theme.MUTED, 1.4 if today else 2.6, today)
        if today:
            canvas.ring(x + 18, middle, theme.MUTED, 8, 1.6)
        else:
            canvas.dot(x + 18, middle, theme.MUTED)
        label = table_label([font(text(word), SMALL_SIZE + 1, theme.TEXT, bold=True)], 90)
        canvas.box(x + 44, y, 90, _LEGEND_LINE, label)
    y += _LEGEND_LINE + 2
    for curve in view.curves:
        canvas.dot(MARGIN + 18, y + _LEGEND_LINE / 2, curve.colour)
        label = table_label([font(text(curve.persona), SMALL_SIZE + 1, curve.colour, bold=True)], width - 44)
        canvas.box(MARGIN + 44, y, width - 44, _LEGEND_LINE, label)
        y += _LEGEND_LINE
    return y


def _heads(canvas: Canvas, view: GapView, xs: list[float], y: float) -> float:
    heads = [
        [font(text(stage.number), SMALL_SIZE, "#b0bec5", bold=True)]
        + [
            font(text(line), HEAD_SIZE, theme.STAGE_HEAD.strong, bold=True)
            for line in wrapped(stage.name, HEAD_CHARS, 3)
        ]
        + [
            font(text(line), SMALL_SIZE, theme.STAGE_HEAD.strong)
            for line in (wrapped(stage.note, HEAD_CHARS + 6, 2) if stage.note else [])
        ]
        for stage in view.stages
    ]
    height = max((SMALL_LINE + HEAD_LINE * (len(rows) - 1) for rows in heads), default=HEAD_LINE) + 2 * PAD
    fill, border = theme.STAGE_HEAD.fill, theme.STAGE_HEAD.border
    title = table_label([font(text(view.stage_word), HEAD_SIZE, theme.STAGE_HEAD.strong, bold=True)])
    canvas.box(MARGIN, y, TITLE_COL, height, title, fill, border)
    for x, rows in zip(xs, heads, strict=True):
        canvas.box(x, y, STAGE_COL, height, table_label(rows, STAGE_COL - 2 * PAD), fill, border)
    return y + height + GAP


def _chart(canvas: Canvas, view: GapView, xs: list[float], top: float) -> float:
    """The scale, a cell per stage, and the two curves of each persona; return the bottom."""
    height = _CHART + 2 * PAD
    title = table_label([font(text(view.emotion_title), 10, theme.TEXT, bold=True)])
    canvas.box(MARGIN, top, TITLE_COL, height, title, theme.LANE_TITLE.fill, theme.GRID_LINE)
    for x in xs:
        canvas.box(x, top, STAGE_COL, height, fill="#ffffff", border=theme.GRID_LINE)
    right = xs[-1] + STAGE_COL if xs else MARGIN + TITLE_COL

    def level(score: int) -> float:
        return top + PAD + 10 + (2 - score) * (_CHART - 20) / 4

    left = MARGIN + TITLE_COL + GAP
    for score in range(-2, 3):
        colour = "#90a4ae" if score == 0 else "#e0e6ea"
        canvas.line(canvas.point(left, level(score)), canvas.point(right, level(score)), colour, 1, dashed=score != 0)
        sign = "+" if score > 0 else "−" if score < 0 else ""
        canvas.box(left + 2, level(score) - 7, 18, 14, table_label([font(f"{sign}{abs(score)}", 7, theme.MUTED)]))
    for n, curve in enumerate(view.curves):
        offset = (n - (len(view.curves) - 1) / 2) * 8
        centres = [x + STAGE_COL / 2 + offset for x in xs]
        _curve(canvas, centres, curve.now, curve.colour, level, today=True)
        _curve(canvas, centres, curve.ideal, curve.colour, level, today=False)
    return top + height + GAP


def _curve(
    canvas: Canvas,
    centres: list[float],
    scores: tuple[int | None, ...],
    colour: str,
    level: Callable[[int], float],
    today: bool,
) -> None:
    points = []
    for x, score in zip(centres, scores, strict=True):
        if score is None:
            points.append("")
        elif today:
            canvas.ring(x, level(score), colour, 8, 1.6)
            points.append(canvas.point(x, level(score)))
        else:
            points.append(canvas.dot(x, level(score), colour, 9.0))
    for tail, head in pairwise(points):
        if tail and head:
            canvas.line(tail, head, colour, 1.4 if today else 2.6, dashed=today)


def _counts(canvas: Canvas, view: GapView, xs: list[float], y: float) -> None:
    """Under each stage: the pains the ideal resolves and those that remain, counted."""
    for x, stage in zip(xs, view.stages, strict=True):
        rows = []
        if stage.resolved:
            rows.append(
                font(text(f"✓ {view.resolved_title}: {len(stage.resolved)}"), SMALL_SIZE, theme.GOOD, bold=True)
            )
        if stage.remaining:
            rows.append(
                font(text(f"• {view.remaining_title}: {len(stage.remaining)}"), SMALL_SIZE, theme.BAD, bold=True)
            )
        if stage.new_pains:
            rows.append(font(text(f"+ {view.new_pains_title}: {len(stage.new_pains)}"), SMALL_SIZE, theme.BAD))
        if rows:
            canvas.box(x, y, STAGE_COL, SMALL_LINE * len(rows) + 6, table_label(rows, STAGE_COL - 2 * PAD))


SUFFIX = "gap"
"""Outputs are `NAME.gap.svg` and `NAME.gap.png`, NAME being the ideal map's file name."""


def draw_gap(view: GapView, path: str, stem: str, formats: tuple[str, ...], dot: Dot) -> Rendered:
    """The picture of both curves in `formats` (`svg`, `png`), in memory: every file, or none and a problem
    when Graphviz failed."""
    rendered = Rendered()
    source = gap_dot(view)
    layout = ("-Kneato", "-n2")  # every box is placed already
    try:
        drawing = View(dot, source, layout, f"{stem}.{SUFFIX}", formats, DEFAULT_DPI).begin()
        drawing.finish(path)
        rendered.outputs.update(drawing.pictures)
        rendered.problems += drawing.problems
    except DotFailed as error:
        rendered.outputs.clear()
        hint = "raise --timeout" if error.timed_out else ""
        rendered.problems.append(Problem(path, START, "error", "render-failed", str(error), hint))
    return rendered
