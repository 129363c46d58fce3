"""Stage 6, render: the gap to the ideal as a picture of both emotion curves (`cjm compare --render`), every box
placed here and drawn with `neato -n2`, as the journey grid is.

Each persona has its colour, marker and line, as on the journey grid; the curve of today is thin with hollow
markers, the ideal's thick with filled ones (an unchanged score shows the ideal's marker inside today's), and a
legend says so. Both are drawn on the gap's scale (the ideal map's). Under each stage: how many of its pains
the ideal resolves and how many remain.
"""

from __future__ import annotations

from itertools import pairwise

from ..core.problems import START, Problem
from ..views import theme
from ..views.gap import Curve, GapView
from .canvas import (
    CHART,
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
from .emotions import MARKER, Chart, chart_height, draw_scale, offsets
from .graphviz_run import Dot, DotFailed
from .outputs import Rendered

_CHART = 180.0
_LEGEND_LINE = 16.0
_NOW_WIDTH, _IDEAL_WIDTH = 1.4, 2.8
_NOW_MARKER = 15.0
"""Today's marker, hollow, is larger than the ideal's: where the score does not change, it rings the ideal's."""


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
    """How today's curve and the ideal's are drawn, then a row per persona: its line, marker and name."""
    middle = y + _LEGEND_LINE / 2
    for n, (word, today) in enumerate(((view.now_word, True), (view.ideal_word, False))):
        x = MARGIN + n * 140
        sample = (canvas.point(x, middle), canvas.point(x + 36, middle))
        canvas.pattern(*sample, theme.MUTED, _NOW_WIDTH if today else _IDEAL_WIDTH, "solid")
        canvas.marker(x + 18, middle, "circle", theme.MUTED, _NOW_MARKER if today else MARKER, hollow=today)
        label = table_label([font(text(word), SMALL_SIZE + 1, theme.TEXT, bold=True)], 90)
        canvas.box(x + 44, y, 90, _LEGEND_LINE, label)
    y += _LEGEND_LINE + 2
    for curve in view.curves:
        middle = y + _LEGEND_LINE / 2
        canvas.pattern(canvas.point(MARGIN, middle), canvas.point(MARGIN + 36, middle), curve.colour, 2.2, curve.line)
        canvas.marker(MARGIN + 18, middle, curve.marker, curve.colour, MARKER)
        label = table_label([font(text(curve.persona), SMALL_SIZE + 1, theme.TEXT, bold=True)], width - 44)
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
    chart = Chart(top + PAD + 10, chart_height(view.scale) + _CHART - CHART, view.scale)
    height = chart.height + 20 + 2 * PAD
    title = table_label([font(text(view.emotion_title), 10, theme.TEXT, bold=True)])
    canvas.box(MARGIN, top, TITLE_COL, height, title, theme.LANE_TITLE.fill, theme.GRID_LINE)
    for x in xs:
        canvas.box(x, top, STAGE_COL, height, fill="#ffffff", border=theme.GRID_LINE)
    right = xs[-1] + STAGE_COL if xs else MARGIN + TITLE_COL
    draw_scale(canvas, chart, MARGIN + TITLE_COL + GAP, right)
    count = len(view.curves)
    for today in (False, True):  # the ideal's thick lines under today's thin ones
        for n, curve in enumerate(view.curves):
            _line(canvas, xs, chart, curve, offsets(n, count), today)
    for today in (True, False):  # the ideal's markers inside today's rings
        for n, curve in enumerate(view.curves):
            _markers(canvas, xs, chart, curve, offsets(n, count)[0], today)
    return top + height + GAP


def _line(
    canvas: Canvas, xs: list[float], chart: Chart, curve: Curve, offset: tuple[float, float], today: bool
) -> None:
    dx, dy = offset
    scores = curve.now if today else curve.ideal
    ends = [
        (x + STAGE_COL / 2 + dx, chart.level(score) + dy) if score is not None else None
        for x, score in zip(xs, scores, strict=True)
    ]
    width = _NOW_WIDTH if today else _IDEAL_WIDTH
    for tail, head in pairwise(ends):
        if tail and head:
            canvas.pattern(canvas.point(*tail), canvas.point(*head), curve.colour, width, curve.line)


def _markers(canvas: Canvas, xs: list[float], chart: Chart, curve: Curve, dx: float, today: bool) -> None:
    for x, score in zip(xs, curve.now if today else curve.ideal, strict=True):
        if score is not None:
            size = _NOW_MARKER if today else MARKER
            canvas.marker(x + STAGE_COL / 2 + dx, chart.level(score), curve.marker, curve.colour, size, hollow=today)


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
