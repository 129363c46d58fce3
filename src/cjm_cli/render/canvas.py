"""The canvas of the journey grid: its measures, and boxes, marks and lines placed in points (y growing
downwards), written out as pinned DOT nodes through the one DOT writer (`dot.digraph`).

Text is wrapped by character count with widths measured for DejaVu Sans, generously, so that text stays
inside its box.
"""

from __future__ import annotations

from ..views import theme
from ..views.shapes import Lane
from ..views.theme import FONT, Line, Marker
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


class Canvas:
    """Boxes, marks and lines in points, y growing downwards; written out as pinned DOT nodes.

    They are drawn in the order they are made, each over those before it (Graphviz's default output order,
    which draws a line with the node it starts from): a label made after a line is drawn over it."""

    def __init__(self) -> None:
        self.graph = digraph(
            "journey",
            {
                "bgcolor": theme.BACKGROUND,
                "pad": "0.3",
                "splines": "line",
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

    def marker(
        self, x: float, y: float, shape: Marker, colour: str, size: float, hollow: bool = False, tooltip: str = ""
    ) -> None:
        """A persona's marker: filled with a white rim to stand out from the lines, or hollow in its colour."""
        side = size * _MARKER_SIZES[shape]
        self._node(
            {
                "pos": _pos(x, y),
                "shape": shape,
                "width": _inches(side),
                "height": _inches(side),
                "style": "filled",
                "fillcolor": theme.BACKGROUND if hollow else colour,
                "color": colour if hollow else theme.BACKGROUND,
                "penwidth": "1.6" if hollow else "1",
                "label": "",
                "tooltip": escaped(tooltip),
            },
            keep=("label",),
        )

    def pattern(self, tail: str, head: str, colour: str, width: float, line: Line) -> None:
        """A line in a persona's pattern: solid, dashed or dotted, single or double (two thin parallel lines)."""
        double = line.startswith("double")
        style = line.removeprefix("double").strip("-") or "solid"
        attributes = {"style": style} if style != "solid" else {}
        # a list of colours draws parallel lines: the persona's, a gap, the persona's
        colours = f"{colour}:invis:{colour}" if double else colour
        thickness = width * 0.5 if double else width * 1.3 if style == "dotted" else width  # dots need weight
        self.graph.edge(tail, head, color=colours, penwidth=f"{thickness:g}", arrowhead="none", **attributes)

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


# Polygons look smaller than a circle of the same width: each shape's width to look as large as a circle.
_MARKER_SIZES: dict[Marker, float] = {
    "circle": 1.0,
    "square": 0.86,
    "triangle": 1.3,
    "diamond": 1.3,
    "invtriangle": 1.3,
    "pentagon": 1.15,
    "hexagon": 1.12,
    "star": 1.6,
}


def table_label(rows: list[str], width: float = 0) -> str:
    """Rows of text, left-aligned; with `width`, across that width (a node centres a narrower label)."""
    cells = "".join(f'<TR><TD ALIGN="LEFT">{row}</TD></TR>' for row in rows)
    size = f' WIDTH="{width:.0f}" FIXEDSIZE="TRUE"' if width else ""
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"{size}>{cells}</TABLE>>'


def rows_height(rows: list[tuple[str, float]]) -> float:
    return sum(height for _, height in rows)


def _pos(x: float, y: float) -> str:
    return f"{x:.1f},{-y:.1f}"  # DOT's y axis points up


def _inches(points: float) -> str:
    return f"{points / 72:.4f}"


def title_box(canvas: Canvas, lane: Lane, y: float, height: float, extra: list[str] | None = None) -> None:
    swatch = theme.LANE.get(lane.key, theme.LANE_TITLE)
    rows = [font(text(line), BODY_SIZE, swatch.strong, bold=True) for line in wrapped(lane.title, TITLE_CHARS, 3)]
    canvas.box(MARGIN, y, TITLE_COL, height, table_label(rows + (extra or [])), theme.LANE_TITLE.fill, theme.GRID_LINE)
