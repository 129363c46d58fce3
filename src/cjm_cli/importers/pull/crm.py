"""What a Bitrix24 portal says about the map's sales system: its funnels (the lead statuses; each deal pipeline,
named by `crm.category.list`), their stages in the CRM's order, the lead sources; and, for a period, how many
leads and deals reached each stage, the deals' amounts, and the leads, deals, sales and revenue of each source.

How figures are counted from the leads and deals created in the period (`DATE_CREATE`):

- A stage's `count` is how many *reached* it, as a funnel counts: those at the stage now, and those at any
  later stage of the chain (its `progress` and `success` stages in the CRM's order). The first stage of the
  chain also counts those that failed (every lead or deal starts there); a `failure` stage counts those at
  it now. Where a failed lead or deal had got to is not in the list methods' answer, so it is not counted
  at the stages between.
- A deal stage's `amount` is the sum of `OPPORTUNITY` of the deals its `count` counts.
- A source's `leads` and `deals` are those with its `SOURCE_ID`; `sales` the deals won (`STAGE_SEMANTIC_ID`
  `S`), `revenue` their `OPPORTUNITY`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from ...core.period import Period
from ..common import one_line
from .portal import Portal

_DEAL_STAGE = re.compile(r"^DEAL_STAGE(?:_(\d+))?$")
_MEANINGS = {"process": "progress", "success": "success", "failure": "failure", "apology": "failure"}
_SHORT = {"S": "success", "F": "failure"}

LEAD_FIELDS = ["ID", "STATUS_ID", "SOURCE_ID"]
DEAL_FIELDS = ["ID", "CATEGORY_ID", "STAGE_ID", "STAGE_SEMANTIC_ID", "SOURCE_ID", "OPPORTUNITY", "CURRENCY_ID"]


@dataclass(frozen=True)
class Stage:
    id: str
    """As the CRM writes it: `NEW`, `C1:PREPAYMENT_INVOICE`, `UC_3XK9ZT`."""
    name: str
    meaning: str
    count: int | None = None
    amount: float | None = None


@dataclass(frozen=True)
class Funnel:
    category: int | None
    """The deal pipeline's number (0 for the general one); None for the leads."""
    name: str | None
    """The pipeline's name; None for the leads, or a pipeline `crm.category.list` did not name."""
    sort: int
    stages: tuple[Stage, ...]
    currencies: tuple[str, ...] = ()
    """The currencies of the deals counted, when figures were read."""


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    leads: int | None = None
    deals: int | None = None
    sales: int | None = None
    revenue: float | None = None
    currencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Crm:
    leads: Funnel | None
    pipelines: tuple[Funnel, ...]
    sources: tuple[Source, ...]
    period: Period | None = None
    """The period of the figures; None when only the structure was read."""
    notes: tuple[str, ...] = field(default=())
    """What could not be counted (a deal at a stage the CRM does not list...)."""


def read_structure(portal: Portal) -> Crm:
    """The funnels, stages and sources, without figures: two or three requests."""
    statuses = portal.statuses()
    names: dict[int, tuple[str, int]] = {}
    for category in portal.categories():
        number = _int(category.get("id"))
        if number is not None:
            names[number] = (_text(category.get("name")), _int(category.get("sort")) or 0)
    return _structure(statuses, names)


def read_figures(portal: Portal, period: Period) -> Crm:
    """The structure, and the figures of the leads and deals created in `period`."""
    crm = read_structure(portal)
    created = {">=DATE_CREATE": period.first.isoformat(), "<DATE_CREATE": (period.last + timedelta(days=1)).isoformat()}
    leads = portal.listed("crm.lead.list", created, LEAD_FIELDS)
    deals = portal.listed("crm.deal.list", created, DEAL_FIELDS)
    return count(crm, leads, deals, period)


def count(crm: Crm, leads: list[dict[str, Any]], deals: list[dict[str, Any]], period: Period) -> Crm:
    """`crm` with the figures of `leads` and `deals` (as crm.lead.list and crm.deal.list list them)."""
    notes: list[str] = []
    lead_counts = Counter(_text(lead.get("STATUS_ID")) for lead in leads)
    funnel = crm.leads
    if funnel is not None:
        funnel = _reached(funnel, lead_counts, {}, (), notes, "leads")
    stage_counts: dict[int, Counter[str]] = defaultdict(Counter)
    stage_amounts: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    currencies: dict[int, set[str]] = defaultdict(set)
    for deal in deals:
        category = _int(deal.get("CATEGORY_ID")) or 0
        stage = _text(deal.get("STAGE_ID"))
        stage_counts[category][stage] += 1
        stage_amounts[category][stage] += _amount(deal.get("OPPORTUNITY"))
        if currency := _text(deal.get("CURRENCY_ID")):
            currencies[category].add(currency)
    pipelines = tuple(
        _reached(p, stage_counts[p.category or 0], stage_amounts[p.category or 0], currencies[p.category or 0], notes)
        for p in crm.pipelines
    )
    unknown = sorted(set(stage_counts) - {p.category for p in crm.pipelines})
    notes += [
        f"{sum(stage_counts[c].values())} deal(s) of pipeline {c}, which crm.status.list does not list" for c in unknown
    ]
    return replace(
        crm,
        leads=funnel,
        pipelines=pipelines,
        sources=_sources(crm.sources, leads, deals),
        period=period,
        notes=tuple(notes),
    )


