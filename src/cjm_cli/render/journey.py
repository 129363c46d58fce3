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

from ..views import theme
from ..views.shapes import Entry, Grid, Lane, Mark, StageHead
from . import marks as render_marks
from .canvas import (
    BAND_GAP,
    BODY_LINE,
    BODY_SIZE,
    CARD_CHARS,
    CARD_GAP,
    GAP,
    HEAD_CHARS,
    HEAD_LINE,
    HEAD_SIZE,
    LINE_ROW,
    MARGIN,
    PAD,
    SMALL_CHARS,
    SMALL_LINE,
    SMALL_SIZE,
    STAGE_COL,
    STAGES_PER_BAND,
    TITLE_COL,
    Canvas,
    rows_height,
    table_label,
    title_box,
)
from .dot import font, text, wrapped
from .emotions import emotion_lane


def journey_dot(grid: Grid, title: str, subtitle: str) -> str:
    """The DOT source of the journey grid, laid out; draw it with `dot -Kneato -n2`."""
    canvas = Canvas()
    lines = wrapped(title, 80, 2)
    width = max(map(len, lines)) * 18 * 0.66
    title_label = table_label([font(text(line), 18, theme.TEXT, bold=True) for line in lines], width)
    canvas.box(MARGIN, MARGIN, width, 24 * len(lines), title_label)
    y = MARGIN + 24 * len(lines) + 4
    if subtitle:  # as wide as the title, or as itself under a short title
        across = max(width, len(subtitle) * 10 * 0.66)
        canvas.box(MARGIN, y, across, 16, table_label([font(text(subtitle), 10, theme.MUTED)], across))
        y += 20
    if grid.legend:
        y = _legend(canvas, grid, y + 6)
    y += 10
    for start in range(0, len(grid.stages), STAGES_PER_BAND):
        y = _band(canvas, grid, range(start, min(start + STAGES_PER_BAND, len(grid.stages))), y) + BAND_GAP
    return str(canvas.graph.source)


def _legend(canvas: Canvas, grid: Grid, y: float) -> float:
    """The legend of a grid drawn with a diff, in a box under the title; return the bottom."""
    assert grid.legend is not None
    columns = min(len(grid.stages), STAGES_PER_BAND)
    width = min(TITLE_COL + GAP + columns * (STAGE_COL + GAP) - GAP, 640.0)
    rows = render_marks.legend_rows(grid.legend, int((width - 20) / (10 * 0.62)))
    height = rows_height(rows) + 2 * PAD
    canvas.box(MARGIN, y, width, height, table_label([r for r, _ in rows], width - 20), "#fafbfc", theme.GRID_LINE)
    return y + height


def _band(canvas: Canvas, grid: Grid, columns: range, top: float) -> float:
    """Draw the header and every lane for these stage columns, starting at `top`; return the bottom."""
    xs = [MARGIN + TITLE_COL + GAP + i * (STAGE_COL + GAP) for i in range(len(columns))]
    right = xs[-1] + STAGE_COL
    numbers = grid.numbers
    # stages added or removed as a whole tint their column
    tints = [theme.DIFF_COLUMN.get(mark.kind, "") if (mark := grid.stages[i].mark) else "" for i in columns]

    head_rows = [_head_rows(grid.stages[i], numbers[i]) for i in columns]
    head_height = max(rows_height(rows) for rows in head_rows) + 2 * PAD
    canvas.box(MARGIN, top, TITLE_COL, head_height, fill=theme.STAGE_HEAD.fill, border=theme.STAGE_HEAD.border)
    for x, rows, i in zip(xs, head_rows, columns, strict=True):
        label = table_label([r for r, _ in rows], STAGE_COL - 2 * PAD)
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
            y = emotion_lane(canvas, grid, lane, columns, xs, y, right, tints)
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
        shown = f"{number} · {stage.time}" if stage.time else number  # a day in the life: its time of day
        rows.append((font(text(shown), SMALL_SIZE, "#b0bec5", bold=True), SMALL_LINE))
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


def _item_lane(
    canvas: Canvas, lane: Lane, columns: range, xs: list[float], y: float, shaded: bool, tints: list[str]
) -> float:
    swatch = theme.LANE.get(lane.key, theme.LANE_TITLE)
    cells = [lane.cells[i] for i in columns]
    cards = [[_card_rows(entry, swatch.strong) for entry in cell] for cell in cells]
    stacks = [sum(rows_height(rows) + 2 * 5 for rows in cell) + CARD_GAP * max(len(cell) - 1, 0) for cell in cards]
    height = max([*stacks, BODY_LINE]) + 2 * PAD
    title_box(canvas, lane, y, height)
    background = "#f7f9fa" if shaded else "#ffffff"
    for x, entries, cell, tint in zip(xs, cells, cards, tints, strict=True):
        canvas.box(x, y, STAGE_COL, height, fill=tint or background, border=theme.GRID_LINE)
        card_y = y + PAD
        for entry, rows in zip(entries, cell, strict=True):
            card_height = rows_height(rows) + 2 * 5
            label = table_label([r for r, _ in rows], STAGE_COL - 2 * PAD - 14)
            width = STAGE_COL - 2 * PAD
            if entry.mark is None:
                canvas.box(x + PAD, card_y, width, card_height, label, swatch.fill, swatch.border, rounded=True)
            else:
                _marked_card(canvas, x + PAD, card_y, width, card_height, label, entry.mark)
            card_y += card_height + CARD_GAP
    return y + height + GAP


def _marked_card(canvas: Canvas, x: float, y: float, width: float, height: float, label: str, mark: Mark) -> None:
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


def _line_lane(canvas: Canvas, lane: Lane, y: float, right: float) -> float:
    """A blueprint line (of visibility, of internal interaction) across the grid, its name on a white ground
    over it, made after it so that the line never strikes through its own name."""
    middle = y + LINE_ROW / 2
    canvas.line(canvas.point(MARGIN, middle), canvas.point(right, middle), theme.VISIBILITY_LINE, 1.6, dashed=True)
    label = table_label([font(text(lane.title), SMALL_SIZE + 1, theme.VISIBILITY_LINE, bold=True)])
    width = min(len(lane.title) * (SMALL_SIZE + 1) * 0.7 + 16, right - MARGIN - TITLE_COL - GAP)
    canvas.box(MARGIN + TITLE_COL + GAP, middle - 7, width, 14, label, fill=theme.BACKGROUND)
    return y + LINE_ROW + GAP
