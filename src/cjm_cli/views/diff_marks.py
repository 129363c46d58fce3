"""A diff drawn over a map (`cjm diff --render`): the changes `analysis.diff` finds become `shapes.Marks`,
placed by where their elements are in the two maps:

- an element added to the new map is marked `added`; one whose fields changed, or that moved, `changed`,
  with what it was in the mark's notes ("was: Decision", "actual was: 74", "moved from position 3"), every
  field and value named in the map's language (`diff_notes`: "факт: было 74");
- a change inside something the views do not draw on its own (a keyword, an ad, a persona's goal) marks the
  nearest element they do draw (the ad group, the persona) with a note naming where in it, in words;
- an element removed from the new map comes back as a ghost where it was, when the new map still has that
  place: an item in its stage's cell, a stage as a column between its old neighbours, a score as a ring on
  the emotion chart, an automation beside its deal stage. Other removed elements (channels, funnel stages,
  pages, campaigns, personas) are listed in the legend of their picture and in the report.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..analysis.describe import by_area, counts, old_and_new
from ..analysis.diff import (
    Change,
    ChangeKind,
    Step,
    Value,
    identity,
)
from ..core.lanes import ITEM_LANES
from ..core.model import DEFAULT_SCALE, JourneyMap
from ..core.text import plain
from .diff_notes import field_was, place_words, value_words
from .flow import build_flow
from .grid import build_grid
from .scale import scale_view
from .shapes import (
    MARKERS,
    AutomationView,
    ChangeGroup,
    ChangeRow,
    DiffLegend,
    DiffView,
    Entry,
    Flow,
    Grid,
    Locator,
    Mark,
    MarkKind,
    Marks,
    StageHead,
)
from .words import Words, words


def diff_view(old: JourneyMap, new: JourneyMap, changes: Sequence[Change], old_name: str, new_name: str) -> DiffView:
    """The marks to draw over `new`, the legends of its pictures and the report's list of changes."""
    marker = _Marker(old, new)
    for change in changes:
        marker.take(change)
    w = marker.w
    heading = f"{w.diff_changes}: {plain(old_name)} → {plain(new_name)}"
    legend = DiffLegend(
        heading,
        _counts(changes, w),
        "" if changes else w.diff_no_changes,
        w.diff_not_drawn,
    )
    marks = Marks(
        {where: mark.finished(w) for where, mark in marker.elements.items()},
        {where: tuple(entries) for where, entries in marker.ghost_entries.items()},
        tuple(marker.ghost_stages),
        marker.old_scores,
        {where: tuple(views) for where, views in marker.ghost_automations.items()},
        replace(legend, removed=tuple(marker.removed["journey"])),
        replace(legend, removed=tuple(marker.removed["flow"])),
    )
    report_legend = replace(legend, removed=(*marker.removed["journey"], *marker.removed["flow"]))
    return DiffView(plain(old_name), plain(new_name), report_legend, _change_groups(changes, w, new.lang), marks)


def _counts(changes: Sequence[Change], w: Words) -> tuple[tuple[MarkKind, str], ...]:
    total = counts(changes)
    shown: list[tuple[MarkKind, str]] = []
    kinds: tuple[tuple[ChangeKind, MarkKind], ...] = (
        ("added", "added"),
        ("changed", "changed"),
        ("moved", "changed"),
        ("removed", "removed"),
    )
    for kind, mark_kind in kinds:
        if total[kind]:
            shown.append((mark_kind, f"{MARKERS[mark_kind]} {w.change_kinds[kind]}: {total[kind]}"))
    return tuple(shown)


def _change_groups(changes: Sequence[Change], w: Words, lang: str) -> tuple[ChangeGroup, ...]:
    """The changes by block of the map, as `cjm diff` lists them."""
    return tuple(
        ChangeGroup(w.block(area), tuple(_change_row(change, w, lang) for change in in_area))
        for area, in_area in by_area(changes)
    )


def _change_row(change: Change, w: Words, lang: str) -> ChangeRow:
    kind: MarkKind = "changed" if change.kind == "moved" else change.kind
    old, new = old_and_new(change, w.diff_position)
    if change.kind == "changed":  # values, not elements: in the map's words where the format has words for them
        key = change.field or (change.path[-1].field if change.path else None)
        old, new = value_words(change.old, key, w, lang), value_words(change.new, key, w, lang)
    tag = f"{MARKERS[kind]} {w.change_kinds[change.kind]}"
    return ChangeRow(kind, tag, plain(change.where), plain(old), plain(new))


