"""Stage 6, render: the self-contained HTML report, through the Jinja2 templates in `templates/`.

One file that opens anywhere with nothing installed and loads nothing: styles are inline, there is no script
at all (the persona and lane switches are checkboxes and CSS), and a Content-Security-Policy meta tag says
so to the browser. Jinja2 escapes every value; the only markup inserted as is comes from Graphviz (the flow
picture, whose text Graphviz escapes) and from this module.

Given a `DiffView` (`cjm diff --render`), the same report says what was compared, how many changes of each
kind, what was removed that no view shows, and every change in a table at the end; the grid's marked cards,
heads and emotion points carry their marks. Without one, the report is exactly what `cjm render` writes.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..analysis.gap import Gap
from ..core.lanes import BY_KEY
from ..core.model import JourneyMap
from ..views import theme
from ..views.about import about
from ..views.blocks import BlockRow, BlockTable, Cell, block_tables
from ..views.funnels import funnel_tables
from ..views.gap import gap_view
from ..views.grid import personas
from ..views.plan import ValueEffort, map_plan, plan_table, value_effort
from ..views.shapes import NO_MARKS, DiffView, Flow, Grid, PersonaView
from ..views.words import words
from .html_chart import MARKER_PATHS, curves, frame, gap_curves


def html_report(
    journey_map: JourneyMap,
    grid: Grid | None,
    flow: Flow | None,
    flow_svg: str | None,
    diff: DiffView | None = None,
    gap: Gap | None = None,
) -> str:
    """The report as text; `flow_svg` is the flow picture drawn by Graphviz, embedded when given. With `diff`,
    the report of a diff: `grid` and `flow` are then built with `diff.marks`. With `gap` (an ideal map and its
    twin), a section on the gap to the ideal."""
    w = words(journey_map.lang)
    environment = templates()
    people = personas(journey_map, diff.marks if diff else NO_MARKS)
    plan = map_plan(journey_map, "")
    gap_shown = gap_view(gap, journey_map.lang) if gap else None
    chart = frame(grid.scale) if grid else None
    gap_chart = frame(gap_shown.scale) if gap_shown else None
    context = {
        "map": journey_map,
        "w": w,
        "personas": people,
        "grid": grid,
        "flow": flow,
        "flow_svg": Markup(_inline_svg(flow_svg)) if flow_svg else None,
        "curves": curves(grid, chart) if grid and chart else (),
        "chart": chart,
        "marker_paths": MARKER_PATHS,
        "kpis": grid.kpis if grid else (),
        # the funnels' figures go with the sales-system view, and so do the tables of what its picture holds
        "funnels": tuple(t for t in funnel_tables(journey_map) if t.has_figures) if flow else (),
        "blocks": tuple(map(_shown, block_tables(journey_map, _REPORT_BLOCKS))) if flow else (),
        # CSS and switches name personas by position: ids may hold characters that mean something in CSS.
        "persona_index": {p.id: i for i, p in enumerate(people)},
        "lane_colours": theme.LANE,
        "kpi_title": BY_KEY["kpis"].titles[journey_map.lang],
        "leads": theme.LEADS,
        "deals": theme.DEALS,
        "success": theme.SUCCESS,
        "failure": theme.FAILURE,
        "drop_off": theme.DROP_OFF,
        "font_stack": theme.FONT_STACK,
        "light": theme.LIGHT_PAGE,
        "dark": theme.DARK_PAGE,
        "on_dark": _dark(people),
        "persona_text": tuple(theme.readable(p.colour, _LIGHT_CARDS) for p in people),
        "line_colour": theme.VISIBILITY_LINE,
        "diff": diff,
        "diff_colours": theme.DIFF,
        "diff_columns": theme.DIFF_COLUMN,
        "about": about(journey_map),
        "plan": plan_table(plan, journey_map.lang) if plan else None,
        "value_effort": _value_effort(value_effort(plan, journey_map.lang)) if plan else None,
        "gap": gap_shown,
        "gap_curves": gap_curves(gap_shown, gap_chart) if gap_shown and gap_chart else (),
        "gap_chart": gap_chart,
    }
    # the styles of these parts only for a report that has them: a map without them keeps its report as it was
    context["researched"] = bool(context["about"] or plan or gap_shown or (grid and _has_evidence(grid)))
    style = environment.get_template("report.css.j2").render(context)
    # The policy allows exactly this style block, by its hash, and nothing else: no scripts, no requests.
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; form-action 'none'"
    html = environment.get_template("report.html.j2").render(context, style=Markup(style), policy=policy)
    return html


_LIGHT_CARDS = (theme.LIGHT_PAGE.card, *(swatch.fill for swatch in theme.LANE.values()))
"""What a persona's colour is read on as text: the cards of every lane."""


