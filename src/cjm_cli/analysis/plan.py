"""The plan: a map's opportunities as items of a backlog, scored and ranked (`cjm plan`, the report's Plan
section, `cjm export issues`). Numbers and the map's own words only; views and reports write them.

Scores (docs/plan.md has them with a worked example):

- RICE (Intercom's method): reach × impact × confidence ÷ effort, confidence taken as a share (80 % -> 0.8).
  Its value is reach × impact × confidence (what the work brings), its effort the person-months.
- ICE: impact × confidence × ease, each 1..10. Its value is impact × confidence, its effort 11 − ease (so
  that ease 10 is effort 1 and ease 1 is effort 10).

A plan ranks by one method, because the two scores are on different scales: RICE when more of the items
have a RICE score than an ICE score (ties: RICE), or the method asked for. Items are ordered by that score,
highest first; then by due date, earliest first, those without one last; then as the maps list them. Items
without a score of that method follow, unranked, in the order of the maps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..core.language import Language
from ..core.load import Document
from ..core.model import Confidence, Ice, JourneyMap, JourneyStage, Kpi, Opportunity, Pain, PlanStatus, Rice
from .diff import Step
from .metrics import measure_kpi

Method = Literal["rice", "ice"]
METHODS: tuple[Method, ...] = ("rice", "ice")
STATUSES: tuple[PlanStatus, ...] = ("idea", "planned", "in-progress", "done", "dropped")
OPEN: tuple[PlanStatus, ...] = ("idea", "planned", "in-progress")
"""The statuses of work still to do: what a plan shows unless asked for others."""


@dataclass(frozen=True)
class Score:
    method: Method
    score: float
    value: float
    """What the work brings: RICE reach × impact × confidence; ICE impact × confidence."""
    effort: float
    """What it costs: RICE person-months; ICE 11 − ease."""


def rice(r: Rice) -> Score:
    value = r.reach * r.impact * r.confidence / 100
    return Score("rice", value / r.effort, value, r.effort)


def ice(i: Ice) -> Score:
    return Score("ice", i.impact * i.confidence * i.ease, i.impact * i.confidence, 11 - i.ease)


@dataclass(frozen=True)
class PainFixed:
    id: str
    text: str
    persona: str
    """The name of the persona who has it; "" for everyone."""
    evidence: int
    """How many pieces of evidence the map gives for it."""
    confidence: Confidence | None


@dataclass(frozen=True)
class KpiMoved:
    id: str
    name: str
    stage: str
    """The name of the stage the KPI is measured at."""
    unit: str | None
    better: Literal["higher", "lower"]
    actual: float | None
    target: float | None
    by: float
    expected: float | None
    """actual + by; None without an actual value."""
    reaches_target: bool | None
    """Whether the expected value meets the target (None without both)."""


@dataclass(frozen=True)
class PlanItem:
    """One opportunity of one map, with everything the plan, the report and the tracker show of it."""

    path: str
    """The map file."""
    map_title: str
    lang: Language
    stage_id: str
    stage: str
    stage_number: int
    """1 for the first stage of the map."""
    number: int
    """1 for the stage's first opportunity."""
    id: str | None
    text: str
    status: PlanStatus
    owner: str | None
    """The department's name (its id when the map does not name it)."""
    owner_id: str | None
    due: str | None
    personas: tuple[str, ...]
    """Names of the personas it is for; empty for everyone."""
    persona_ids: tuple[str, ...]
    hypothesis: str | None
    fixes: tuple[PainFixed, ...]
    moves: tuple[KpiMoved, ...]
    rice: Score | None
    ice: Score | None
    ticket: str | None
    evidence: int
    confidence: Confidence | None
    where: str
    """The element's path of ids, as `cjm diff` writes it: `journey.stages[decision].opportunities[guest]`."""
    line: int
    """Its line in the map file (0 when unknown)."""

    def score(self, method: Method) -> Score | None:
        return self.rice if method == "rice" else self.ice


@dataclass(frozen=True)
class Ranked:
    rank: int | None
    """1 for the first; None for an item without a score of the plan's method."""
    item: PlanItem


