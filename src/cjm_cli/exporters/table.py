"""A map's tables out: CSV for spreadsheets, Markdown for wikis and READMEs. The journey grid, stages as
columns and lanes as rows, and the sales-system blocks (`views.blocks`), one row per item; a CSV file holds
one of them, a Markdown file each under a heading (none when it holds one).

The rows are the journey view's (`views.grid.build_grid`), so the table shows what the pictures show, titled in the
map's language: touchpoints, actions, thoughts, an emotion row (and a feeling row) per persona, pains, the
service-blueprint lanes, opportunities, owners, KPIs; lanes no stage fills are left out. A cell holds its
items one per line, an item of one persona's as `Name: text`, an owner or a KPI's figures in parentheses.

CSV: RFC 4180 (commas, CRLF, quotes where needed), UTF-8 with a byte-order mark so that Excel reads the
Cyrillic right. A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or
a carriage return) gets a leading `'`; plain numbers, such as the emotion scores, are left as numbers.
Markdown: a GitHub table; `|`, `\\` and the characters that start Markdown or HTML markup are escaped,
line breaks become `<br>`.

In the block tables a figure is written as a spreadsheet reads it in CSV ("1240", "81%") and as the map's
language writes it in Markdown ("1 240"), right-aligned.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ..core.model import JourneyMap
from ..core.text import escape_markdown, spreadsheet_cell
from ..views.blocks import BlockTable, Cell, Figure, block_tables
from ..views.grid import build_grid
from ..views.shapes import Entry, Grid
from ..views.words import words


@dataclass(frozen=True)
class Row:
    title: str
    cells: tuple[tuple[str, ...], ...]  # the items of each stage's cell


def table(journey_map: JourneyMap) -> tuple[list[str], list[Row]]:
    """The header (a title, then the stage names) and the rows; no rows when the map has no journey."""
    grid = build_grid(journey_map)
    w = words(journey_map.lang)
    if grid is None:
        return [w.stage], []
    rows: list[Row] = []
    if any(stage.description for stage in grid.stages):
        rows.append(Row(w.description, tuple((s.description,) if s.description else () for s in grid.stages)))
    for lane in grid.lanes:
        if lane.kind == "items":
            rows.append(Row(lane.title, tuple(tuple(_item(e) for e in cell) for cell in lane.cells)))
        elif lane.kind == "emotions":
            rows += _emotion_rows(grid, lane.title, w.feelings)
    return [w.stage, *(stage.name for stage in grid.stages)], rows


def _item(entry: Entry) -> str:
    text = f"{entry.persona}: {entry.text}" if entry.persona else entry.text
    return f"{text} ({entry.detail})" if entry.detail else text


def _emotion_rows(grid: Grid, emotions: str, feelings: str) -> list[Row]:
    rows = []
    for series in grid.emotions:
        name = series.persona.name
        if any(value is not None for value in series.values):
            values = tuple((str(value),) if value is not None else () for value in series.values)
            rows.append(Row(f"{emotions}: {name}", values))
        if any(series.feelings):
            rows.append(Row(f"{feelings}: {name}", tuple((f,) if f else () for f in series.feelings)))
    return rows


def to_csv(journey_map: JourneyMap, block: str = "journey") -> str:
    """The table `block` (`journey`, or a key of `views.blocks.BLOCKS`) as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if block == "journey":
        header, rows = table(journey_map)
        writer.writerow([spreadsheet_cell(text) for text in header])
        for row in rows:
            cells = (spreadsheet_cell("\n".join(items)) for items in row.cells)
            writer.writerow([spreadsheet_cell(row.title), *cells])
    else:
        (blocks,) = block_tables(journey_map, [block])  # export_map checked the name
        writer.writerow([spreadsheet_cell(text) for text in blocks.headers])
        for block_row in blocks.rows:
            writer.writerow([_csv_cell(cell) for cell in block_row.cells])
    return "\ufeff" + out.getvalue()


def _csv_cell(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Figure) else spreadsheet_cell("\n".join(cell))


def to_markdown(journey_map: JourneyMap, blocks: tuple[str, ...] = ("journey",)) -> str:
    """The tables `blocks` as Markdown: each under a heading of its title when there are several."""
    w = words(journey_map.lang)
    tables: dict[str, BlockTable] = {t.key: t for t in block_tables(journey_map, [b for b in blocks if b != "journey"])}
    parts = []
    for block in blocks:
        if block == "journey":
            parts.append((w.journey, _grid_markdown(journey_map)))
        else:
            parts.append((tables[block].title, _block_markdown(tables[block])))
    if len(parts) == 1:
        return parts[0][1]
    return "\n".join(f"## {escape_markdown(title)}\n\n{text}" for title, text in parts)


def _grid_markdown(journey_map: JourneyMap) -> str:
    header, rows = table(journey_map)
    lines = [_markdown_row([escape_markdown(text) for text in header]), "|" + " --- |" * len(header)]
    for row in rows:
        cells = ["<br>".join(escape_markdown(item) for item in items) for items in row.cells]
        lines.append(_markdown_row([escape_markdown(row.title), *cells]))
    return "\n".join(lines) + "\n"


def _block_markdown(blocks: BlockTable) -> str:
    rule = "|" + "".join(" ---: |" if blocks.numeric(i) else " --- |" for i in range(len(blocks.columns)))
    lines = [_markdown_row([escape_markdown(text) for text in blocks.headers]), rule]
    for row in blocks.rows:
        lines.append(_markdown_row([_markdown_cell(cell) for cell in row.cells]))
    return "\n".join(lines) + "\n"


def _markdown_cell(cell: Cell) -> str:
    if isinstance(cell, Figure):
        return escape_markdown(cell.shown)
    return "<br>".join(escape_markdown(item) for item in cell)


def _markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
