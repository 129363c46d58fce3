"""Stage 6, render: the journey grid as Graphviz DOT with every box placed here (drawn with `neato -n2`).

A grid is a table, which Graphviz's layered layout cannot keep straight, so this module does the layout
itself: columns of equal width, rows as tall as their fullest cell, and cards stacked in each cell. Graphviz
only draws it, which gives the same fonts and output formats as the flow view. Text is wrapped by character
count with widths measured for DejaVu Sans, generously, so that text stays inside its box.

Maps with many stages are wrapped into bands of at most `STAGES_PER_BAND` columns stacked top to bottom, each
with its own header and lane titles, so a PNG stays readable instead of growing into a strip.

A grid built with a diff's marks (`cjm diff --render`) gets a legend under its title, marked cards, heads and
emotion points (see `render_marks.py`), and the ghosts of removed stages and items; a grid without marks is
drawn exactly as `cjm render` draws it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from ..views import theme
from ..views.shapes import Entry, Grid, Lane, Mark, StageHead
from ..views.theme import FONT
from . import marks as render_marks
from .dot import digraph, escaped, font, text, wrapped

STAGES_PER_BAND = 16

MARGIN = 24.0
TITLE_COL = 150.0
STAGE_COL = 196.0
GAP = 4.0  # between columns and rows
CARD_GAP = 6.0
PAD = 8.0  # inside a cell, around its cards
CHART = 150.0  # height of the emotion chart area
BAND_GAP = 36.0
LINE_ROW = 24.0

# Line heights and characters per line, measured generously for DejaVu Sans (about 0.62 em per character).
BODY_SIZE, BODY_LINE = 10.0, 13.0
SMALL_SIZE, SMALL_LINE = 8.0, 10.5
HEAD_SIZE, HEAD_LINE = 11.0, 14.0
CARD_CHARS = int((STAGE_COL - 2 * PAD - 12) / (BODY_SIZE * 0.62))
SMALL_CHARS = int((STAGE_COL - 2 * PAD - 12) / (SMALL_SIZE * 0.62))
HEAD_CHARS = int((STAGE_COL - 16) / (HEAD_SIZE * 0.68))
TITLE_CHARS = int((TITLE_COL - 16) / (BODY_SIZE * 0.68))


class _Canvas:
    """Boxes, marks and lines in points, y growing downwards; written out as pinned DOT nodes."""

    def __init__(self) -> None:
        self.graph = digraph(
            "journey",
            {
                "bgcolor": theme.BACKGROUND,
                "pad": "0.3",
                "splines": "line",
                "outputorder": "nodesfirst",
                "fontname": FONT,
            },
            {"fontname": FONT, "fontsize": f"{BODY_SIZE:g}", "fontcolor": theme.TEXT, "penwidth": "1", "margin": "0"},
            {"arrowhead": "none"},
        )
        self.count = 0

    def key(self) -> str:
        self.count += 1
        return f"n{self.count}"

    def box(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        label: str = "",
        fill: str = "",
        border: str = "",
        rounded: bool = False,
        dashed: bool = False,
        penwidth: float = 0,
        tooltip: str = "",
    ) -> None:
        style = ["filled"] if fill else []
        if rounded:
            style.append("rounded")
        if dashed:
            style.append("dashed")
        attributes = {
            "shape": "box",
            "fixedsize": "true",
            "pos": _pos(x + width / 2, y + height / 2),
            "width": _inches(width),
            "height": _inches(height),
            "label": label,
            "style": ",".join(style),
            "fillcolor": fill,
            "color": border or "transparent",
            "penwidth": f"{penwidth:g}" if penwidth else "",
            "tooltip": escaped(tooltip),
        }
        self._node(attributes, keep=("label", "style"))

    def dot(self, x: float, y: float, colour: str, size: float = 7.0) -> str:
        key = self._node(
            {
                "pos": _pos(x, y),
                "shape": "circle",
                "width": _inches(size),
                "height": _inches(size),
                "style": "filled",
                "fillcolor": colour,
                "color": "#ffffff",
                "penwidth": "1.2",
                "label": "",
            },
            keep=("label",),
        )
        return key

    def ring(self, x: float, y: float, colour: str, size: float, width: float, tooltip: str = "") -> None:
        """A circle without fill: around a marked point, or where an old score was."""
        self._node(
            {
                "pos": _pos(x, y),
                "shape": "circle",
                "width": _inches(size),
                "height": _inches(size),
                "color": colour,
                "penwidth": f"{width:g}",
                "label": "",
                "tooltip": escaped(tooltip),
            },
            keep=("label",),
        )

    def point(self, x: float, y: float) -> str:
        return self._node({"pos": _pos(x, y), "shape": "point", "width": "0", "height": "0", "style": "invis"})

    def line(self, tail: str, head: str, colour: str, width: float = 1.0, dashed: bool = False) -> None:
        style = {"style": "dashed"} if dashed else {}
        self.graph.edge(tail, head, color=colour, penwidth=f"{width:g}", arrowhead="none", **style)

    def _node(self, attributes: dict[str, str], keep: tuple[str, ...] = ()) -> str:
        """A node with the attributes given a value (and those in `keep`, even empty); its key."""
        key = self.key()
        self.graph.node(key, **{name: value for name, value in attributes.items() if value or name in keep})
        return key


def journey_dot(grid: Grid, title: str, subtitle: str) -> str:
    """The DOT source of the journey grid, laid out; draw it with `dot -Kneato -n2`."""
    canvas = _Canvas()
    lines = wrapped(title, 80, 2)
    width = max(map(len, lines)) * 18 * 0.66
    title_label = _label([font(text(line), 18, theme.TEXT, bold=True) for line in lines], width)
    canvas.box(MARGIN, MARGIN, width, 24 * len(lines), title_label)
    y = MARGIN + 24 * len(lines) + 4
    if subtitle:
        canvas.box(MARGIN, y, width, 16, _label([font(text(subtitle), 10, theme.MUTED)], width))
        y += 20
    if grid.legend:
        y = _legend(canvas, grid, y + 6)
    y += 10
    for start in range(0, len(grid.stages), STAGES_PER_BAND):
        y = _band(canvas, grid, range(start, min(start + STAGES_PER_BAND, len(grid.stages))), y) + BAND_GAP
    return str(canvas.graph.source)


def _legend(canvas: _Canvas, grid: Grid, y: float) -> float:
    """The legend of a grid drawn with a diff, in a box under the title; return the bottom."""
    assert grid.legend is not None
    columns = min(len(grid.stages), STAGES_PER_BAND)
    width = min(TITLE_COL + GAP + columns * (STAGE_COL + GAP) - GAP, 640.0)
    rows = render_marks.legend_rows(grid.legend, int((width - 20) / (10 * 0.62)))
    height = _height(rows) + 2 * PAD
    canvas.box(MARGIN, y, width, height, _label([r for r, _ in rows], width - 20), "#fafbfc", theme.GRID_LINE)
    return y + height


def _band(canvas: _Canvas, grid: Grid, columns: range, top: float) -> float:
    """Draw the header and every lane for these stage columns, starting at `top`; return the bottom."""
    xs = [MARGIN + TITLE_COL + GAP + i * (STAGE_COL + GAP) for i in range(len(columns))]
    right = xs[-1] + STAGE_COL
    numbers = grid.numbers
    # stages added or removed as a whole tint their column
    tints = [theme.DIFF_COLUMN.get(mark.kind, "") if (mark := grid.stages[i].mark) else "" for i in columns]

    head_rows = [_head_rows(grid.stages[i], numbers[i]) for i in columns]
    head_height = max(_height(rows) for rows in head_rows) + 2 * PAD
    canvas.box(MARGIN, top, TITLE_COL, head_height, fill=theme.STAGE_HEAD.fill, border=theme.STAGE_HEAD.border)
    for x, rows, i in zip(xs, head_rows, columns, strict=True):
        label = _label([r for r, _ in rows], STAGE_COL - 2 * PAD)
        mark = grid.stages[i].mark
        if mark is None:
            canvas.box(x, top, STAGE_COL, head_height, label, theme.STAGE_HEAD.fill, theme.STAGE_HEAD.border)
        else:
            fill = theme.BACKGROUND if mark.kind == "removed" else render_marks.swatch(mark).strong
            hint = render_marks.tooltip(mark)
            border = render_marks.swatch(mark).border
            dashed = mark.kind == "removed"
            canvas.box(x, top, STAGE_COL, head_height, label, fill, border, False, dashed, render_marks.PEN, hint)
    y = top + head_height + GAP

    for index, lane in enumerate(grid.lanes):
        if lane.kind == "line":
            y = _line_lane(canvas, lane, y, right)
        elif lane.kind == "emotions":
            y = _emotion_lane(canvas, grid, lane, columns, xs, y, right, tints)
        else:
            y = _item_lane(canvas, lane, columns, xs, y, index % 2 == 1, tints)
    return y


def _head_rows(stage: StageHead, number: str) -> list[tuple[str, float]]:
    mark = stage.mark
    rows: list[tuple[str, float]] = []
    if stage.ghost:
        assert mark is not None
        rows.append((render_marks.tag(mark, SMALL_SIZE), SMALL_LINE))
    elif mark is not None:  # on the mark's dark fill, in white
        rows.append((font(text(mark.tag), SMALL_SIZE, theme.STAGE_HEAD.strong, bold=True), SMALL_LINE))
    if number:
        rows.append((font(text(number), SMALL_SIZE, "#b0bec5", bold=True), SMALL_LINE))
    colour = theme.MUTED if stage.ghost else theme.STAGE_HEAD.strong
    for line in wrapped(stage.name, HEAD_CHARS, 4):
        shown = render_marks.struck(text(line)) if stage.ghost else text(line)
        rows.append((font(shown, HEAD_SIZE, colour, bold=True), HEAD_LINE))
    if mark is not None and not stage.ghost:
        rows += [
            (font(text(line), SMALL_SIZE, theme.STAGE_HEAD.strong), SMALL_LINE)
            for note in mark.notes
            for line in wrapped(note, SMALL_CHARS + 4, 3)
        ]
    return rows


def _title_box(canvas: _Canvas, lane: Lane, y: float, height: float, extra: list[str] | None = None) -> None:
    swatch = theme.LANE.get(lane.key, theme.LANE_TITLE)
    rows = [font(text(line), BODY_SIZE, swatch.strong, bold=True) for line in wrapped(lane.title, TITLE_CHARS, 3)]
    canvas.box(MARGIN, y, TITLE_COL, height, _label(rows + (extra or [])), theme.LANE_TITLE.fill, theme.GRID_LINE)


def _item_lane(
    canvas: _Canvas, lane: Lane, columns: range, xs: list[float], y: float, shaded: bool, tints: list[str]
) -> float:
    swatch = theme.LANE.get(lane.key, theme.LANE_TITLE)
    cells = [lane.cells[i] for i in columns]
    cards = [[_card_rows(entry, swatch.strong) for entry in cell] for cell in cells]
    stacks = [sum(_height(rows) + 2 * 5 for rows in cell) + CARD_GAP * max(len(cell) - 1, 0) for cell in cards]
    height = max([*stacks, BODY_LINE]) + 2 * PAD
    _title_box(canvas, lane, y, height)
    background = "#f7f9fa" if shaded else "#ffffff"
    for x, entries, cell, tint in zip(xs, cells, cards, tints, strict=True):
        canvas.box(x, y, STAGE_COL, height, fill=tint or background, border=theme.GRID_LINE)
        card_y = y + PAD
        for entry, rows in zip(entries, cell, strict=True):
            card_height = _height(rows) + 2 * 5
            label = _label([r for r, _ in rows], STAGE_COL - 2 * PAD - 14)
            width = STAGE_COL - 2 * PAD
            if entry.mark is None:
                canvas.box(x + PAD, card_y, width, card_height, label, swatch.fill, swatch.border, rounded=True)
            else:
                _marked_card(canvas, x + PAD, card_y, width, card_height, label, entry.mark)
            card_y += card_height + CARD_GAP
    return y + height + GAP


def _marked_card(canvas: _Canvas, x: float, y: float, width: float, height: float, label: str, mark: Mark) -> None:
    """A card in the colours of its mark, with a thick border; the ghost of a removed one white and dashed."""
    colours = render_marks.swatch(mark)
    fill = theme.BACKGROUND if mark.kind == "removed" else colours.fill
    dashed = mark.kind == "removed"
    hint = render_marks.tooltip(mark)
    canvas.box(x, y, width, height, label, fill, colours.border, True, dashed, render_marks.PEN, hint)


def _card_rows(entry: Entry, strong: str) -> list[tuple[str, float]]:
    mark = entry.mark
    ghost = mark is not None and mark.kind == "removed"
    rows: list[tuple[str, float]] = [(render_marks.tag(mark, SMALL_SIZE), SMALL_LINE)] if mark else []
    if entry.persona:
        rows += [
            (font(text(line), SMALL_SIZE, strong, bold=True), SMALL_LINE)
            for line in wrapped(entry.persona, SMALL_CHARS, 1)
        ]
    if ghost:
        rows += [
            (font(render_marks.struck(text(line)), BODY_SIZE, theme.MUTED), BODY_LINE)
            for line in wrapped(entry.text, CARD_CHARS, 10)
        ]
    else:
        rows += [(font(text(line), BODY_SIZE), BODY_LINE) for line in wrapped(entry.text, CARD_CHARS, 10)]
    if entry.detail:
        colour = {"good": theme.GOOD, "bad": theme.BAD}.get(entry.status, theme.MUTED)
        rows += [
            (font(text(line), SMALL_SIZE, colour, bold=bool(entry.status)), SMALL_LINE)
            for line in wrapped(entry.detail, SMALL_CHARS, 4)
        ]
    if mark:
        rows += [(row, SMALL_LINE) for row in render_marks.notes(mark, SMALL_CHARS, SMALL_SIZE)]
    return rows


def _emotion_lane(
    canvas: _Canvas,
    grid: Grid,
    lane: Lane,
    columns: range,
    xs: list[float],
    y: float,
    right: float,
    tints: list[str],
) -> float:
    feelings = [[(s.persona.colour, s.feelings[i]) for s in grid.emotions if s.feelings[i]] for i in columns]
    for cell, i in zip(feelings, columns, strict=True):  # what a diff changed, under the feelings
        cell += [
            (render_marks.swatch(mark).strong, f"{mark.marker} {s.persona.name}: {'; '.join(mark.notes)}")
            for s in grid.emotions
            if s.marks and (mark := s.marks[i])
        ]
    feeling_lines = [sum(len(wrapped(f, SMALL_CHARS, 2)) for _, f in cell) for cell in feelings]
    height = CHART + 2 * PAD + max([*feeling_lines, 0]) * SMALL_LINE + (4 if any(feeling_lines) else 0)
    legend = [
        font(text(("● " if n == 0 else "   ") + line), SMALL_SIZE, s.persona.colour, bold=True)
        for s in grid.emotions
        for n, line in enumerate(wrapped(s.persona.name, TITLE_CHARS, 3))
    ]
    _title_box(canvas, lane, y, height, [font(" ", 4), *legend])
    for x, tint in zip(xs, tints, strict=True):
        canvas.box(x, y, STAGE_COL, height, fill=tint or "#ffffff", border=theme.GRID_LINE)

    def level(score: int) -> float:  # +2 at the top of the chart, -2 at the bottom
        return y + PAD + 10 + (2 - score) * (CHART - 20) / 4

    left = MARGIN + TITLE_COL + GAP
    for score in range(-2, 3):
        colour = "#90a4ae" if score == 0 else "#e0e6ea"
        canvas.line(canvas.point(left, level(score)), canvas.point(right, level(score)), colour, 1, dashed=score != 0)
        sign = "+" if score > 0 else "−" if score < 0 else ""
        canvas.box(left + 2, level(score) - 7, 18, 14, _label([font(f"{sign}{abs(score)}", 7, theme.MUTED)]))

    count = len(grid.emotions)
    for n, series in enumerate(grid.emotions):
        # personas side by side around the column's centre, so equal values do not hide each other
        offset = (n - (count - 1) / 2) * 8
        points = []
        for x, i in zip(xs, columns, strict=True):
            value = series.values[i]
            if series.marks:
                _emotion_marks(canvas, series.was[i], series.marks[i], value, x + STAGE_COL / 2 + offset, level)
            points.append(
                canvas.dot(x + STAGE_COL / 2 + offset, level(value), series.persona.colour) if value is not None else ""
            )
        # the line goes on past the ghost of a removed stage
        points = [point for point, i in zip(points, columns, strict=True) if not grid.stages[i].ghost]
        for tail, head in itertools.pairwise(points):
            if tail and head:
                canvas.line(tail, head, series.persona.colour, 2.4)

    for x, cell in zip(xs, feelings, strict=True):
        rows = [
            font(text(line), SMALL_SIZE, colour, bold=True)
            for colour, feeling in cell
            for line in wrapped(feeling, SMALL_CHARS, 2)
        ]
        if rows:
            width = STAGE_COL - 2 * PAD
            canvas.box(x + PAD, y + PAD + CHART + 4, width, len(rows) * SMALL_LINE, _label(rows, width - 8))
    return y + height + GAP


def _emotion_marks(
    canvas: _Canvas, was: int | None, mark: Mark | None, value: int | None, x: float, level: Callable[[int], float]
) -> None:
    """An empty ring where the old score was, and a ring in the mark's colour around the new score."""
    if was is not None and was != value:
        canvas.ring(x, level(was), render_marks.swatch(mark).border if mark else theme.MUTED, 8, 1.6)
    if mark is not None and value is not None:
        canvas.ring(x, level(value), render_marks.swatch(mark).border, 15, 2, render_marks.tooltip(mark))