# What the views draw, by the shape of its locator: `int` for a position in a list, `str` for a persona's key.
# Every lane of cards of the grid (`core.lanes`); a stage's owner is item 0 of its lane.
_GRID_LANES = tuple(lane.key for lane in ITEM_LANES)
_Pattern = tuple[str | type, ...]
_STAGE: _Pattern = ("journey", "stages", int)
_EMOTION: _Pattern = ("journey", "stages", int, "emotions", str)
_FEELING: _Pattern = ("journey", "stages", int, "feelings", str)
_AUTOMATION: _Pattern = ("deals", int, "stages", int, "automations", int)
_DRAWN: tuple[_Pattern, ...] = (
    _STAGE,
    *((*_STAGE, lane, int) for lane in _GRID_LANES),
    _EMOTION,
    ("personas", int),
    ("channels", int),
    ("leads",),
    ("leads", "stages", int),
    ("deals", int),
    ("deals", int, "stages", int),
    _AUTOMATION,
    ("site", "pages", int),
    ("ppc", int),
    ("ppc", int, "groups", int),
)
# The elements removed that have no ghost: in which picture's legend they are listed, and what they are called.
_LISTED: dict[_Pattern, tuple[str, str]] = {
    _STAGE: ("journey", "stages"),
    ("personas", int): ("journey", "personas"),
    ("channels", int): ("flow", "channels"),
    ("leads", "stages", int): ("flow", "lead_stages"),
    ("deals", int): ("flow", "deals"),
    ("deals", int, "stages", int): ("flow", "deal_stages"),
    _AUTOMATION: ("flow", "automations"),
    ("site", "pages", int): ("flow", "pages"),
    ("ppc", int): ("flow", "ppc"),
    ("ppc", int, "groups", int): ("flow", "groups"),
}
_MAIN_FIELDS = {"text", "name", "title"}
"""Fields a "was" note shows without naming them: what the element says."""


def _fits(locator: Locator, pattern: _Pattern) -> bool:
    return len(locator) == len(pattern) and all(
        isinstance(part, want) if isinstance(want, type) else part == want
        for part, want in zip(locator, pattern, strict=True)
    )


def _pattern(locator: Locator, patterns: Sequence[_Pattern] = _DRAWN) -> _Pattern | None:
    return next((p for p in patterns if _fits(locator, p)), None)


def locate(journey_map: JourneyMap, path: Sequence[Step]) -> list[Locator]:
    """The locator of each step of `path` that `journey_map` has, from the map itself (`()`) on: as long as the
    path when the map has the element, shorter when it stops before."""
    node: object = journey_map
    found: list[Locator] = [()]
    for step in path:
        value = getattr(node, step.field, None)
        here = found[-1]
        if value is None:
            break
        if not step.is_element:
            node, here = value, (*here, step.field)
        elif isinstance(value, dict):
            if step.id is None or step.id not in value:
                break
            node, here = value[step.id], (*here, step.field, step.id)
        else:
            index = _index_of(value, step)
            if index is None:
                break
            node, here = value[index], (*here, step.field, index)
        found.append(here)
    return found


def _index_of(elements: Sequence[object], step: Step) -> int | None:
    """The position of the element a step names, counting occurrences of the same identity as `diff` does."""
    seen: dict[tuple[str | None, str | None], int] = {}
    for index, element in enumerate(elements):
        key = identity(element)  # type: ignore[arg-type]
        seen[key] = seen.get(key, 0) + 1
        if key == (step.id, step.text) and seen[key] == step.occurrence:
            return index
    return None


@dataclass
class _Draft:
    """A mark being gathered from the changes of one element."""

    kind: MarkKind
    notes: list[str] = field(default_factory=list)
    moved_only: bool = False

    def finished(self, w: Words) -> Mark:
        word = w.change_kinds["moved"] if self.kind == "changed" and self.moved_only else w.change_kinds[self.kind]
        return Mark(self.kind, f"{MARKERS[self.kind]} {word}", tuple(dict.fromkeys(self.notes)))


_PRIORITY: dict[MarkKind, int] = {"changed": 0, "removed": 1, "added": 2}