def _reached(
    funnel: Funnel,
    counts: Counter[str],
    amounts: dict[str, float],
    currencies: set[str] | tuple[str, ...],
    notes: list[str],
    what: str = "deals",
) -> Funnel:
    chain = [s for s in funnel.stages if s.meaning != "failure"]
    failed = [s for s in funnel.stages if s.meaning == "failure"]
    known = {s.id for s in funnel.stages}
    stray = sum(n for stage, n in counts.items() if stage not in known)
    if stray:
        where = "the leads" if funnel.category is None else f"pipeline {funnel.category}"
        notes.append(f"{stray} {what} at stages that {where} does not list in crm.status.list")
    later_count = 0
    later_amount = 0.0
    figures: dict[str, tuple[int, float]] = {}
    for stage in reversed(chain):
        later_count += counts[stage.id]
        later_amount += amounts.get(stage.id, 0.0)
        figures[stage.id] = (later_count, later_amount)
    for stage in failed:
        figures[stage.id] = (counts[stage.id], amounts.get(stage.id, 0.0))
    if chain:
        entry = figures[chain[0].id]
        figures[chain[0].id] = (
            entry[0] + sum(counts[s.id] for s in failed),
            entry[1] + sum(amounts.get(s.id, 0.0) for s in failed),
        )
    deals = funnel.category is not None
    stages = tuple(
        replace(s, count=figures[s.id][0], amount=_rounded(figures[s.id][1]) if deals else None) for s in funnel.stages
    )
    return replace(funnel, stages=stages, currencies=tuple(sorted(currencies)))


def _sources(
    sources: tuple[Source, ...], leads: list[dict[str, Any]], deals: list[dict[str, Any]]
) -> tuple[Source, ...]:
    lead_counts = Counter(_text(lead.get("SOURCE_ID")) for lead in leads)
    deal_counts: Counter[str] = Counter()
    sales: Counter[str] = Counter()
    revenue: dict[str, float] = defaultdict(float)
    currencies: dict[str, set[str]] = defaultdict(set)
    for deal in deals:
        source = _text(deal.get("SOURCE_ID"))
        deal_counts[source] += 1
        if _text(deal.get("STAGE_SEMANTIC_ID")) == "S":
            sales[source] += 1
            revenue[source] += _amount(deal.get("OPPORTUNITY"))
            if currency := _text(deal.get("CURRENCY_ID")):
                currencies[source].add(currency)
    return tuple(
        replace(
            s,
            leads=lead_counts[s.id],
            deals=deal_counts[s.id],
            sales=sales[s.id],
            revenue=_rounded(revenue[s.id]),
            currencies=tuple(sorted(currencies[s.id])),
        )
        for s in sources
    )


def _structure(statuses: list[dict[str, Any]], names: dict[int, tuple[str, int]]) -> Crm:
    leads: list[tuple[int, int, Stage]] = []
    sources: list[tuple[int, int, Source]] = []
    categories: dict[int, list[tuple[int, int, Stage]]] = defaultdict(list)
    for order, item in enumerate(statuses):
        entity, status_id = _text(item.get("ENTITY_ID")), _text(item.get("STATUS_ID"))
        if not status_id:
            continue
        name = _text(item.get("NAME")) or status_id
        sort = _int(item.get("SORT"))
        key = (sort if sort is not None else 1 << 62, order)
        if entity == "STATUS":
            leads.append((*key, Stage(status_id, name, _meaning(item))))
        elif entity == "SOURCE":
            sources.append((*key, Source(status_id, name)))
        elif match := _DEAL_STAGE.match(entity):
            categories[int(match[1] or 0)].append((*key, Stage(status_id, name, _meaning(item))))
    pipelines = [
        Funnel(number, names.get(number, (None, 0))[0] or None, names.get(number, ("", 0))[1], _in_order(stages))
        for number, stages in categories.items()
    ]
    pipelines.sort(key=lambda p: (p.sort, p.category or 0))
    return Crm(
        Funnel(None, None, 0, _in_order(leads)) if leads else None,
        tuple(pipelines),
        tuple(source for *_, source in sorted(sources, key=lambda s: (s[0], s[1]))),
    )


def _in_order(stages: list[tuple[int, int, Stage]]) -> tuple[Stage, ...]:
    return tuple(stage for *_, stage in sorted(stages, key=lambda s: (s[0], s[1])))


def _meaning(item: dict[str, Any]) -> str:
    extra = item.get("EXTRA")
    semantics = extra.get("SEMANTICS") if isinstance(extra, dict) else None
    if isinstance(semantics, str) and semantics in _MEANINGS:
        return _MEANINGS[semantics]
    return _SHORT.get(_text(item.get("SEMANTICS")), "progress")


def _text(value: Any) -> str:
    return one_line(str(value))[:200] if value is not None else ""


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,12}\s*", value):
        return int(value)
    return None


def _amount(value: Any) -> float:
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return 0.0
    return amount if math.isfinite(amount) and amount >= 0 else 0.0


def _rounded(value: float) -> float:
    return round(value, 2)