@dataclass(frozen=True)
class DarkColours:
    """The report's colours in the dark theme, besides its page's (`theme.DARK_PAGE`)."""

    persona_text: tuple[str, ...]
    lanes: dict[str, str]
    drop_off: str
    wins: str
    diff: dict[str, str]
    diff_text: dict[str, str]


def _dark(people: tuple[PersonaView, ...]) -> DarkColours:
    page = theme.DARK_PAGE
    lanes = {key: theme.tint(swatch.fill) for key, swatch in theme.LANE.items()}
    cards = (page.card, *lanes.values())
    return DarkColours(
        tuple(theme.readable(p.colour, cards) for p in people),
        lanes,
        theme.tint(theme.DROP_OFF.fill, page.background, 0.2),
        theme.tint(theme.DEALS.fill, page.background),
        {kind: theme.tint(swatch.fill) for kind, swatch in theme.DIFF.items()},
        {kind: theme.readable(swatch.border, (page.card, page.cell)) for kind, swatch in theme.DIFF.items()},
    )


@functools.cache
def templates() -> Environment:
    """One environment a process: it keeps the templates it compiled, which every report (and the portfolio
    index) uses again."""
    return Environment(
        loader=PackageLoader("cjm_cli.render", "templates"),
        # HTML escaping would break the style sheet, which holds only the theme's values and generated names.
        autoescape=select_autoescape(disabled_extensions=("css.j2",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _has_evidence(grid: Grid) -> bool:
    cards = (entry for lane in grid.lanes for cell in lane.cells for entry in cell)
    return any(entry.evidence or entry.confidence for entry in cards) or any(
        any(series.evidence) or any(series.confidence) for series in grid.emotions
    )


_REPORT_BLOCKS = ("channels", "automations", "pages", "campaigns")
"""The block tables the report shows under the flow picture; the funnels have their own section."""


@dataclass(frozen=True)
class ShownRow:
    flag: str
    cells: tuple[tuple[int, Cell, int], ...]
    """The column, the cell and its row span of each cell drawn: a group's name spans the rows it names."""


@dataclass(frozen=True)
class ShownTable:
    table: BlockTable
    rows: tuple[ShownRow, ...]
    heads: int
    """How many leading columns are row headers: the group columns, or the first."""


def _shown(table: BlockTable) -> ShownTable:
    """A block table with the names of its groups drawn once, spanning the rows of the group."""
    rows: list[ShownRow] = []
    for i, row in enumerate(table.rows):
        cells = []
        for column, cell in enumerate(row.cells):
            if column < table.grouped:
                if i and _group(table.rows[i - 1], column) == _group(row, column):
                    continue  # drawn above, spanning this row
                span = 1
                while i + span < len(table.rows) and _group(table.rows[i + span], column) == _group(row, column):
                    span += 1
                cells.append((column, cell, span))
            else:
                cells.append((column, cell, 1))
        rows.append(ShownRow(row.flag, tuple(cells)))
    return ShownTable(table, tuple(rows), max(table.grouped, 1))


def _group(row: BlockRow, column: int) -> tuple[Cell, ...]:
    """What names a row's group at `column`: its cells up to it (a stage is one stage of one pipeline)."""
    return row.cells[: column + 1]


_XML_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _inline_svg(svg: str) -> str:
    """Graphviz's SVG file as an element of the page: no XML prologue, doctype or comments."""
    svg = _XML_PROLOGUE.sub("", svg, count=1)
    return _COMMENT.sub("", svg).strip()


@dataclass(frozen=True)
class ValueEffortChart:
    """The value/effort picture in the report's own units: a box `WIDTH` x `HEIGHT`, the plot inside `PLOT`."""

    chart: ValueEffort
    points: tuple[tuple[float, float, str, str], ...]
    """x, y, the rank and the opportunity's text."""
    split_x: float
    split_y: float


_VE_PLOT = (56.0, 24.0, 408.0, 248.0)  # left, top, right, bottom of the plot in a 420 x 290 box
_VE_INSET = 12.0  # points keep this far from the axes
_VE_RADIUS = 9.0


def _value_effort(chart: ValueEffort | None) -> ValueEffortChart | None:
    if chart is None:
        return None
    left, top, right, bottom = _VE_PLOT

    def x(share: float) -> float:
        return round(left + _VE_INSET + share * (right - left - 2 * _VE_INSET), 1)

    def y(share: float) -> float:
        return round(bottom - _VE_INSET - share * (bottom - top - 2 * _VE_INSET), 1)

    placed: list[tuple[float, float, str, str]] = []
    for p in chart.points:  # in rank order: a point on top of one already placed moves right until it is free
        px, py = x(p.x), y(p.y)
        while any((px - qx) ** 2 + (py - qy) ** 2 < (1.8 * _VE_RADIUS) ** 2 for qx, qy, _, _ in placed):
            px += _VE_RADIUS
        placed.append((round(px, 1), py, p.rank, p.text))
    return ValueEffortChart(chart, tuple(placed), x(chart.split_x), y(chart.split_y))
