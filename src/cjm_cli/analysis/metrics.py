"""Stage 4b, metrics: the figures a checked map's counts, amounts and KPI values give, as numbers.

Between check and build: the build stage, `cjm stats` and the report format what is computed here, so every
output shows the same figures. Numbers only, never text; None where a figure is undefined. The definitions
below are also in docs/metrics.md, with a worked example.

- A funnel is the lead stages, or one deal pipeline. Its *chain* is its `progress` and `success` stages in
  the order written; its `failure` stages are exits beside the chain, not steps of it.
- A *step* joins two consecutive stages of the chain. Its conversion is the later stage's count divided by the
  earlier one's; it is undefined (None) when either count is missing or the earlier count is zero. A stage
  without a count breaks the chain there: the steps into it and out of it are both undefined, because how
  many deals got through it is not known (bridging it would pass two steps off as one).
- The *entry* is the first stage of the chain. A stage's share of the entry is its count divided by the
  entry's count; the funnel's overall conversion is that share for its first `success` stage (undefined
  without a success stage after the entry).
- The biggest drop-off is the step that loses the largest share of what entered it (the lowest conversion),
  ties going to the earliest step; a step that loses nothing is never one. A share, not a count of deals:
  counts shrink along a funnel, so the largest count lost is almost always at the first step and says
  little; the share says where a deal that got this far is most likely to be lost.
- Won is the count of the `success` stages, lost the count of the `failure` stages, revenue the amount of the
  `success` stages, each summed, and each undefined when one of the stages it sums has no value (a total
  with a part missing is not the total). The average deal is revenue / won, undefined when won is zero.
- A KPI has met its target when its actual value is at least the target (`better: higher`) or at most it
  (`better: lower`); missed when not; unknown without both values. Its gap is actual - target.
- A channel's cost is the sum of the `cost` of the campaigns whose `channel` it is: undefined when it has none,
  when one of them has no cost, or when their costs and the channel's figures do not go together (pulled for
  different periods, or in different currencies). Its cost per lead is cost / `leads`, cost per sale
  cost / `sales`, return on ad spend `revenue` / cost; each undefined when what it divides by is zero or
  missing. A campaign has these figures too when it is the only campaign of its channel (its channel's leads
  are then its leads); its cost per click is cost / `clicks`.
- The emotion curves' figures, on the map's `emotion_scale`, are `analysis/emotions.py`'s.
A value that is not a finite number (`.inf`, `.nan`) counts as not given.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from ..core.model import (
    Campaign,
    Channel,
    DealStage,
    Direction,
    JourneyMap,
    Kpi,
    Leads,
    LeadStage,
    Meaning,
    Pipeline,
    Pulled,
)
from .emotions import EmotionFigures, emotion_figures

FunnelKind = Literal["leads", "pipeline"]
KpiStatus = Literal["met", "missed", "unknown"]
LEADS_KEY = "leads"


@dataclass(frozen=True)
class StageFigures:
    """One stage of a funnel as written, with its share of the entry."""

    id: str
    name: str
    meaning: Meaning
    count: int | None
    amount: float | None
    of_entry: float | None
    """count / the entry stage's count (1.0 for the entry itself); None when undefined."""


@dataclass(frozen=True)
class Step:
    """Two consecutive stages of a funnel's chain."""

    from_stage: str
    """Stage id."""
    to_stage: str
    from_count: int | None
    to_count: int | None
    conversion: float | None
    """to_count / from_count, or None when either is missing or from_count is zero."""

    @property
    def lost(self) -> int | None:
        """How many fewer reached the later stage (negative when more did); None when undefined."""
        if self.conversion is None or self.from_count is None or self.to_count is None:
            return None
        return self.from_count - self.to_count


@dataclass(frozen=True)
class FunnelMetrics:
    """The figures of the leads or of one deal pipeline."""

    key: str
    """`leads`, or the pipeline's id."""
    name: str | None
    """The pipeline's name; None for the leads, which have none in the map."""
    kind: FunnelKind
    period: str | None
    currency: str | None
    stages: tuple[StageFigures, ...]
    """Every stage, in the order written: the chain and the exits."""
    steps: tuple[Step, ...]
    overall: float | None
    """The first success stage's count / the entry's count."""
    outcome: str | None
    """Id of the success stage the overall conversion is measured at."""
    drop_off: int | None
    """Index in `steps` of the biggest drop-off; None when no step loses anything."""
    won: int | None
    lost: int | None
    revenue: float | None
    average_deal: float | None
    pulled: Pulled | None = None
    """Where the counts and amounts were pulled from, if they were."""

    @property
    def biggest_drop_off(self) -> Step | None:
        return None if self.drop_off is None else self.steps[self.drop_off]

    @property
    def has_figures(self) -> bool:
        """Whether any stage has a count or an amount."""
        return any(s.count is not None or s.amount is not None for s in self.stages)


