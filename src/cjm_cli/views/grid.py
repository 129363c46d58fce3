"""Build the journey grid: stages as columns, lanes as rows (in the order of `core.lanes.LANES`), an emotion
series per persona. With `Marks` (a diff), marked elements carry their mark and removed ones come back as
ghosts; without, the grid is exactly what `cjm render` draws."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal, TypeVar

from ..analysis.metrics import (
    measure_kpi,
)
from ..core.model import JourneyMap, JourneyStage, Opportunity, Said
from .figures import (
    kpi_view,
)
from .shapes import (
    NO_MARKS,
    EmotionSeries,
    Entry,
    Grid,
    KpiView,
    Lane,
    Mark,
    Marks,
    PersonaView,
    StageHead,
)
from .theme import persona_colour
from .words import words


def personas(journey_map: JourneyMap, marks: Marks = NO_MARKS) -> tuple[PersonaView, ...]:
    return tuple(
        PersonaView(
            p.id,
            p.name,
            persona_colour(i),
            p.role or "",
            p.description or "",
            tuple(p.goals),
            tuple(p.needs),
            tuple(p.pains),
            marks.elements.get(("personas", i)),
        )
        for i, p in enumerate(journey_map.personas)
    )


def build_grid(journey_map: JourneyMap, marks: Marks = NO_MARKS) -> Grid | None:
    """The journey grid, or None when the map has no `journey`. Lanes no stage fills are left out. With
    `marks` (a diff), marked elements carry their mark and removed ones come back as ghosts."""
    if journey_map.journey is None:
        return None
    w = words(journey_map.lang)
    stages = journey_map.journey.stages
    people = personas(journey_map)
    names = {p.id: p.name for p in people}
    departments = {d.id: d.name for d in journey_map.departments}
    channels = {c.id: c.name for c in journey_map.channels}

    def said(items: Sequence[Said]) -> tuple[Entry, ...]:
        return tuple(Entry(i.text, i.persona or "", names.get(i.persona or "", "")) for i in items)

    def marked(key: str, cells: list[tuple[Entry, ...]]) -> list[tuple[Entry, ...]]:
        """A lane's cells with the diff's marks on their entries, and its ghosts after them."""
        return [
            (
                *(
                    _with_mark(entry, marks.elements.get(("journey", "stages", i, key, n)))
                    for n, entry in enumerate(cell)
                ),
                *marks.ghost_entries.get(("journey", "stages", i, key), ()),
            )
            for i, cell in enumerate(cells)
        ]

    def lane(key: str, cells: list[tuple[Entry, ...]]) -> list[Lane]:
        cells = marked(key, cells)
        return [Lane(key, w[key], "items", tuple(cells))] if any(cells) else []

    touchpoints = [
        tuple(Entry(t.name or channels.get(t.channel or "", t.channel or "")) for t in s.touchpoints) for s in stages
    ]
    pains = [tuple(Entry(p.text, p.persona or "", names.get(p.persona or "", "")) for p in s.pains) for s in stages]
    opportunities = [tuple(_opportunity(o, s, departments, w) for o in s.opportunities) for s in stages]
    owners: list[tuple[Entry, ...]] = [(Entry(departments.get(s.owner, s.owner)),) if s.owner else () for s in stages]
    stage_kpis = [[kpi_view(measure_kpi(s.id, s.name, k), journey_map.lang) for k in s.kpis] for s in stages]
    kpis = [tuple(_kpi_entry(k, w) for k in views) for views in stage_kpis]

    def blueprint(key: Literal["frontstage", "backstage", "support"]) -> list[tuple[Entry, ...]]:
        return [
            tuple(Entry(i.text, detail=departments.get(i.owner or "", i.owner or "")) for i in getattr(s, key))
            for s in stages
        ]

    columns = range(len(stages))
    series = tuple(
        EmotionSeries(
            p,
            tuple(s.emotions.get(p.id) for s in stages),
            tuple(s.feelings.get(p.id, "") for s in stages),
            tuple(marks.elements.get(("journey", "stages", i, "emotions", p.id)) for i in columns),
            tuple(marks.old_scores.get(("journey", "stages", i, "emotions", p.id)) for i in columns),
        )
        for p in people
    )
    series = tuple(s for s in series if any(v is not None for v in (*s.values, *s.was)) or any(s.feelings))

    lanes: list[Lane] = [
        *lane("touchpoints", touchpoints),
        *lane("actions", [said(s.actions) for s in stages]),
        *lane("thoughts", [said(s.thoughts) for s in stages]),
    ]
    if series:
        lanes.append(Lane("emotions", w["emotions"], "emotions"))
    lanes += lane("pains", pains)
    front, back, support = (marked(key, blueprint(key)) for key in ("frontstage", "backstage", "support"))
    if any(front) or any(back) or any(support) or journey_map.type == "blueprint":
        lanes += [
            Lane("frontstage", w["frontstage"], "items", tuple(front)),
            Lane("line_of_visibility", w["line_of_visibility"], "line"),
            Lane("backstage", w["backstage"], "items", tuple(back)),
            Lane("line_of_internal_interaction", w["line_of_internal_interaction"], "line"),
            Lane("support", w["support"], "items", tuple(support)),
        ]
    lanes += lane("opportunities", opportunities)
    lanes += lane("owner", owners)
    lanes += lane("kpis", kpis)
    heads = tuple(
        StageHead(s.id, s.name, s.description or "", marks.elements.get(("journey", "stages", i)))
        for i, s in enumerate(stages)
    )
    grid = Grid(heads, tuple(lanes), series, tuple(k for views in stage_kpis for k in views), marks.grid_legend)
    return _with_ghost_stages(grid, marks.ghost_stages) if marks.ghost_stages else grid


def _with_mark(entry: Entry, mark: Mark | None) -> Entry:
    return replace(entry, mark=mark) if mark else entry


_Cell = TypeVar("_Cell")


def _with_ghost_stages(grid: Grid, ghosts: tuple[tuple[int, StageHead], ...]) -> Grid:
    """The grid with a column for each stage the diff removed, where it was: its head and empty cells."""
    order: list[int | StageHead] = []  # a column of the grid by its index, or a ghost's head
    for index in range(len(grid.stages) + 1):
        order += [head for before, head in ghosts if before == index]
        if index < len(grid.stages):
            order.append(index)

    def columns(cells: tuple[_Cell, ...], empty: _Cell) -> tuple[_Cell, ...]:
        return tuple(cells[c] if isinstance(c, int) and c < len(cells) else empty for c in order)

    empty_cell: tuple[Entry, ...] = ()
    return replace(
        grid,
        stages=tuple(grid.stages[c] if isinstance(c, int) else c for c in order),
        lanes=tuple(
            replace(lane, cells=columns(lane.cells, empty_cell)) if lane.cells else lane for lane in grid.lanes
        ),
        emotions=tuple(
            replace(
                s,
                values=columns(s.values, None),
                feelings=columns(s.feelings, ""),
                marks=columns(s.marks, None),
                was=columns(s.was, None),
            )
            for s in grid.emotions
        ),
    )


def _opportunity(o: Opportunity, stage: JourneyStage, departments: dict[str, str], w: dict[str, str]) -> Entry:
    pains = {p.id: p.text for p in stage.pains if p.id}
    details = []
    if o.fixes:
        details.append(f"{w['fixes']}: " + "; ".join(_short(pains.get(f, f)) for f in o.fixes))
    if o.owner:
        details.append(departments.get(o.owner, o.owner))
    return Entry(o.text, detail=" · ".join(details))


def _kpi_entry(kpi: KpiView, w: dict[str, str]) -> Entry:
    parts = [kpi.actual, f"{w['target']} {kpi.target}" if kpi.target else "", kpi.period]
    return Entry(kpi.name, detail=" · ".join(p for p in parts if p), status=kpi.status)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
