"""The plan as the report, `cjm plan` and the tracker's issues show it: each item's figures and words written in
the map's language, and the value/effort picture of the items of one scoring method."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from ..analysis.plan import OPEN, KpiMoved, Method, Plan, PlanItem, Ranked, plan_items, rank
from ..core.language import Language
from ..core.load import Document
from ..core.model import Confidence, Evidence, JourneyMap, PlanStatus
from .figures import number
from .shapes import EvidenceLine
from .words import Words, words

METHOD_NAMES: dict[Method, str] = {"rice": "RICE", "ice": "ICE"}
"""The methods' own names, the same in every language."""


@dataclass(frozen=True)
class PlanRow:
    rank: str
    """"1" for the first; "" for an item without a score of the plan's method."""
    score: str
    value: str
    effort: str
    text: str
    stage: str
    status: PlanStatus
    status_word: str
    owner: str
    due: str
    personas: str
    """Names, comma-separated; "" for everyone."""
    fixes: tuple[str, ...]
    """The texts of the pains it fixes."""
    moves: tuple[str, ...]
    """ "Cart abandonment: 78 % → 70 % (−8 %)"."""
    hypothesis: str
    ticket: str
    evidence: str
    """ "3 · observed": how many pieces of evidence and the confidence; "" for none."""
    confidence: str
    """The confidence alone, in words; "" when the map does not say."""
    location: str
    """ "maps/shop.yaml:142"."""
    where: str
    item: PlanItem


@dataclass(frozen=True)
class PlanTable:
    method: str
    """ "RICE" or "ICE"."""
    rows: tuple[PlanRow, ...]
    unscored: int
    """Items without a score of the method (listed last, unranked)."""


@dataclass(frozen=True)
class ChartPoint:
    rank: str
    text: str
    x: float
    """Effort, 0 (none) .. 1 (the most of the chart)."""
    y: float
    """Value, 0 .. 1."""


@dataclass(frozen=True)
class ValueEffort:
    method: str
    points: tuple[ChartPoint, ...]
    split_x: float
    """The median effort, where the quadrants divide (0..1)."""
    split_y: float
    value_label: str
    effort_label: str


def plan_table(plan: Plan, lang: Language) -> PlanTable:
    w = words(lang)
    rows = tuple(_row(r.rank, r.item, plan.method, w, lang) for r in plan.items)
    return PlanTable(METHOD_NAMES[plan.method], rows, plan.unscored)


def map_plan(journey_map: JourneyMap, path: str, document: Document | None = None) -> Plan | None:
    """The plan of one map for its report: the open items ranked, then those done and dropped; None when no
    opportunity says anything a plan needs (a score, a status, a due date, a hypothesis, a KPI, a ticket)."""
    items = plan_items(journey_map, path, document)
    if not any(_planned(item) for item in items):
        return None
    ranked = rank([i for i in items if i.status in OPEN])
    closed = rank([i for i in items if i.status not in OPEN], ranked.method)
    unranked = tuple(Ranked(None, r.item) for r in closed.items)
    return Plan(ranked.method, ranked.items + unranked)


def _planned(item: PlanItem) -> bool:
    return bool(
        item.rice or item.ice or item.due or item.hypothesis or item.moves or item.ticket or item.status != "idea"
    )


def value_effort(plan: Plan, lang: Language) -> ValueEffort | None:
    """The ranked items on a value/effort chart; None for fewer than two (nothing to compare)."""
    w = words(lang)
    scored = [(r.rank, r.item, r.item.score(plan.method)) for r in plan.items if r.rank is not None]
    if len(scored) < 2:
        return None
    values = [s.value for _, _, s in scored if s]
    efforts = [s.effort for _, _, s in scored if s]
    top_value, top_effort = max(values) * 1.1 or 1, max(efforts) * 1.1 or 1
    points = tuple(
        ChartPoint(str(rank), item.text, score.effort / top_effort, score.value / top_value)
        for rank, item, score in scored
        if score
    )
    return ValueEffort(
        METHOD_NAMES[plan.method],
        points,
        statistics.median(efforts) / top_effort,
        statistics.median(values) / top_value,
        w.value,
        w.effort,
    )


def _row(rank: int | None, item: PlanItem, method: Method, w: Words, lang: Language) -> PlanRow:
    score = item.score(method)
    return PlanRow(
        str(rank) if rank is not None else "",
        number(score.score, lang) if score else "",
        number(score.value, lang) if score else "",
        number(score.effort, lang) if score else "",
        item.text,
        item.stage,
        item.status,
        w.statuses[item.status],
        item.owner or "",
        item.due or "",
        ", ".join(item.personas),
        tuple(pain.text for pain in item.fixes),
        tuple(moved(m, lang) for m in item.moves),
        item.hypothesis or "",
        item.ticket or "",
        evidence_summary(item.evidence, item.confidence, w),
        w.confidences[item.confidence] if item.confidence else "",
        f"{item.path}:{item.line}" if item.line else item.path,
        item.where,
        item,
    )


def moved(m: KpiMoved, lang: Language) -> str:
    """ "Cart abandonment: 78 % → 70 % (−8 %)", or "Cart abandonment: −8 %" without an actual value."""
    unit = f" {m.unit}" if m.unit else ""
    change = ("+" if m.by > 0 else "") + number(m.by, lang) + unit
    if m.actual is None or m.expected is None:
        return f"{m.name}: {change}"
    return f"{m.name}: {number(m.actual, lang)}{unit} → {number(m.expected, lang)}{unit} ({change})"


def evidence_summary(count: int, confidence: Confidence | None, w: Words) -> str:
    parts = [str(count)] if count else []
    if confidence:
        parts.append(w.confidences[confidence])
    return " · ".join(parts)


def evidence_lines(evidence: Sequence[Evidence], w: Words) -> tuple[EvidenceLine, ...]:
    """Each piece of evidence in a line: "interview · Interview 4 · 2025-04-11 · × 12: “quote”", with its link."""
    lines = []
    for e in evidence:
        parts = [w.evidence_kinds[e.kind], *(x for x in (e.source, e.date) if x)]
        if e.count is not None:
            parts.append(f"× {e.count}")
        line = " · ".join(parts)
        lines.append(EvidenceLine(f"{line}: “{e.quote}”" if e.quote else line, e.link or ""))
    return tuple(lines)