@dataclass(frozen=True)
class KpiMetrics:
    """A KPI of a journey stage, measured against its target."""

    stage_id: str
    stage: str
    """The stage's name."""
    name: str
    target: float | None
    actual: float | None
    unit: str | None
    better: Direction
    period: str | None
    status: KpiStatus
    gap: float | None
    """actual - target; None when either is unknown."""
    pulled: Pulled | None = None


@dataclass(frozen=True)
class Returns:
    """What paid traffic cost and brought: per channel, or per campaign."""

    key: str
    """The channel's or the campaign's id."""
    cost: float | None
    leads: int | None
    sales: int | None
    revenue: float | None
    currency: str | None
    cost_per_lead: float | None
    cost_per_sale: float | None
    return_on_ad_spend: float | None
    """revenue / cost: 3.4 when every 1 spent brought 3.4 back."""
    cost_per_click: float | None = None


@dataclass(frozen=True)
class MapMetrics:
    funnels: tuple[FunnelMetrics, ...]
    """The leads first (when the map has them), then the pipelines in order."""
    kpis: tuple[KpiMetrics, ...]
    """Every KPI of every journey stage, in order."""
    channels: tuple[Returns, ...] = ()
    """Channels that campaigns name as theirs, in the map's order."""
    campaigns: tuple[Returns, ...] = ()
    """Every campaign, in the map's order."""
    emotions: EmotionFigures | None = None
    """The figures of the emotion curves, on the map's scale; None without any emotion."""

    @property
    def has_figures(self) -> bool:
        known = any(f.has_figures for f in self.funnels) or any(k.status != "unknown" for k in self.kpis)
        return known or self.emotions is not None


def measure(journey_map: JourneyMap) -> MapMetrics:
    """Every figure of a checked map."""
    funnels = [lead_metrics(journey_map.leads)] if journey_map.leads else []
    funnels += [pipeline_metrics(p) for p in journey_map.deals]
    channels = channel_returns(journey_map)
    campaigns = campaign_returns(journey_map, channels)
    return MapMetrics(tuple(funnels), kpi_metrics(journey_map), channels, campaigns, emotion_figures(journey_map))


def lead_metrics(leads: Leads) -> FunnelMetrics:
    return replace(_funnel(LEADS_KEY, None, "leads", leads.period, None, leads.stages), pulled=leads.pulled)


def pipeline_metrics(pipeline: Pipeline) -> FunnelMetrics:
    funnel = _funnel(pipeline.id, pipeline.name, "pipeline", pipeline.period, pipeline.currency, pipeline.stages)
    return replace(funnel, pulled=pipeline.pulled)


def channel_returns(journey_map: JourneyMap) -> tuple[Returns, ...]:
    """The returns of each channel some campaign names as its own."""
    by_channel: dict[str, list[Campaign]] = {}
    for campaign in journey_map.ppc:
        if campaign.channel is not None:
            by_channel.setdefault(campaign.channel, []).append(campaign)
    return tuple(_returns(c, by_channel[c.id]) for c in journey_map.channels if c.id in by_channel)


def campaign_returns(journey_map: JourneyMap, channels: tuple[Returns, ...]) -> tuple[Returns, ...]:
    """Each campaign's cost per click; and, when it is the only campaign of its channel, that channel's returns."""
    campaigns_of = Counter(c.channel for c in journey_map.ppc if c.channel)
    by_key = {r.key: r for r in channels}
    found = []
    for campaign in journey_map.ppc:
        cost = _finite(campaign.cost)
        per_click = _divided(cost, campaign.clicks)
        returns = by_key.get(campaign.channel or "") if campaigns_of[campaign.channel or ""] == 1 else None
        if returns is not None:
            found.append(replace(returns, key=campaign.id, cost_per_click=per_click))
        else:
            currency = campaign.currency
            found.append(Returns(campaign.id, cost, None, None, None, currency, None, None, None, per_click))
    return tuple(found)


