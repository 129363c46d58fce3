"""Compare two maps: what was added, removed, changed or moved, element by element (`cjm diff`).

The comparison is semantic, over the validated models: a map rewritten with other quoting, comments or
key order is the same map, a default written out (`meaning: progress`) equals the default left out. Lists
are compared element by element, matched by what identifies an element rather than by position:

- by `id`: personas, departments, journey stages, channels, lead stages, pipelines and their stages, site
  pages, campaigns, ad groups;
- by `id` when they have one, else by text: pains and opportunities (one whose id was added, dropped or
  changed while its text stayed is the same one, with its `id` changed);
- by text: actions, thoughts, blueprint steps, persona goals, needs and pains, keywords; KPIs by `name`,
  ads by `title`;
- by everything they hold: touchpoints (channel and name), automations (action and text), evidence (kind
  and quote, else source, else link); the KPIs an opportunity moves by the KPI's id;
- emotions and feelings, and their evidence and confidence, by persona.

An element whose identity changed (a stage given another id, a pain reworded) is removed and added.
Lists that only refer to other elements (`fixes`, `cross_sell`, a page's `stages`, `ignore`) are
compared as values. A missing block (`journey`, `leads`, `site`) compares as an empty one, so a map that
gains its journey shows each new stage.

A change is located by a path of steps, written `journey.stages[checkout].pains[long_form]`: each step is
a key of the map, and for an element of a list or a mapping, its identity in brackets: an id as written
(`[checkout]`), a text in double quotes with JSON escapes (`["Too expensive?"]`), both for touchpoints and
automations (`[email "Payment reminder"]`), and ` #2` after the identity for the second element with the
same identity (the same thought written twice). A changed element is named as in the new map.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from ..core.git_source import read_map_source
from ..core.model import (
    Ad,
    AdGroup,
    Automation,
    Campaign,
    Channel,
    DealStage,
    Department,
    Evidence,
    JourneyMap,
    JourneyStage,
    Kpi,
    KpiMove,
    LaneItem,
    LeadStage,
    Opportunity,
    Page,
    Pain,
    Persona,
    Pipeline,
    Said,
    Touchpoint,
)
from ..core.pipeline import Checked, check_source
from ..core.problems import UsageError
from ..core.read import STDIN

ChangeKind = Literal["added", "removed", "changed", "moved"]
KINDS: tuple[ChangeKind, ...] = ("added", "removed", "changed", "moved")

Value = str | int | float | bool | list[Any] | dict[str, Any] | None
"""A value as JSON has it: texts, numbers, lists of them, and a whole element as a mapping."""

Element = BaseModel | str


@dataclass(frozen=True)
class Step:
    """One step of a path: a key of the map, with the identity of one element of the list (or mapping)
    under that key, when the step goes into one."""

    field: str
    """The key: `journey`, `stages`, `pains`, `emotions`."""
    id: str | None = None
    """The element's id; for a touchpoint its channel, for an automation its action, for an emotion or a
    feeling the persona."""
    text: str | None = None
    """The element's text, when a text tells it apart: a pain without id, a KPI's name, an ad's title."""
    occurrence: int = 1
    """2 for the second element of the list with the same identity, and so on."""

    @property
    def is_element(self) -> bool:
        return self.id is not None or self.text is not None or self.occurrence > 1

    def __str__(self) -> str:
        if not self.is_element:
            return self.field
        parts = [part for part in (self.id, _quoted(self.text)) if part is not None]
        if self.occurrence > 1:
            parts.append(f"#{self.occurrence}")
        return f"{self.field}[{' '.join(parts)}]"


def _quoted(text: str | None) -> str | None:
    return None if text is None else json.dumps(text, ensure_ascii=False)


Path = tuple[Step, ...]


def path_text(path: Path) -> str:
    """`journey.stages[checkout].pains[long_form]`; the empty path (the map itself) is ``""``."""
    return ".".join(str(step) for step in path)


@dataclass(frozen=True)
class Change:
    """One difference between two maps.

    - `added`, `removed`: `path` is the element (or mapping entry), `new` or `old` its value;
    - `changed`: `path` is the element (`()` for the map itself) and `field` the key whose value changed
      from `old` to `new`; `field` is None when the value of a mapping entry changed (an emotion score);
    - `moved`: `path` is the element, `old` and `new` its 1-based positions in its list.
    """

    kind: ChangeKind
    path: Path
    field: str | None = None
    old: Value = None
    new: Value = None
    label: str | None = None
    """What people call the element, when the path does not say it: a stage's name, a page's title."""

    @property
    def where(self) -> str:
        """The path with the field: `journey.stages[checkout].name`."""
        return ".".join(part for part in (path_text(self.path), self.field) if part)

    @property
    def area(self) -> str:
        """The block of the map the change is in: `journey`, `deals`...; `map` for the header."""
        return self.path[0].field if self.path else "map"

    @property
    def stage(self) -> str | None:
        """The id of the journey stage the change is in (or is), for highlighting the grid's column."""
        if len(self.path) >= 2 and self.path[0].field == "journey" and self.path[1].field == "stages":
            return self.path[1].id
        return None

    @property
    def lane(self) -> str | None:
        """The key of the journey stage the change is under (`pains`, `emotions`, `owner`, `name`), for
        highlighting the grid's row; None for a whole stage added, removed or moved, or outside the grid."""
        if self.stage is None or (len(self.path) == 2 and self.field is None):
            return None
        return self.path[2].field if len(self.path) > 2 else self.field


