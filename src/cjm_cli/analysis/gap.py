"""The gap between a current-state map and its ideal twin (`cjm compare`, the ideal map's report): not what
changed in the file (that is `cjm diff`), but what the ideal asks of the journey, stage by stage.

- Stages are matched by id, in the ideal's order; a stage only the current map has comes last.
- Emotions: each persona's score now and in the ideal, and the change, on the ideal map's scale: when the current
  map has another `emotion_scale`, its scores are placed on the ideal's linearly (`EmotionScale.onto`).
- Pains are matched by id anywhere in the map, else by text in the same stage. A pain of the current map that
  the ideal no longer has is *resolved*, through the current map's opportunities that list it in `fixes`
  (with their status); one both maps have *remains*; one only the ideal has is *new*.
- KPIs are matched by id, else by name in the same stage: the actual value now against the target of the
  ideal (the current map's target when the ideal gives none); the gap is target − actual.
- What is new in the ideal: the touchpoints, actions, thoughts and service-blueprint steps of a stage that
  the current map's stage does not have (matched as `cjm diff` matches them).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath

from ..core.git_source import read_map_source
from ..core.lanes import BY_KEY, items
from ..core.model import (
    DEFAULT_SCALE,
    Direction,
    EmotionScale,
    JourneyMap,
    JourneyStage,
    Kpi,
    Opportunity,
    Pain,
    PlanStatus,
    Touchpoint,
)
from ..core.pipeline import Checked, check_source
from ..core.problems import UsageError
from ..core.read import STDIN, read_source
from ..core.rules import NO_RULES
from .diff import identity

NEW_LANES = ("touchpoints", "actions", "thoughts", "frontstage", "backstage", "support")
"""The lanes whose items the ideal may add; pains, opportunities and KPIs have their own parts of the gap."""


@dataclass(frozen=True)
class EmotionGap:
    persona_id: str
    persona: str
    now: int | None
    ideal: int | None

    @property
    def change(self) -> int | None:
        return None if self.now is None or self.ideal is None else self.ideal - self.now


@dataclass(frozen=True)
class PainRef:
    id: str | None
    text: str
    persona: str
    """The persona's name; "" for everyone."""


@dataclass(frozen=True)
class Through:
    """An opportunity of the current map that fixes a resolved pain."""

    id: str | None
    text: str
    status: PlanStatus


@dataclass(frozen=True)
class Resolved:
    pain: PainRef
    through: tuple[Through, ...]


@dataclass(frozen=True)
class KpiGap:
    name: str
    unit: str | None
    better: Direction
    actual: float | None
    """Now, in the current map."""
    target: float | None
    """In the ideal (or the current map's target when the ideal gives none)."""
    in_current: bool

    @property
    def gap(self) -> float | None:
        """target − actual; None when either is unknown."""
        if self.actual is None or self.target is None:
            return None
        gap = self.target - self.actual
        return gap if math.isfinite(gap) else None

    @property
    def met(self) -> bool | None:
        if self.actual is None or self.target is None:
            return None
        return self.actual >= self.target if self.better == "higher" else self.actual <= self.target


@dataclass(frozen=True)
class NewItem:
    lane: str
    """The lane's key: `touchpoints`, `actions`..."""
    text: str


@dataclass(frozen=True)
class StageGap:
    id: str
    name: str
    in_current: bool
    in_ideal: bool
    emotions: tuple[EmotionGap, ...]
    resolved: tuple[Resolved, ...]
    remaining: tuple[PainRef, ...]
    new_pains: tuple[PainRef, ...]
    kpis: tuple[KpiGap, ...]
    new: tuple[NewItem, ...]


@dataclass(frozen=True)
class Gap:
    current: str
    """The current map's title."""
    ideal: str
    personas: tuple[tuple[str, str], ...]
    """(id, name) of every persona of either map, the ideal's first."""
    stages: tuple[StageGap, ...]
    scale: EmotionScale = DEFAULT_SCALE
    """The ideal map's emotion scale, on which both maps' emotions are given."""

    def count(self, part: str) -> int:
        """How many resolved, remaining or new pains, or new items, over every stage."""
        return sum(len(getattr(stage, part)) for stage in self.stages)


def gap(current: JourneyMap, ideal: JourneyMap) -> Gap:
    """The gap from `current` to `ideal`, two checked maps."""
    names = {p.id: p.name for p in current.personas} | {p.id: p.name for p in ideal.personas}
    persona_ids = list(dict.fromkeys([*(p.id for p in ideal.personas), *(p.id for p in current.personas)]))
    now = {s.id: s for s in _stages(current)}
    later = {s.id: s for s in _stages(ideal)}
    order = [*later, *(s for s in now if s not in later)]
    ideal_pain_ids = {p.id for s in later.values() for p in s.pains if p.id}
    fixes = [o for s in now.values() for o in s.opportunities if o.fixes]
    channels = {c.id: c.name for c in current.channels} | {c.id: c.name for c in ideal.channels}
    scale = ideal.journey.emotion_scale if ideal.journey else DEFAULT_SCALE
    current_scale = current.journey.emotion_scale if current.journey else scale

    def placed(score: int) -> int:
        return score if current_scale == scale else current_scale.onto(score, scale)

    context = _Context(persona_ids, names, channels, ideal_pain_ids, fixes, placed)
    stages = tuple(_stage(stage_id, now.get(stage_id), later.get(stage_id), context) for stage_id in order)
    return Gap(current.title, ideal.title, tuple((p, names[p]) for p in persona_ids), stages, scale)