def _returns(channel: Channel, campaigns: list[Campaign]) -> Returns:
    costs = [_finite(c.cost) for c in campaigns]
    currencies = {c.currency.casefold() for c in campaigns if c.currency} | (
        {channel.currency.casefold()} if channel.currency else set()
    )
    periods = {c.pulled.period for c in campaigns if c.pulled and c.pulled.period}
    periods |= {channel.pulled.period} if channel.pulled and channel.pulled.period else set()
    cost = _total_amount(costs) if len(currencies) <= 1 and len(periods) <= 1 else None
    currency = next((c.currency for c in campaigns if c.currency), channel.currency)
    revenue = _finite(channel.revenue)
    return Returns(
        channel.id,
        cost,
        channel.leads,
        channel.sales,
        revenue,
        currency,
        _divided(cost, channel.leads),
        _divided(cost, channel.sales),
        _divided(revenue, cost),
    )


def _divided(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or not whole > 0:
        return None
    return _finite(part / whole)


def kpi_metrics(journey_map: JourneyMap) -> tuple[KpiMetrics, ...]:
    stages = journey_map.journey.stages if journey_map.journey else []
    return tuple(measure_kpi(s.id, s.name, k) for s in stages for k in s.kpis)


def measure_kpi(stage_id: str, stage: str, kpi: Kpi) -> KpiMetrics:
    target, actual = _finite(kpi.target), _finite(kpi.actual)
    status: KpiStatus = "unknown"
    gap = None
    if target is not None and actual is not None:
        met = actual >= target if kpi.better == "higher" else actual <= target
        status = "met" if met else "missed"
        gap = _finite(actual - target)
    return KpiMetrics(
        stage_id, stage, kpi.name, target, actual, kpi.unit, kpi.better, kpi.period, status, gap, kpi.pulled
    )


def _funnel(
    key: str,
    name: str | None,
    kind: FunnelKind,
    period: str | None,
    currency: str | None,
    stages: list[LeadStage] | list[DealStage],
) -> FunnelMetrics:
    chain = [s for s in stages if s.meaning != "failure"]
    entry = chain[0].count if chain else None
    figures = tuple(
        StageFigures(s.id, s.name, s.meaning, s.count, _amount(s), _ratio(s.count, entry) if chain else None)
        for s in stages
    )
    steps = tuple(
        Step(before.id, after.id, before.count, after.count, _ratio(after.count, before.count))
        for before, after in itertools.pairwise(chain)
    )
    outcome = next((s for s in chain[1:] if s.meaning == "success"), None)
    won = [s for s in stages if s.meaning == "success"]
    won_count = _total_count([s.count for s in won])
    revenue = _total_amount([_amount(s) for s in won])
    return FunnelMetrics(
        key,
        name,
        kind,
        period,
        currency,
        figures,
        steps,
        _ratio(outcome.count, entry) if outcome else None,
        outcome.id if outcome else None,
        _biggest_drop_off(steps, {s.id for s in won}),
        won_count,
        _total_count([s.count for s in stages if s.meaning == "failure"]),
        revenue,
        _average(revenue, won_count),
    )


def _biggest_drop_off(steps: tuple[Step, ...], outcomes: set[str]) -> int | None:
    """Index of the step losing the largest share of its deals; the earliest of equals; None if none loses.
    A step out of a won stage (into a second won stage, say) loses nothing: those deals are won already."""
    best: int | None = None
    best_loss = Fraction(0)
    for i, step in enumerate(steps):
        if step.from_stage in outcomes:
            continue
        if step.conversion is None or not step.from_count or step.to_count is None:
            continue  # undefined (a defined conversion has both counts, the first above zero)
        loss = Fraction(step.from_count - step.to_count, step.from_count)  # exact: equal shares tie
        if loss > best_loss:
            best, best_loss = i, loss
    return best


def _ratio(part: int | None, whole: int | None) -> float | None:
    """part / whole; None when either is unknown or whole is zero (nothing to divide by)."""
    if part is None or whole is None or whole <= 0:
        return None
    return part / whole


def _amount(stage: LeadStage | DealStage) -> float | None:
    return _finite(stage.amount) if isinstance(stage, DealStage) else None


def _total_count(counts: list[int | None]) -> int | None:
    """The sum, or None when there is nothing to sum or a count is missing."""
    if not counts or None in counts:
        return None
    return sum(c for c in counts if c is not None)


def _total_amount(amounts: list[float | None]) -> float | None:
    """The sum, or None when there is nothing to sum or an amount is missing (or the sum overflows)."""
    if not amounts or None in amounts:
        return None
    try:
        return _finite(math.fsum(a for a in amounts if a is not None))
    except OverflowError:  # amounts near the largest float
        return None


def _average(revenue: float | None, won: int | None) -> float | None:
    return None if revenue is None or not won else revenue / won


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None