def diff_maps(old: JourneyMap, new: JourneyMap) -> list[Change]:
    """Every difference between two valid maps, in the order of the format (header, personas, departments,
    journey, channels, leads, deals, site, ppc) and, within a list, removed elements first, then the new
    list's elements in its order."""
    return list(_diff_model(old, new, ()))


def _diff_model(old: BaseModel, new: BaseModel, path: Path) -> Iterator[Change]:
    for name in type(new).model_fields:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if isinstance(before, BaseModel) or isinstance(after, BaseModel):
            yield from _diff_model(_or_empty(before, after), _or_empty(after, before), (*path, Step(name)))
        elif isinstance(before, dict):
            yield from _diff_mapping(before, after, path, name)
        elif _is_element_list(type(new), name, before, after):
            yield from _diff_list(before, after, path, name)
        else:
            yield Change("changed", path, name, _value(before), _value(after))


def _or_empty(block: BaseModel | None, other: BaseModel | None) -> BaseModel:
    """A block, or an empty one of the other side's kind for a block the map does not have: its required lists
    empty (`journey`, `leads`, `site`), its other required values missing (`pulled`)."""
    if block is not None:
        return block
    assert other is not None
    kind = type(other)
    empty: dict[str, Any] = {
        name: [] if typing.get_origin(info.annotation) is list else None
        for name, info in kind.model_fields.items()
        if info.is_required()
    }
    return kind.model_construct(None, **empty)


# Lists of texts compared element by element; other lists of texts hold references, compared as values.
_TEXT_LISTS = {(Persona, "goals"), (Persona, "needs"), (Persona, "pains"), (AdGroup, "keywords")}


def _is_element_list(model: type[BaseModel], name: str, before: Any, after: Any) -> bool:
    if (model, name) in _TEXT_LISTS:
        return True
    items = [item for side in (before, after) if isinstance(side, list) for item in side]
    return any(isinstance(item, BaseModel) for item in items)


def _diff_mapping(old: dict[str, Any], new: dict[str, Any], path: Path, field: str) -> Iterator[Change]:
    """Emotions, feelings and what they are based on: one entry per persona, in no particular order."""
    for key, value in old.items():
        if key not in new:
            yield Change("removed", (*path, Step(field, key)), old=_value(value))
    for key, value in new.items():
        if key not in old:
            yield Change("added", (*path, Step(field, key)), new=_value(value))
        elif old[key] != value:
            yield Change("changed", (*path, Step(field, key)), old=_value(old[key]), new=_value(value))


# --- lists: matching elements ---------------------------------------------------------------------------------

Identity = tuple[str | None, str | None]
"""What tells an element apart: (an id, a text), either or both."""

_BY_ID = (Persona, Department, JourneyStage, Channel, LeadStage, DealStage, Pipeline, Page, Campaign, AdGroup)


def identity(element: Element) -> Identity:
    """The identity of an element of a list; see the module's docstring for the rules."""
    if isinstance(element, str):
        return None, element
    if isinstance(element, _BY_ID):
        return element.id, None
    if isinstance(element, Pain | Opportunity):
        return (element.id, None) if element.id else (None, element.text)
    if isinstance(element, Said | LaneItem):
        return None, element.text
    if isinstance(element, Touchpoint):
        return element.channel, element.name
    if isinstance(element, Automation):
        return element.action, element.text
    if isinstance(element, Kpi):
        return None, element.name
    if isinstance(element, Ad):
        return None, element.title
    if isinstance(element, Evidence):
        return element.kind, element.quote or element.source or element.link
    if isinstance(element, KpiMove):
        return element.kpi, None
    # A kind of element added to the format without a rule here is matched by position (tests forbid it).
    return None, None


def _numbered(elements: Sequence[Element], key: Any = identity) -> list[tuple[Identity, int]]:
    """Each element's identity with its occurrence: the second element with the same identity is #2."""
    seen: dict[Identity, int] = {}
    numbered = []
    for element in elements:
        ident = key(element)
        seen[ident] = seen.get(ident, 0) + 1
        numbered.append((ident, seen[ident]))
    return numbered