def _stages(journey_map: JourneyMap) -> Sequence[JourneyStage]:
    return journey_map.journey.stages if journey_map.journey else ()


@dataclass(frozen=True)
class _Context:
    persona_ids: list[str]
    names: dict[str, str]
    """Persona names by id."""
    channels: dict[str, str]
    """Channel names by id."""
    ideal_pain_ids: set[str]
    fixes: list[Opportunity]
    """The current map's opportunities that fix pains."""
    placed: Callable[[int], int]
    """A score of the current map on the ideal's scale."""


def _stage(stage_id: str, now: JourneyStage | None, ideal: JourneyStage | None, c: _Context) -> StageGap:
    emotions = tuple(
        EmotionGap(
            p,
            c.names[p],
            c.placed(now.emotions[p]) if now and p in now.emotions else None,
            ideal.emotions.get(p) if ideal else None,
        )
        for p in c.persona_ids
        if (now and p in now.emotions) or (ideal and p in ideal.emotions)
    )
    pains_now = list(now.pains) if now else []
    pains_ideal = list(ideal.pains) if ideal else []
    kept = [p for p in pains_now if _kept(p, pains_ideal, c.ideal_pain_ids)]
    resolved = tuple(
        Resolved(_ref(p, c.names), tuple(Through(o.id, o.text, o.status) for o in c.fixes if p.id in o.fixes))
        for p in pains_now
        if p not in kept
    )
    new_pains = tuple(_ref(p, c.names) for p in pains_ideal if not any(_same_pain(p, k) for k in kept))
    named = ideal or now
    assert named is not None, "a stage of the gap is in one of the maps"
    return StageGap(
        stage_id,
        named.name,
        now is not None,
        ideal is not None,
        emotions,
        resolved,
        tuple(_ref(p, c.names) for p in kept),
        new_pains,
        _kpis(now.kpis if now else [], ideal.kpis if ideal else []),
        _new_items(now, ideal, c.channels),
    )


def _kept(pain: Pain, ideal: list[Pain], ideal_ids: set[str]) -> bool:
    """Whether the ideal still has the pain: by id anywhere in the map, else by text in this stage."""
    if pain.id and pain.id in ideal_ids:
        return True
    return any(_same_pain(pain, other) for other in ideal)


def _same_pain(a: Pain, b: Pain) -> bool:
    return (a.id is not None and a.id == b.id) or a.text == b.text


def _ref(pain: Pain, names: dict[str, str]) -> PainRef:
    return PainRef(pain.id, pain.text, names.get(pain.persona, pain.persona) if pain.persona else "")


def _kpis(now: Sequence[Kpi], ideal: Sequence[Kpi]) -> tuple[KpiGap, ...]:
    gaps = []
    matched: set[int] = set()
    for kpi in now:
        twin = next((i for i, k in enumerate(ideal) if _same_kpi(kpi, k) and i not in matched), None)
        target = kpi.target
        if twin is not None:
            matched.add(twin)
            target = ideal[twin].target if ideal[twin].target is not None else kpi.target
        gaps.append(KpiGap(kpi.name, kpi.unit, kpi.better, _finite(kpi.actual), _finite(target), True))
    gaps += [
        KpiGap(k.name, k.unit, k.better, None, _finite(k.target), False)
        for i, k in enumerate(ideal)
        if i not in matched
    ]
    return tuple(gaps)


def _same_kpi(a: Kpi, b: Kpi) -> bool:
    return a.id == b.id if a.id and b.id else a.name == b.name


def _new_items(now: JourneyStage | None, ideal: JourneyStage | None, channels: dict[str, str]) -> tuple[NewItem, ...]:
    if ideal is None:
        return ()
    new = []
    for key in NEW_LANES:
        lane = BY_KEY[key]
        before = {identity(item) for item in items(now, lane)} if now else set()
        new += [NewItem(key, _text(item, channels)) for item in items(ideal, lane) if identity(item) not in before]
    return tuple(new)


def _text(item: object, channels: dict[str, str]) -> str:
    if isinstance(item, Touchpoint):
        return item.name or channels.get(item.channel or "", item.channel or "")
    return str(getattr(item, "text", item))


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


@dataclass
class GapComparison:
    """A current map and its ideal twin, checked, and the gap when both are valid."""

    current: Checked
    ideal: Checked
    gap: Gap | None = None

    @property
    def ok(self) -> bool:
        return self.current.ok and self.ideal.ok


def compare_files(current: str, ideal: str) -> GapComparison:
    """Check two maps, each a file, `-` (one side only) or `REV:path` from git, and find the gap when both are
    valid. Raises `UsageError` or `EnvironmentFailure` when a side cannot be read from git."""
    if current == STDIN and ideal == STDIN:
        raise UsageError("only one side can be read from standard input (-)")
    comparison = GapComparison(check_source(read_map_source(current)), check_source(read_map_source(ideal)))
    if comparison.ok and comparison.current.journey_map and comparison.ideal.journey_map:
        comparison.gap = gap(comparison.current.journey_map, comparison.ideal.journey_map)
    return comparison


def twin_gap(ideal: JourneyMap, folder: FilePath) -> Gap | None:
    """The gap from an ideal map's `twin:` (read relative to `folder`) to the map; None when it has no twin, or
    the twin cannot be read or has errors (the rule `twin-missing` says so)."""
    if ideal.twin is None:
        return None
    twin = check_source(read_source(str(folder / ideal.twin)), NO_RULES)
    return gap(twin.journey_map, ideal) if twin.ok and twin.journey_map else None