@dataclass(frozen=True)
class Plan:
    method: Method
    items: tuple[Ranked, ...]

    @property
    def unscored(self) -> int:
        return sum(ranked.rank is None for ranked in self.items)


def plan_items(journey_map: JourneyMap, path: str, document: Document | None = None) -> list[PlanItem]:
    """Every opportunity of a checked map, in the order written."""
    stages = journey_map.journey.stages if journey_map.journey else []
    kpis = {k.id: (s, k) for s in stages for k in s.kpis if k.id}
    pains = {p.id: p for s in stages for p in s.pains if p.id}
    personas = {p.id: p.name for p in journey_map.personas}
    departments = {d.id: d.name for d in journey_map.departments}
    items = []
    for i, stage in enumerate(stages):
        for j, o in enumerate(stage.opportunities):
            at = ("journey", "stages", i, "opportunities", j)
            fixed = tuple(_fixed(pains[p], personas) for p in o.fixes if p in pains)
            items.append(
                PlanItem(
                    path,
                    journey_map.title,
                    journey_map.lang,
                    stage.id,
                    stage.name,
                    i + 1,
                    j + 1,
                    o.id,
                    o.text,
                    o.status,
                    departments.get(o.owner, o.owner) if o.owner else None,
                    o.owner,
                    o.due,
                    tuple(personas.get(p, p) for p in o.personas),
                    tuple(o.personas),
                    o.hypothesis,
                    fixed,
                    tuple(_moved(kpis[m.kpi][0], kpis[m.kpi][1], m.by) for m in o.moves if m.kpi in kpis),
                    rice(o.rice) if o.rice else None,
                    ice(o.ice) if o.ice else None,
                    o.ticket,
                    len(o.evidence),
                    o.confidence,
                    _where(stage, o, j),
                    document.position(at).line if document else 0,
                )
            )
    return items


def _fixed(pain: Pain, personas: dict[str, str]) -> PainFixed:
    assert pain.id is not None
    persona = personas.get(pain.persona, pain.persona) if pain.persona else ""
    return PainFixed(pain.id, pain.text, persona, len(pain.evidence), pain.confidence)


def _moved(stage: JourneyStage, kpi: Kpi, by: float) -> KpiMoved:
    figures = measure_kpi(stage.id, stage.name, kpi)
    expected = figures.actual + by if figures.actual is not None else None
    reaches = None
    if expected is not None and figures.target is not None:
        reaches = expected >= figures.target if kpi.better == "higher" else expected <= figures.target
    assert kpi.id is not None
    return KpiMoved(
        kpi.id, kpi.name, stage.name, kpi.unit, kpi.better, figures.actual, figures.target, by, expected, reaches
    )


def _where(stage: JourneyStage, o: Opportunity, index: int) -> str:
    """The opportunity's path as `cjm diff` names it: by id, else by its text (and its occurrence)."""
    if o.id:
        return f"journey.stages[{stage.id}].opportunities[{o.id}]"
    same = sum(1 for other in stage.opportunities[:index] if other.id is None and other.text == o.text)
    return f"journey.stages[{stage.id}]." + str(Step("opportunities", None, o.text, same + 1))


def chosen_method(items: Iterable[PlanItem]) -> Method:
    """RICE when at least as many items have a RICE score as an ICE score, else ICE."""
    listed = list(items)
    return "rice" if sum(i.rice is not None for i in listed) >= sum(i.ice is not None for i in listed) else "ice"


def rank(items: Sequence[PlanItem], method: Method | None = None) -> Plan:
    """The items ranked by `method` (by default, the one more of them use)."""
    by = method or chosen_method(items)
    order = {id(item): n for n, item in enumerate(items)}
    scored = [item for item in items if item.score(by) is not None]
    scored.sort(key=lambda item: (-_score(item, by), item.due is None, item.due or "", order[id(item)]))
    ranked = [Ranked(n, item) for n, item in enumerate(scored, start=1)]
    ranked += [Ranked(None, item) for item in items if item.score(by) is None]
    return Plan(by, tuple(ranked))


def _score(item: PlanItem, method: Method) -> float:
    score = item.score(method)
    assert score is not None
    return score.score