def _match(old: Sequence[Element], new: Sequence[Element]) -> dict[int, int]:
    """Index in `new` -> index in `old` of the elements found in both lists."""
    in_old = {key: index for index, key in enumerate(_numbered(old))}
    pairs = {index: in_old[key] for index, key in enumerate(_numbered(new)) if key in in_old}
    # A pain or an opportunity that gained or lost its id is still the same one when its text is.
    taken = set(pairs.values())
    old_rest = [i for i, element in enumerate(old) if i not in taken and isinstance(element, Pain | Opportunity)]
    new_rest = [i for i, element in enumerate(new) if i not in pairs and isinstance(element, Pain | Opportunity)]
    if old_rest and new_rest:
        by_text = {key: i for i, key in zip(old_rest, _numbered([old[i] for i in old_rest], _text), strict=True)}
        for i, key in zip(new_rest, _numbered([new[i] for i in new_rest], _text), strict=True):
            if key in by_text:
                pairs[i] = by_text[key]
    return pairs


def _text(element: Element) -> Identity:
    return None, getattr(element, "text", None)


def _steps(field: str, elements: Sequence[Element]) -> list[Step]:
    return [Step(field, ident[0], ident[1], occurrence) for ident, occurrence in _numbered(elements)]


def _diff_list(old: Sequence[Element], new: Sequence[Element], path: Path, field: str) -> Iterator[Change]:
    pairs = _match(old, new)
    old_steps, new_steps = _steps(field, old), _steps(field, new)
    matched_old = set(pairs.values())
    for index, element in enumerate(old):
        if index not in matched_old:
            yield Change("removed", (*path, old_steps[index]), old=_value(element), label=_label(element))
    in_place = _in_place(pairs)
    for index, element in enumerate(new):
        here = (*path, new_steps[index])
        if index not in pairs:
            yield Change("added", here, new=_value(element), label=_label(element))
            continue
        before = old[pairs[index]]
        if index not in in_place:
            yield Change("moved", here, old=pairs[index] + 1, new=index + 1, label=_label(element))
        if isinstance(element, BaseModel) and isinstance(before, BaseModel):
            yield from _diff_model(before, element, here)


def _in_place(pairs: dict[int, int]) -> set[int]:
    """The new indices of the largest set of matched elements whose order did not change (a longest
    increasing subsequence of their old indices); the others are reported as moved."""
    news = sorted(pairs)
    tails: list[int] = []  # tails[k]: the smallest old index ending an increasing run of length k + 1
    tail_at: list[int] = []  # ... and the position in `news` of that element
    before: list[int] = []  # the previous element of the run ending at each position, -1 for none
    for position, new_index in enumerate(news):
        old_index = pairs[new_index]
        length = bisect_left(tails, old_index)
        if length == len(tails):
            tails.append(old_index)
            tail_at.append(position)
        else:
            tails[length] = old_index
            tail_at[length] = position
        before.append(tail_at[length - 1] if length else -1)
    kept: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position != -1:
        kept.add(news[position])
        position = before[position]
    return kept


def _value(value: Any) -> Value:
    if isinstance(value, BaseModel):
        dumped: dict[str, Any] = value.model_dump(mode="json", exclude_none=True)
        return dumped
    if isinstance(value, list):
        return [_value(item) for item in value]
    return value  # type: ignore[no-any-return]


def _label(element: Element) -> str | None:
    """The element's name or title, when its path names it by something else (an id)."""
    if isinstance(element, str):
        return None
    text = getattr(element, "name", None) or getattr(element, "title", None) or getattr(element, "text", None)
    return None if text is None or text == identity(element)[1] else str(text)


# --- two map files ----------------------------------------------------------------------------------------------


@dataclass
class Comparison:
    """Two maps checked and, when both are valid, their differences."""

    old: Checked
    new: Checked
    changes: list[Change] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.old.ok and self.new.ok


def compare_files(old: str, new: str) -> Comparison:
    """Check two maps, each a file, `-` (standard input, for one side only) or `REV:path` from git, and
    compare them when both are valid. Raises `UsageError` or `EnvironmentFailure` when a side cannot be
    read from git; a file's problems (missing, invalid) are in the `Checked` of its side."""
    if old == STDIN and new == STDIN:
        raise UsageError("only one side can be read from standard input (-)")
    comparison = Comparison(check_source(read_map_source(old)), check_source(read_map_source(new)))
    if comparison.ok and comparison.old.journey_map is not None and comparison.new.journey_map is not None:
        comparison.changes = diff_maps(comparison.old.journey_map, comparison.new.journey_map)
    return comparison
