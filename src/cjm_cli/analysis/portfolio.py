"""A map in a few figures, for the portfolio index (`cjm render --index`): what it is, who it is for, how its
funnels convert, which KPIs miss their targets, how many pains are still open, its opportunities by status and
when it is next reviewed. Numbers and the map's own words only; `views/portfolio.py` and `render/index.py` write
them.

The figures are those of `metrics.py` and `plan.py`, not computed again:

- a funnel's entry is the count of the first stage of its chain, won the count of its success stages, its
  conversion the overall conversion (`FunnelMetrics.overall`);
- a KPI is off target when `metrics.measure_kpi` says it missed (KPIs without both values are not);
- a pain is open unless an opportunity whose status is `done` names it in `fixes` (a pain without an `id` can
  be fixed by none, so it stays open);
- the next review is `review_every` after `reviewed`, by the calendar (`core.model.after`), as the report says.
  Whether it is overdue depends on the day the index is made for (`overdue`), never on the clock.

A summary is small and survives JSON both ways (`to_data`, `from_data`): stamps keep it, so that a map nothing
has changed appears in the index without being read again.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..core.language import Language
from ..core.model import Direction, JourneyMap, MapType, PlanStatus, after
from .metrics import FunnelKind, measure
from .plan import OPEN, STATUSES, plan_items


@dataclass(frozen=True)
class FunnelSummary:
    """The leads, or one deal pipeline, from entry to won."""

    key: str
    kind: FunnelKind
    name: str | None
    """The pipeline's name; None for the leads."""
    entry: int | None
    """The count of the first stage of the chain."""
    won: int | None
    conversion: float | None
    """won / entry at the first success stage (`FunnelMetrics.overall`)."""
    revenue: float | None
    currency: str | None
    period: str | None


@dataclass(frozen=True)
class OffTarget:
    """A KPI that missed its target."""

    stage: str
    name: str
    actual: float
    target: float
    unit: str | None
    better: Direction
    gap: float
    """actual - target."""


@dataclass(frozen=True)
class Review:
    reviewed: str | None
    """The day the map was last checked (YYYY-MM-DD), as written."""
    every: str | None
    """`review_every`, as written: `3 months`."""
    due: str | None
    """The day of the next review; None without both `reviewed` and `review_every`."""

    def overdue(self, today: date | None) -> bool | None:
        """Whether the next review is before `today`; None when `today` or the due day is not known."""
        if today is None or self.due is None:
            return None
        return date.fromisoformat(self.due) < today


@dataclass(frozen=True)
class MapSummary:
    title: str
    type: MapType
    lang: Language
    owner: str | None
    personas: tuple[str, ...]
    """The personas' names, in the map's order."""
    funnels: tuple[FunnelSummary, ...]
    kpis: int
    """How many KPIs the journey has."""
    off_target: tuple[OffTarget, ...]
    pains: int
    open_pains: int
    opportunities: dict[PlanStatus, int]
    """How many opportunities of each status, in the order of `plan.STATUSES`, the statuses with none left out."""
    review: Review | None
    """None when the map gives neither `reviewed` nor `review_every`."""

    @property
    def open_opportunities(self) -> int:
        return sum(count for status, count in self.opportunities.items() if status in OPEN)


def summarise(journey_map: JourneyMap, path: str = "") -> MapSummary:
    """The summary of a checked map (read from `path`)."""
    m = journey_map
    figures = measure(m)
    items = plan_items(m, path)
    fixed = {pain.id for item in items if item.status == "done" for pain in item.fixes}
    pains = [p for s in (m.journey.stages if m.journey else []) for p in s.pains]
    statuses = [item.status for item in items]
    review = None
    if m.reviewed or m.review_every:
        due = (
            after(date.fromisoformat(m.reviewed), m.review_every).isoformat() if m.reviewed and m.review_every else None
        )
        review = Review(m.reviewed, m.review_every, due)
    return MapSummary(
        title=m.title,
        type=m.type,
        lang=m.lang,
        owner=m.owner,
        personas=tuple(p.name for p in m.personas),
        funnels=tuple(
            FunnelSummary(
                f.key,
                f.kind,
                f.name,
                next((s.count for s in f.stages if s.meaning != "failure"), None),
                f.won,
                f.overall,
                f.revenue,
                f.currency,
                f.period,
            )
            for f in figures.funnels
        ),
        kpis=len(figures.kpis),
        off_target=tuple(
            OffTarget(k.stage, k.name, k.actual, k.target, k.unit, k.better, k.gap)
            for k in figures.kpis
            if k.status == "missed" and k.actual is not None and k.target is not None and k.gap is not None
        ),
        pains=len(pains),
        open_pains=sum(1 for p in pains if p.id is None or p.id not in fixed),
        opportunities={s: statuses.count(s) for s in STATUSES if s in statuses},
        review=review,
    )


@functools.cache
def _adapter() -> TypeAdapter[MapSummary]:
    return TypeAdapter(MapSummary)


def to_data(summary: MapSummary) -> dict[str, Any]:
    """The summary as plain JSON data (numbers as numbers, tuples as lists)."""
    data: dict[str, Any] = _adapter().dump_python(summary, mode="json")
    return data


def from_data(data: object) -> MapSummary | None:
    """A summary written by `to_data`; None when `data` is not one (a stamp edited by hand, or older)."""
    try:
        summary = _adapter().validate_python(data, strict=False)
    except ValidationError:
        return None
    # JSON objects come back in any order (stamps are written with sorted keys): the statuses in theirs
    counts = summary.opportunities
    return replace(summary, opportunities={status: counts[status] for status in STATUSES if status in counts})
