"""Build the journey grid: stages as columns, lanes as rows (in the order of `core.lanes.LANES`), an emotion
series per persona. With `Marks` (a diff), marked elements carry their mark and removed ones come back as
ghosts; without, the grid is exactly what `cjm render` draws."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from ..analysis.metrics import (
    measure_kpi,
)
from ..core.lanes import ITEM_LANES, LANES, items
from ..core.model import JourneyMap, JourneyStage, Kpi, Opportunity, TextOrItem, Touchpoint
from .figures import (
    kpi_view,
)
from .plan import evidence_lines
from .scale import scale_view
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
from .theme import persona_colour, persona_line, persona_marker
from .words import Words, words


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
            persona_marker(i),
            persona_line(i),
        )
        for i, p in enumerate(journey_map.personas)
    )


def build_grid(journey_map: JourneyMap, marks: Marks = NO_MARKS) -> Grid | None:
    """The journey grid, or None when the map has no `journey`. Lanes no stage fills are left out. With
    `marks` (a diff), marked elements carry their mark and removed ones come back as ghosts."""
    if journey_map.journey is None:
        return None
    stages = journey_map.journey.stages
    names = _Names(journey_map)
    series = _emotion_series(journey_map, stages, marks)
    lanes = _lanes(journey_map, stages, names, series, marks)
    heads = tuple(
        StageHead(s.id, s.name, s.description or "", marks.elements.get(("journey", "stages", i)), s.time or "")
        for i, s in enumerate(stages)
    )
    kpis = tuple(kpi_view(measure_kpi(s.id, s.name, k), journey_map.lang, names.w) for s in stages for k in s.kpis)
    grid = Grid(heads, tuple(lanes), series, kpis, marks.grid_legend, scale_view(journey_map.journey.emotion_scale))
    return _with_ghost_stages(grid, marks.ghost_stages) if marks.ghost_stages else grid


class _Names:
    """What the items of a map name, by id: personas, departments, channels; and the map's words."""

    def __init__(self, journey_map: JourneyMap) -> None:
        self.lang = journey_map.lang
        self.w = words(journey_map.lang)
        self.personas = {p.id: p.name for p in journey_map.personas}
        self.departments = {d.id: d.name for d in journey_map.departments}
        self.channels = {c.id: c.name for c in journey_map.channels}


def _lanes(
    journey_map: JourneyMap,
    stages: Sequence[JourneyStage],
    names: _Names,
    series: tuple[EmotionSeries, ...],
    marks: Marks,
) -> list[Lane]:
    """The lanes of `LANES` the grid shows: those some stage fills, the curve when a persona has a score, and
    the blueprint lanes with their lines, all or none."""
    cells = {
        lane.key: _marked(
            lane.key, [tuple(_entry(item, stage, names) for item in items(stage, lane)) for stage in stages], marks
        )
        for lane in ITEM_LANES
    }
    blueprint = journey_map.type == "blueprint" or any(any(cells[lane.key]) for lane in ITEM_LANES if lane.blueprint)
    shown = []
    for lane in LANES:
        title = lane.titles[journey_map.lang]
        if lane.kind == "items" and (any(cells[lane.key]) or (lane.blueprint and blueprint)):
            shown.append(Lane(lane.key, title, "items", tuple(cells[lane.key])))
        elif (lane.kind == "line" and blueprint) or (lane.kind == "emotions" and series):
            shown.append(Lane(lane.key, title, lane.kind))
    return shown


def _marked(key: str, cells: list[tuple[Entry, ...]], marks: Marks) -> list[tuple[Entry, ...]]:
    """A lane's cells with the diff's marks on their entries, and its ghosts after them."""
    return [
        (
            *(_with_mark(entry, marks.elements.get(("journey", "stages", i, key, n))) for n, entry in enumerate(cell)),
            *marks.ghost_entries.get(("journey", "stages", i, key), ()),
        )
        for i, cell in enumerate(cells)
    ]


def _entry(item: object, stage: JourneyStage, names: _Names) -> Entry:
    """An item of a lane as a card: its text, whose it is, and a smaller line of details. Items of the same
    kind look the same in every lane, so a new lane of a kind the grid knows needs nothing here."""
    if isinstance(item, str):  # the stage's owner
        return Entry(names.departments.get(item, item))
    if isinstance(item, Touchpoint):
        return Entry(item.name or names.channels.get(item.channel or "", item.channel or ""))
    if isinstance(item, Kpi):
        return _kpi_entry(kpi_view(measure_kpi(stage.id, stage.name, item), names.lang, names.w), names.w)
    if isinstance(item, Opportunity):
        return _researched(_opportunity(item, stage, names.departments, names.w), item, names.w)
    assert isinstance(item, TextOrItem), item
    persona = getattr(item, "persona", None) or ""
    owner = getattr(item, "owner", None)
    entry = Entry(
        item.text, persona, names.personas.get(persona, ""), names.departments.get(owner, owner) if owner else ""
    )
    return _researched(entry, item, names.w)


def _researched(entry: Entry, item: TextOrItem, w: Words) -> Entry:
    """The entry with the evidence and the confidence its item gives (pains, thoughts, actions, opportunities)."""
    evidence = getattr(item, "evidence", ())
    confidence = getattr(item, "confidence", None)
    if not evidence and confidence is None:
        return entry
    word = w.confidences[confidence] if confidence else ""
    return replace(entry, confidence=word, confidence_key=confidence or "", evidence=evidence_lines(evidence, w))


def _emotion_series(journey_map: JourneyMap, stages: Sequence[JourneyStage], marks: Marks) -> tuple[EmotionSeries, ...]:
    """The score and the feeling of each persona at each stage, for those who have any."""
    columns = range(len(stages))
    w = words(journey_map.lang)
    series = tuple(
        EmotionSeries(
            p,
            tuple(s.emotions.get(p.id) for s in stages),
            tuple(s.feelings.get(p.id, "") for s in stages),
            tuple(marks.elements.get(("journey", "stages", i, "emotions", p.id)) for i in columns),
            tuple(marks.old_scores.get(("journey", "stages", i, "emotions", p.id)) for i in columns),
            tuple(w.confidences[c] if (c := s.emotion_confidence.get(p.id)) else "" for s in stages),
            tuple(evidence_lines(s.emotion_evidence.get(p.id, ()), w) for s in stages),
        )
        for p in personas(journey_map)
    )
    return tuple(s for s in series if any(v is not None for v in (*s.values, *s.was)) or any(s.feelings))


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
                confidence=columns(s.confidence, ""),
                evidence=columns(s.evidence, ()),
            )
            for s in grid.emotions
        ),
    )


def _opportunity(o: Opportunity, stage: JourneyStage, departments: dict[str, str], w: Words) -> Entry:
    pains = {p.id: p.text for p in stage.pains if p.id}
    details = []
    if o.fixes:
        details.append(f"{w.fixes}: " + "; ".join(_short(pains.get(f, f)) for f in o.fixes))
    if o.owner:
        details.append(departments.get(o.owner, o.owner))
    return Entry(o.text, detail=" · ".join(details))


def _kpi_entry(kpi: KpiView, w: Words) -> Entry:
    parts = [kpi.actual, f"{w.target} {kpi.target}" if kpi.target else "", kpi.period]
    return Entry(kpi.name, detail=" · ".join(p for p in parts if p), status=kpi.status)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