class _Marker:
    """Turns changes into marks and ghosts, one change at a time."""

    def __init__(self, old: JourneyMap, new: JourneyMap) -> None:
        self.old, self.new = old, new
        self.w = words(new.lang)
        self.elements: dict[Locator, _Draft] = {}
        self.ghost_entries: dict[Locator, list[Entry]] = {}
        self.ghost_stages: list[tuple[int, StageHead]] = []
        self.old_scores: dict[Locator, int] = {}
        self.ghost_automations: dict[Locator, list[AutomationView]] = {}
        self.removed: dict[str, list[str]] = {"journey": [], "flow": []}

    @functools.cached_property
    def old_grid(self) -> Grid | None:
        return build_grid(self.old)

    @functools.cached_property
    def old_flow(self) -> Flow | None:
        return build_flow(self.old)

    def mark(self, where: Locator, kind: MarkKind, note: str = "", moved: bool = False) -> None:
        draft = self.elements.get(where)
        if draft is None:
            draft = self.elements[where] = _Draft(kind, moved_only=moved)
        elif _PRIORITY[kind] > _PRIORITY[draft.kind]:
            draft.kind = kind
        draft.moved_only = draft.moved_only and moved
        if note:
            draft.notes.append(note)

    def take(self, change: Change) -> None:
        if change.field == "ignore":  # silenced rules change nothing drawn
            return
        if change.kind == "removed":
            self.removed_one(change)
            return
        found = locate(self.new, change.path)
        if len(found) <= len(change.path):  # not in the new map: cannot happen for what diff reports
            return
        where = found[-1]
        if _fits(where, _FEELING):
            self.feeling(change, where)
        elif change.kind == "added":
            self.added(change, found)
        elif change.kind == "moved":
            self.changed_one(change, found, f"{self.w.diff_moved_from} {change.old}", moved=True)
        elif _fits(where, _EMOTION):
            self.mark(where, "changed", f"{self.w.diff_was}: {self.score(change.old)}")
            if isinstance(change.old, int):
                self.old_scores[where] = self.on_new_scale(change.old)
        elif _fits(where, _STAGE) and change.field == "owner":
            self.owner(change, where)
        else:
            self.changed_one(change, found, self.was_note(change))

    def added(self, change: Change, found: list[Locator]) -> None:
        where = found[-1]
        if _fits(where, _EMOTION):
            self.mark(where, "added", self.w.change_kinds["added"])
        elif _pattern(where):
            self.mark(where, "added")
        else:
            self.nested(change, found, f"{MARKERS['added']} ")

    def changed_one(self, change: Change, found: list[Locator], note: str, moved: bool = False) -> None:
        if _pattern(found[-1]):
            self.mark(found[-1], "changed", note, moved)
        else:
            self.nested(change, found, "", f": {note}")

    def nested(self, change: Change, found: list[Locator], before: str, after: str = "") -> None:
        """Mark the nearest drawn element holding the change's element as changed, with a note naming it."""
        for depth in range(len(found) - 1, 0, -1):
            if _pattern(found[depth]):
                named = place_words(change.path[depth:], change.field, self.w)
                self.mark(found[depth], "changed", f"{before}{named}{after}")
                return

    def feeling(self, change: Change, where: Locator) -> None:
        emotion = (*where[:-2], "emotions", where[-1])
        if change.kind == "added":
            self.mark(emotion, "changed", f"{MARKERS['added']} {change.new}")
        elif change.kind == "removed":
            self.mark(emotion, "changed", f"{MARKERS['removed']} {change.old}")
        else:
            self.mark(emotion, "changed", f"{self.w.diff_was}: {change.old}")

    def owner(self, change: Change, stage: Locator) -> None:
        """A stage's owner is an item of the owner lane: added, changed, or a ghost."""
        where = (*stage, "owner", 0)
        if change.old is None:
            self.mark(where, "added")
        elif change.new is not None:
            names = {d.id: d.name for d in self.old.departments}
            self.mark(where, "changed", f"{self.w.diff_was}: {names.get(str(change.old), change.old)}")
        else:
            old_stage = locate(self.old, change.path)[-1]
            entry = self.old_entry("owner", old_stage)
            if entry is not None:
                self.ghost_entries.setdefault((*stage, "owner"), []).append(entry)

    def removed_one(self, change: Change) -> None:
        in_new = locate(self.new, change.path)
        in_old = locate(self.old, change.path)
        was = in_old[-1]
        if len(in_new) < len(change.path):  # its place is gone too (a whole block): listed
            self.listed(change, was)
            return
        parent = in_new[-1]
        if _fits(was, _STAGE):
            self.ghost_stage(was)
        elif _fits(was, _EMOTION):
            self.mark(
                (*parent, "emotions", was[-1]),
                "removed",
                f"{self.w.change_kinds['removed']} ({self.score(change.old)})",
            )
            if isinstance(change.old, int):
                self.old_scores[(*parent, "emotions", was[-1])] = self.on_new_scale(change.old)
        elif _fits(was, _FEELING):
            self.feeling(change, (*parent, "feelings", was[-1]))
        elif len(was) == 5 and _fits(was[:3], _STAGE) and was[3] in _GRID_LANES:
            entry = self.old_entry(str(was[3]), was[:3], int(was[4]))
            if entry is not None:
                self.ghost_entries.setdefault((*parent, str(was[3])), []).append(entry)
        elif _fits(was, _AUTOMATION) and self.old_flow is not None:
            self.ghost_automation(self.old_flow, was, parent)
        elif _pattern(was, tuple(_LISTED)):
            self.listed(change, was)
        else:
            self.nested(change, in_new, f"{MARKERS['removed']} ")

    def ghost_stage(self, was: Locator) -> None:
        """A removed stage, drawn after the nearest stage before it that the new map still has."""
        assert self.old.journey is not None and self.new.journey is not None and self.old_grid is not None
        index = int(was[2])
        kept = {s.id: i for i, s in enumerate(self.new.journey.stages)}
        before = next((kept[s.id] + 1 for s in reversed(self.old.journey.stages[:index]) if s.id in kept), 0)
        head = self.old_grid.stages[index]
        self.ghost_stages.append((before, replace(head, mark=self.ghost_mark())))

    def ghost_automation(self, old_flow: Flow, was: Locator, stage: Locator) -> None:
        """A removed automation, drawn beside its deal stage as the old map drew it."""
        pipeline = self.old.deals[int(was[1])]
        stage_id = pipeline.stages[int(was[3])].id
        funnel = old_flow.pipelines[int(was[1])]
        view = next(s for s in (*funnel.chain, *funnel.failures) if s.id == stage_id)
        ghost = replace(view.automations[int(was[5])], mark=self.ghost_mark())
        self.ghost_automations.setdefault(stage, []).append(ghost)

    def old_entry(self, lane_key: str, stage: Locator, position: int = 0) -> Entry | None:
        """An item of the old grid, as `cjm render` drew it, marked as a ghost."""
        lane = next((lane for lane in self.old_grid.lanes if lane.key == lane_key), None) if self.old_grid else None
        if lane is None:
            return None
        return replace(lane.cells[int(stage[2])][position], mark=self.ghost_mark())

    def ghost_mark(self) -> Mark:
        return Mark("removed", f"{MARKERS['removed']} {self.w.change_kinds['removed']}")

    def listed(self, change: Change, was: Locator) -> None:
        pattern = _pattern(was, tuple(_LISTED))
        if pattern is None:
            return
        view, kind = _LISTED[pattern]
        name = change.label or change.path[-1].text or change.path[-1].id or ""
        within = self.within(was)
        self.removed[view].append(f"{self.w.elements[kind]}: {name}" + (f" ({within})" if within else ""))

    def within(self, was: Locator) -> str:
        """The name of the pipeline or campaign a removed stage or group was in."""
        if len(was) == 4 and was[0] == "deals":
            return self.old.deals[int(was[1])].name
        if len(was) == 4 and was[0] == "ppc":
            return self.old.ppc[int(was[1])].name
        return ""

    def was_note(self, change: Change) -> str:
        """ "was: Decision" for what the element says; "actual was: 74" ("факт: было 74") for another field."""
        if change.field in _MAIN_FIELDS:
            return f"{self.w.diff_was}: {value_words(change.old, change.field, self.w, self.new.lang)}"
        return field_was(change.field or "", change.old, self.w, self.new.lang)

    def on_new_scale(self, score: int) -> int:
        """An old score where the new map's chart draws it: placed on the new scale when the scale changed."""
        old = self.old.journey.emotion_scale if self.old.journey else DEFAULT_SCALE
        new = self.new.journey.emotion_scale if self.new.journey else DEFAULT_SCALE
        return score if old == new else old.onto(score, new)

    def score(self, value: Value) -> str:
        """An old score as the old map's scale writes it: "−2", "+1"; "7" on 1..10."""
        if not isinstance(value, int) or isinstance(value, bool):
            return str(value)
        return scale_view(self.old.journey.emotion_scale if self.old.journey else DEFAULT_SCALE).label(value)