def _line_lane(canvas: _Canvas, lane: Lane, y: float, right: float) -> float:
    middle = y + LINE_ROW / 2
    canvas.line(canvas.point(MARGIN, middle), canvas.point(right, middle), theme.VISIBILITY_LINE, 1.6, dashed=True)
    label = _label([font(text(lane.title), SMALL_SIZE, theme.VISIBILITY_LINE, bold=True)])
    canvas.box(MARGIN + TITLE_COL + GAP + 6, middle - 8, 260, 12, label, fill=theme.BACKGROUND)
    return y + LINE_ROW + GAP


def _label(rows: list[str], width: float = 0) -> str:
    """Rows of text, left-aligned; with `width`, across that width (a node centres a narrower label)."""
    cells = "".join(f'<TR><TD ALIGN="LEFT">{row}</TD></TR>' for row in rows)
    size = f' WIDTH="{width:.0f}" FIXEDSIZE="TRUE"' if width else ""
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"{size}>{cells}</TABLE>>'


def _height(rows: list[tuple[str, float]]) -> float:
    return sum(height for _, height in rows)


def _pos(x: float, y: float) -> str:
    return f"{x:.1f},{-y:.1f}"  # DOT's y axis points up


def _inches(points: float) -> str:
    return f"{points / 72:.4f}"
